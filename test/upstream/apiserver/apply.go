package main

import (
	"context"
	"fmt"
	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	"os"
	"path/filepath"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// fieldManager is the manager Argo CD applies with when ServerSideApply=true (argo-cd
// common/common.go@v3.5.1: ArgoCDSSAManager).
const fieldManager = "argocd-controller"

var crdResource = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// doc is one object of a file: its bytes exactly as in the file (the apply body) and its decoded form.
type doc struct {
	file File
	raw  []byte
	obj  *unstructured.Unstructured
}

func (d doc) describe() string { return manifest.Describe(d.obj) }

func readDocs(f File) ([]doc, error) {
	objects, err := manifest.ReadFile(f.Path)
	if err != nil {
		return nil, err
	}
	docs := make([]doc, len(objects))
	for i, o := range objects {
		docs[i] = doc{file: f, raw: o.Raw, obj: o.Obj}
	}
	return docs, nil
}

func runCluster(s *shared, index int, c Cluster) error {
	start := time.Now()
	dir := filepath.Join(s.workDir, fmt.Sprintf("cluster-%d", index))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	server, err := startAPIServer(s, index, dir)
	if err != nil {
		return err
	}
	defer server.stop()
	cl, err := server.connect(s.token, 3*time.Minute)
	if err != nil {
		return err
	}
	ctx := context.Background()
	report := func(kind, phase string, d doc, message string) {
		emit(Finding{Kind: kind, Cluster: c.Name, Phase: phase, File: d.file.Label, Object: d.describe(), Message: message})
	}

	// The platform's CRDs, then the namespaces Argo CD creates, then the objects.
	var crds []doc
	for _, path := range c.CRDs {
		docs, err := readDocs(File{Path: path, Label: path})
		if err != nil {
			return err
		}
		crds = append(crds, docs...)
	}
	if err := cl.installCRDs(ctx, crds, report); err != nil {
		return err
	}
	for _, ns := range c.Namespaces {
		d := doc{file: File{Label: "(Application destination, CreateNamespace=true)"}, obj: &unstructured.Unstructured{}}
		d.obj.SetAPIVersion("v1")
		d.obj.SetKind("Namespace")
		d.obj.SetName(ns)
		d.raw, _ = d.obj.MarshalJSON()
		if _, err := cl.apply(ctx, d, false); err != nil {
			report("error", "namespace", d, err.Error())
		}
	}
	var own, namespaces, rest []doc
	for _, f := range c.Files {
		docs, err := readDocs(f)
		if err != nil {
			return err
		}
		for _, d := range docs {
			switch d.obj.GroupVersionKind().GroupKind() {
			case schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}:
				own = append(own, d)
			case schema.GroupKind{Kind: "Namespace"}:
				namespaces = append(namespaces, d)
			default:
				rest = append(rest, d)
			}
		}
	}
	if err := cl.installCRDs(ctx, own, report); err != nil {
		return err
	}
	applied := len(own)
	for _, d := range append(namespaces, rest...) {
		ok := true
		for _, phase := range []string{"dry-run", "apply"} {
			warnings, err := cl.apply(ctx, d, phase == "dry-run")
			for _, w := range warnings {
				report("warning", phase, d, w)
			}
			if err != nil {
				report("error", phase, d, err.Error())
				ok = false
				break
			}
		}
		if ok {
			applied++
		}
	}
	emit(Finding{Kind: "summary", Cluster: c.Name, Applied: applied, CRDs: len(crds), Seconds: time.Since(start).Seconds()})
	return nil
}

// installCRDs applies CustomResourceDefinitions and waits until each is Established and discovery serves it.
func (cl *client) installCRDs(ctx context.Context, crds []doc, report func(kind, phase string, d doc, message string)) error {
	if len(crds) == 0 {
		return nil
	}
	for _, d := range crds {
		if d.obj.GetKind() != "CustomResourceDefinition" {
			return fmt.Errorf("%s: %s is not a CustomResourceDefinition", d.file.Label, d.describe())
		}
		warnings, err := cl.apply(ctx, d, false)
		for _, w := range warnings {
			report("warning", "crd", d, w)
		}
		if err != nil {
			report("error", "crd", d, err.Error())
		}
	}
	deadline := time.Now().Add(time.Minute)
	for _, d := range crds {
		for {
			got, err := cl.dynamic.Resource(crdResource).Get(ctx, d.obj.GetName(), metav1.GetOptions{})
			if err == nil && established(got) {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("CustomResourceDefinition %s not Established within a minute (%v)", d.obj.GetName(), err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	cl.mapper.Reset()
	return nil
}

func established(crd *unstructured.Unstructured) bool {
	conditions, _, _ := unstructured.NestedSlice(crd.Object, "status", "conditions")
	for _, c := range conditions {
		m, _ := c.(map[string]interface{})
		if m["type"] == "Established" && m["status"] == "True" {
			return true
		}
	}
	return false
}

// apply sends one object the way Argo CD's server-side apply does, with strict field validation: an unknown
// or duplicate field is an error, not a warning. An object with only generateName is created (Argo CD
// creates those; apply needs a name). Returns the response's warnings.
func (cl *client) apply(ctx context.Context, d doc, dryRun bool) ([]string, error) {
	gvk := d.obj.GroupVersionKind()
	mapping, err := cl.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		// Discovery may lag a CRD that just became Established.
		time.Sleep(time.Second)
		cl.mapper.Reset()
		mapping, err = cl.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("the server does not serve %s: %w", gvk, err)
	}
	resource := cl.dynamic.Resource(mapping.Resource)
	var target interface {
		Create(context.Context, *unstructured.Unstructured, metav1.CreateOptions, ...string) (*unstructured.Unstructured, error)
		Patch(context.Context, string, types.PatchType, []byte, metav1.PatchOptions, ...string) (*unstructured.Unstructured, error)
	} = resource
	if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		ns := d.obj.GetNamespace()
		if ns == "" {
			ns = d.file.Namespace
		}
		if ns == "" {
			return nil, fmt.Errorf("a namespaced %s without metadata.namespace, in a folder whose Application has no destination namespace", gvk.Kind)
		}
		target = resource.Namespace(ns)
	}
	var dry []string
	if dryRun {
		dry = []string{metav1.DryRunAll}
	}
	cl.warnings.take()
	if d.obj.GetName() == "" && d.obj.GetGenerateName() != "" {
		_, err = target.Create(ctx, d.obj, metav1.CreateOptions{DryRun: dry, FieldManager: fieldManager, FieldValidation: "Strict"})
	} else {
		force := true
		_, err = target.Patch(ctx, d.obj.GetName(), types.ApplyPatchType, d.raw, metav1.PatchOptions{DryRun: dry, Force: &force, FieldManager: fieldManager, FieldValidation: "Strict"})
	}
	return cl.warnings.take(), err
}
