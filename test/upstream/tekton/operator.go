package main

import (
	"encoding/json"
	"fmt"
	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	"strings"

	pipelinev1beta1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1beta1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// pipelineTrigger checks the PipelineRun the pipeline-trigger-operator creates from a PipelineTrigger, in
// either shape the library writes: operator v0.5.0+ (spec.pipelineRun, a whole PipelineRun) or v0.1.x
// (spec.pipeline, from which the operator builds a tekton.dev/v1beta1 PipelineRun).
func (h *webhooks) pipelineTrigger(s manifest.Object, object string) {
	spec, _, _ := unstructured.NestedMap(s.Obj.Object, "spec")
	namespace := s.Obj.GetNamespace()
	switch {
	case spec["pipelineRun"] != nil:
		run, _, _ := unstructured.NestedMap(spec, "pipelineRun")
		js, err := currentRun(run, namespace)
		if err != nil {
			emit(Finding{Kind: "error", File: s.File, Object: object, Via: "spec.pipelineRun", Message: err.Error()})
			return
		}
		h.made(s.File, object, "spec.pipelineRun", js, namespace)
	case spec["pipeline"] != nil:
		js, err := v01Run(s.JSON, s.Obj.GetName(), namespace)
		if err != nil {
			emit(Finding{Kind: "error", File: s.File, Object: object, Via: "spec.pipeline", Message: err.Error()})
			return
		}
		h.made(s.File, object, "spec.pipeline", js, namespace)
	default:
		emit(Finding{Kind: "unchecked", File: s.File, Object: object, Message: "neither spec.pipelineRun (operator v0.5.0+) nor spec.pipeline (v0.1.x)"})
	}
}

// currentRun is what operator v0.5.0 creates from spec.pipelineRun (jquad-group/pipeline-trigger-operator
// api/v1alpha1/pipelinetrigger_types.go@v0.5.0, CreatePipelineRunResource): each param whose value starts with
// '$' evaluated as a JSONPath into the event's details (createParam), generateName '<branch or image>-' when the
// run has neither name nor generateName, its labels, in the trigger's namespace.
func currentRun(run map[string]interface{}, namespace string) ([]byte, error) {
	made := &unstructured.Unstructured{Object: run}
	made = made.DeepCopy()
	params, _, _ := unstructured.NestedSlice(made.Object, "spec", "params")
	for i, p := range params {
		param, ok := p.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("spec.params[%d] is not an object", i)
		}
		value, isString := param["value"].(string)
		if !isString {
			// The operator reads params into {name, value string} (pipelinetrigger_types.go, Param): anything
			// else is lost.
			return nil, fmt.Errorf("spec.params[%d].value is not a string: operator v0.5.0 reads param values as strings", i)
		}
		if strings.HasPrefix(value, "$") {
			param["value"] = eventValue(strings.TrimPrefix(value, "$."))
		}
	}
	if err := unstructured.SetNestedSlice(made.Object, params, "spec", "params"); err != nil {
		return nil, err
	}
	if made.GetName() == "" && made.GetGenerateName() == "" {
		made.SetGenerateName("main-")
	}
	labels := made.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels["pipeline.jquad.rocks/git.repository.branch.name"] = "main"
	made.SetLabels(labels)
	made.SetNamespace(namespace)
	return made.MarshalJSON()
}

// eventValue is a plausible value of a field of the operator's event details (GitRepository: branchName,
// commitId, repositoryName; ImagePolicy: repositoryName, imageName, imageVersion).
func eventValue(field string) string {
	switch field {
	case "commitId":
		return sampleCommit
	case "branchName":
		return "main"
	case "imageVersion":
		return "1.23.4"
	case "imageName":
		return "docker.io/library/golang"
	}
	return plausible(field, "")
}

// v01Pipeline is spec.pipeline of operator v0.1.x (api/v1alpha1/pipeline_types.go@v0.1.4, Pipeline).
type v01Pipeline struct {
	Name               string `json:"name"`
	ServiceAccountName string `json:"serviceAccountName"`
	InputParams        []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"inputParams"`
	Workspace struct {
		Name       string `json:"name,omitempty"`
		Size       string `json:"size,omitempty"`
		AccessMode string `json:"accessMode,omitempty"`
	} `json:"workspace"`
	Retries    int64 `json:"retries"`
	MaxHistory int64 `json:"maxHistory"`
}

// v01Run is the PipelineRun operator v0.1.4 builds (api/v1alpha1/pipeline_types.go@v0.1.4, CreatePipelineRun;
// inputparam_types.go, CreateParam: $(branch) and $(commit) from the event; workspace_types.go,
// CreateWorkspaceBinding).
func v01Run(js []byte, triggerName, namespace string) ([]byte, error) {
	var trigger struct {
		Spec struct {
			Source   json.RawMessage `json:"source"`
			Pipeline v01Pipeline     `json:"pipeline"`
		} `json:"spec"`
	}
	var whole map[string]json.RawMessage
	if err := json.Unmarshal(js, &whole); err != nil {
		return nil, err
	}
	if err := manifest.StrictDecode(whole["spec"], &trigger.Spec); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	p := trigger.Spec.Pipeline
	size, err := resource.ParseQuantity(p.Workspace.Size)
	if err != nil {
		// resource.MustParse in the operator: it panics.
		return nil, fmt.Errorf("spec.pipeline.workspace.size %q: %w", p.Workspace.Size, err)
	}
	var params []pipelinev1beta1.Param
	for _, ip := range p.InputParams {
		value := ip.Value
		switch value {
		case "$(branch)":
			value = "main"
		case "$(commit)":
			value = sampleCommit
		}
		params = append(params, pipelinev1beta1.Param{Name: ip.Name, Value: pipelinev1beta1.ParamValue{Type: pipelinev1beta1.ParamTypeString, StringVal: value}})
	}
	pr := &pipelinev1beta1.PipelineRun{
		TypeMeta: metav1.TypeMeta{Kind: "PipelineRun", APIVersion: "tekton.dev/v1beta1"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      triggerName + "-abcd",
			Namespace: namespace,
			Labels:    map[string]string{"pipeline.jquad.rocks/pipelinetrigger": triggerName},
		},
		Spec: pipelinev1beta1.PipelineRunSpec{
			ServiceAccountName: p.ServiceAccountName,
			PipelineRef:        &pipelinev1beta1.PipelineRef{Name: p.Name},
			Params:             params,
			Workspaces: []pipelinev1beta1.WorkspaceBinding{{
				Name: p.Workspace.Name,
				VolumeClaimTemplate: &corev1.PersistentVolumeClaim{Spec: corev1.PersistentVolumeClaimSpec{
					AccessModes: []corev1.PersistentVolumeAccessMode{corev1.PersistentVolumeAccessMode(p.Workspace.AccessMode)},
					Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{"storage": size}},
				}},
			}},
		},
	}
	return json.Marshal(pr)
}
