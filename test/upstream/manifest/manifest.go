// Package manifest reads the objects of YAML files and writes findings as JSON lines, for the programs that
// check them against upstream code (admission webhooks, a real API server).
package manifest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// Object is one object of a file: its YAML exactly as in the file, as JSON, and decoded.
type Object struct {
	File string
	Raw  []byte
	JSON []byte
	Obj  *unstructured.Unstructured
}

// Describe is "Kind namespace/name" ("name*" for a generateName).
func Describe(o *unstructured.Unstructured) string {
	ns := o.GetNamespace()
	if ns != "" {
		ns += "/"
	}
	name := o.GetName()
	if name == "" {
		name = o.GetGenerateName() + "*"
	}
	return fmt.Sprintf("%s %s%s", o.GetKind(), ns, name)
}

// ReadFile returns every object of a YAML file (empty documents are skipped). A key given twice is an error,
// as the API server's strict field validation makes it.
func ReadFile(file string) ([]Object, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var out []Object
	for {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		js, err := yaml.YAMLToJSONStrict(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
			continue
		}
		obj := &unstructured.Unstructured{}
		if err := obj.UnmarshalJSON(js); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		out = append(out, Object{File: file, Raw: raw, JSON: js, Obj: obj})
	}
}

// StrictDecode decodes JSON into target with unknown fields as errors, metadata included (knative's webhook
// decoder skips metadata, which the API server checks).
func StrictDecode(js []byte, target interface{}) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	return dec.Decode(target)
}

var mu sync.Mutex

// Emit writes one finding as a JSON line on stdout.
func Emit(finding interface{}) {
	mu.Lock()
	defer mu.Unlock()
	line, _ := json.Marshal(finding)
	fmt.Println(string(line))
}
