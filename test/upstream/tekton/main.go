// Command admission runs the admission webhooks of Tekton Pipelines (github.com/tektoncd/pipeline, cmd/webhook)
// and Tekton Triggers (github.com/tektoncd/triggers, cmd/webhook), at the versions go.mod pins, over YAML files:
// every object is decoded as the webhooks decode it (unknown fields are errors), defaulted, and validated, in a
// context built as theirs is. PipelineRuns that reach Tekton later are checked the same way once they are made:
// the resource templates of each TriggerTemplate (made by the EventListener) and the runs of each PipelineTrigger
// of the pipeline-trigger-operator.
//
//	admission -pipeline-config <dir> -triggers-config <dir> <file.yaml>...
//
// The config folders hold the releases' ConfigMaps (config/ of each module: feature flags and defaults), which
// the webhooks load at start. Output: one JSON line per object checked and per problem (see Finding).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cdk8s-push-delivery/test/upstream/manifest"
)

// Finding is one line of output. Kind: "checked" (an object went through a webhook), "error" or "warning"
// (a FieldError of that level, or an object that could not be decoded), "unchecked" (an object of a group
// this program owns whose kind no webhook here admits).
type Finding struct {
	Kind    string `json:"kind"`
	File    string `json:"file"`
	Object  string `json:"object"`
	Via     string `json:"via,omitempty"`
	Webhook string `json:"webhook,omitempty"`
	Message string `json:"message,omitempty"`
}

func emit(f Finding) { manifest.Emit(f) }

func main() {
	pipelineConfig := flag.String("pipeline-config", "", "tektoncd/pipeline config/ folder")
	triggersConfig := flag.String("triggers-config", "", "tektoncd/triggers config/ folder")
	flag.Parse()
	if *pipelineConfig == "" || *triggersConfig == "" {
		fmt.Fprintln(os.Stderr, "usage: admission -pipeline-config <dir> -triggers-config <dir> <file.yaml>...")
		os.Exit(2)
	}
	hooks, err := newWebhooks(*pipelineConfig, *triggersConfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "admission:", err)
		os.Exit(1)
	}
	for _, file := range flag.Args() {
		objects, err := manifest.ReadFile(file)
		if err != nil {
			emit(Finding{Kind: "error", File: file, Message: err.Error()})
			continue
		}
		for _, o := range objects {
			hooks.check(o)
		}
	}
}
