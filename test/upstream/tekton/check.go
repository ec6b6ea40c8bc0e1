package main

import (
	"encoding/json"
	"fmt"
	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	"strings"

	triggersv1beta1 "github.com/tektoncd/triggers/pkg/apis/triggers/v1beta1"
	"github.com/tektoncd/triggers/pkg/template"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func (h *webhooks) check(s manifest.Object) {
	gvk := s.Obj.GroupVersionKind()
	object := manifest.Describe(s.Obj)
	switch gvk.Group {
	case "tekton.dev":
		h.pipeline.run(s.File, object, "", s.JSON, gvk, s.Obj.GetNamespace())
	case "triggers.tekton.dev":
		h.triggers.run(s.File, object, "", s.JSON, gvk, s.Obj.GetNamespace())
		if gvk.Kind == "TriggerTemplate" {
			h.resourceTemplates(s, object)
		}
	case "pipeline.jquad.rocks":
		if gvk.Kind != "PipelineTrigger" {
			emit(Finding{Kind: "unchecked", File: s.File, Object: object, Message: fmt.Sprintf("no check of %s here", gvk)})
			return
		}
		h.pipelineTrigger(s, object)
	}
}

// run admits one object through the webhook and reports what it said.
func (w webhook) run(file, object, via string, js []byte, gvk schema.GroupVersionKind, namespace string) {
	if _, ok := w.types[gvk]; !ok {
		emit(Finding{Kind: "unchecked", File: file, Object: object, Via: via, Message: fmt.Sprintf("the %s webhook admits no %s", w.name, gvk)})
		return
	}
	errs, warnings, err := w.admit(js, gvk, namespace)
	if err != nil {
		errs = append(errs, err.Error())
	}
	for _, e := range errs {
		emit(Finding{Kind: "error", File: file, Object: object, Via: via, Webhook: w.name, Message: e})
	}
	for _, e := range warnings {
		emit(Finding{Kind: "warning", File: file, Object: object, Via: via, Webhook: w.name, Message: e})
	}
	emit(Finding{Kind: "checked", File: file, Object: object, Via: via, Webhook: w.name})
}

// made routes an object that a controller makes at run time to the webhook of its group.
func (h *webhooks) made(file, object, via string, js []byte, namespace string) {
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(js); err != nil {
		emit(Finding{Kind: "error", File: file, Object: object, Via: via, Message: err.Error()})
		return
	}
	gvk := obj.GroupVersionKind()
	switch gvk.Group {
	case "tekton.dev":
		h.pipeline.run(file, object, via, js, gvk, namespace)
	case "triggers.tekton.dev":
		h.triggers.run(file, object, via, js, gvk, namespace)
	default:
		emit(Finding{Kind: "unchecked", File: file, Object: object, Via: via, Message: fmt.Sprintf("no admission check of %s here", gvk)})
	}
}

// resourceTemplates checks what the EventListener creates from the TriggerTemplate: its resource templates
// with every $(tt.params.*) replaced (triggers pkg/template/event.go@v0.37.0, ResolveResources) and the labels
// it adds (pkg/resources/create.go@v0.37.0, Create), in the EventListener's namespace (the template's).
func (h *webhooks) resourceTemplates(s manifest.Object, object string) {
	if s.Obj.GroupVersionKind().Version != "v1beta1" {
		emit(Finding{Kind: "unchecked", File: s.File, Object: object, Via: "spec.resourcetemplates", Message: "only v1beta1 TriggerTemplates are expanded"})
		return
	}
	tt := &triggersv1beta1.TriggerTemplate{}
	if err := json.Unmarshal(s.JSON, tt); err != nil {
		return // reported by the webhook above
	}
	var params []triggersv1beta1.Param
	for _, p := range tt.Spec.Params {
		def := ""
		if p.Default != nil {
			def = *p.Default
		}
		params = append(params, triggersv1beta1.Param{Name: p.Name, Value: plausible(p.Name, def)})
	}
	for i, raw := range template.ResolveResources(tt, params) {
		made := &unstructured.Unstructured{}
		via := fmt.Sprintf("spec.resourcetemplates[%d]", i)
		if err := made.UnmarshalJSON(raw); err != nil {
			emit(Finding{Kind: "error", File: s.File, Object: object, Via: via, Message: fmt.Sprintf("not an object once its params are replaced: %v", err)})
			continue
		}
		labels := made.GetLabels()
		if labels == nil {
			labels = map[string]string{}
		}
		labels["triggers.tekton.dev/eventlistener"] = "listener"
		labels["triggers.tekton.dev/triggers-eventid"] = "0b1c5f1e-3c5d-4d8e-9f6a-2b7c8d9e0f1a"
		labels["triggers.tekton.dev/trigger"] = "push"
		made.SetLabels(labels)
		js, _ := made.MarshalJSON()
		h.made(s.File, object, via, js, s.Obj.GetNamespace())
	}
}

const sampleCommit = "3f786850e387550fdab836ed7e6dc881de23001b"

// plausible is a value a param named so gets at run time: a commit for a revision, a URL for a url, ...;
// otherwise its default, or a word.
func plausible(name, def string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "revision") || strings.Contains(n, "commit") || strings.Contains(n, "sha"):
		return sampleCommit
	case strings.Contains(n, "url") || strings.HasPrefix(n, "repo"):
		return "https://github.com/example/app.git"
	case strings.Contains(n, "branch") || n == "ref":
		return "main"
	case strings.Contains(n, "image"):
		return "docker.io/example/app@sha256:" + strings.Repeat("ab", 32)
	case strings.Contains(n, "version") || strings.Contains(n, "tag"):
		return "1.2.3"
	case def != "":
		return def
	}
	return "value"
}
