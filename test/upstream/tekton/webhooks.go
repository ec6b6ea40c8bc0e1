package main

import (
	"context"
	"fmt"
	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	admission "github.com/cdk8s-push-delivery/test/upstream/webhook"
	"os"
	"path/filepath"

	pipelineconfig "github.com/tektoncd/pipeline/pkg/apis/config"
	pipelinev1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"
	pipelinev1alpha1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1alpha1"
	pipelinev1beta1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1beta1"
	triggersconfig "github.com/tektoncd/triggers/pkg/apis/config"
	"github.com/tektoncd/triggers/pkg/apis/triggers/contexts"
	triggersv1alpha1 "github.com/tektoncd/triggers/pkg/apis/triggers/v1alpha1"
	triggersv1beta1 "github.com/tektoncd/triggers/pkg/apis/triggers/v1beta1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"knative.dev/pkg/configmap"
	"knative.dev/pkg/webhook/resourcesemantics"
	"sigs.k8s.io/yaml"
)

// pipelineTypes is the map of tektoncd/pipeline cmd/webhook/main.go@v1.15.0 (`types`), less the resolution
// requests, which nothing here emits.
var pipelineTypes = map[schema.GroupVersionKind]resourcesemantics.GenericCRD{
	pipelinev1alpha1.SchemeGroupVersion.WithKind("VerificationPolicy"): &pipelinev1alpha1.VerificationPolicy{},
	pipelinev1alpha1.SchemeGroupVersion.WithKind("StepAction"):         &pipelinev1alpha1.StepAction{},
	pipelinev1beta1.SchemeGroupVersion.WithKind("Pipeline"):            &pipelinev1beta1.Pipeline{},
	pipelinev1beta1.SchemeGroupVersion.WithKind("Task"):                &pipelinev1beta1.Task{},
	pipelinev1beta1.SchemeGroupVersion.WithKind("TaskRun"):             &pipelinev1beta1.TaskRun{},
	pipelinev1beta1.SchemeGroupVersion.WithKind("PipelineRun"):         &pipelinev1beta1.PipelineRun{},
	pipelinev1beta1.SchemeGroupVersion.WithKind("CustomRun"):           &pipelinev1beta1.CustomRun{},
	pipelinev1beta1.SchemeGroupVersion.WithKind("StepAction"):          &pipelinev1beta1.StepAction{},
	pipelinev1.SchemeGroupVersion.WithKind("Task"):                     &pipelinev1.Task{},
	pipelinev1.SchemeGroupVersion.WithKind("Pipeline"):                 &pipelinev1.Pipeline{},
	pipelinev1.SchemeGroupVersion.WithKind("TaskRun"):                  &pipelinev1.TaskRun{},
	pipelinev1.SchemeGroupVersion.WithKind("PipelineRun"):              &pipelinev1.PipelineRun{},
}

// triggersTypes is the map of tektoncd/triggers cmd/webhook/main.go@v0.37.0 (`types`).
var triggersTypes = map[schema.GroupVersionKind]resourcesemantics.GenericCRD{
	triggersv1alpha1.SchemeGroupVersion.WithKind("ClusterTriggerBinding"): &triggersv1alpha1.ClusterTriggerBinding{},
	triggersv1alpha1.SchemeGroupVersion.WithKind("ClusterInterceptor"):    &triggersv1alpha1.ClusterInterceptor{},
	triggersv1alpha1.SchemeGroupVersion.WithKind("Interceptor"):           &triggersv1alpha1.Interceptor{},
	triggersv1alpha1.SchemeGroupVersion.WithKind("EventListener"):         &triggersv1alpha1.EventListener{},
	triggersv1alpha1.SchemeGroupVersion.WithKind("TriggerBinding"):        &triggersv1alpha1.TriggerBinding{},
	triggersv1alpha1.SchemeGroupVersion.WithKind("TriggerTemplate"):       &triggersv1alpha1.TriggerTemplate{},
	triggersv1alpha1.SchemeGroupVersion.WithKind("Trigger"):               &triggersv1alpha1.Trigger{},
	triggersv1beta1.SchemeGroupVersion.WithKind("ClusterTriggerBinding"):  &triggersv1beta1.ClusterTriggerBinding{},
	triggersv1beta1.SchemeGroupVersion.WithKind("EventListener"):          &triggersv1beta1.EventListener{},
	triggersv1beta1.SchemeGroupVersion.WithKind("TriggerBinding"):         &triggersv1beta1.TriggerBinding{},
	triggersv1beta1.SchemeGroupVersion.WithKind("TriggerTemplate"):        &triggersv1beta1.TriggerTemplate{},
	triggersv1beta1.SchemeGroupVersion.WithKind("Trigger"):                &triggersv1beta1.Trigger{},
}

// webhook is one admission webhook: its kinds and the context decoration of its controller.
type webhook struct {
	name        string
	types       map[schema.GroupVersionKind]resourcesemantics.GenericCRD
	withContext func(context.Context) context.Context
}

type webhooks struct {
	pipeline, triggers webhook
}

func newWebhooks(pipelineConfigDir, triggersConfigDir string) (*webhooks, error) {
	// Both webhooks decorate every request's context with their config store (cmd/webhook/main.go of each:
	// `store.ToContext(ctx)`, Triggers also `contexts.WithUpgradeViaDefaulting`); the stores watch the
	// releases' ConfigMaps, loaded here from the same files.
	ps := pipelineconfig.NewStore(nopLogger{})
	if err := loadConfigMaps(pipelineConfigDir, ps.UntypedStore); err != nil {
		return nil, err
	}
	ts := triggersconfig.NewStore(nopLogger{})
	if err := loadConfigMaps(triggersConfigDir, ts.UntypedStore); err != nil {
		return nil, err
	}
	return &webhooks{
		pipeline: webhook{name: "tektoncd/pipeline", types: pipelineTypes, withContext: ps.ToContext},
		triggers: webhook{name: "tektoncd/triggers", types: triggersTypes, withContext: func(ctx context.Context) context.Context {
			return contexts.WithUpgradeViaDefaulting(ts.ToContext(ctx))
		}},
	}, nil
}

// loadConfigMaps hands the store the ConfigMaps of dir it watches, as the webhook's informed watcher does at
// start (a watched ConfigMap that is missing stops the webhook there too).
func loadConfigMaps(dir string, store *configmap.UntypedStore) error {
	found := map[string]*corev1.ConfigMap{}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	for _, file := range files {
		sources, err := manifest.ReadFile(file)
		if err != nil {
			return err
		}
		for _, s := range sources {
			if s.Obj.GetKind() != "ConfigMap" {
				continue
			}
			cm := &corev1.ConfigMap{}
			if err := yaml.Unmarshal(s.JSON, cm); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			found[cm.Name] = cm
		}
	}
	w := &watcher{}
	store.WatchConfigs(w)
	for name, observers := range w.observers {
		cm, ok := found[name]
		if !ok {
			return fmt.Errorf("the webhook watches ConfigMap %q, which %s does not hold", name, dir)
		}
		for _, o := range observers {
			o(cm)
		}
	}
	return nil
}

// watcher records what a store watches (knative.dev/pkg/configmap.Watcher).
type watcher struct {
	observers map[string][]configmap.Observer
}

func (w *watcher) Watch(name string, o ...configmap.Observer) {
	if w.observers == nil {
		w.observers = map[string][]configmap.Observer{}
	}
	w.observers[name] = append(w.observers[name], o...)
}

func (w *watcher) Start(<-chan struct{}) error { return nil }

type nopLogger struct{}

func (nopLogger) Debugf(string, ...interface{}) {}
func (nopLogger) Infof(string, ...interface{})  {}
func (nopLogger) Fatalf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
func (nopLogger) Errorf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

// admit is one CREATE through the webhook, in the context its controller builds (withContext).
func (w webhook) admit(js []byte, gvk schema.GroupVersionKind, namespace string) (errs, warnings []string, err error) {
	handler, ok := w.types[gvk]
	if !ok {
		return nil, nil, fmt.Errorf("%s does not admit %s", w.name, gvk)
	}
	// Both webhooks decode with disallowUnknownFields true (cmd/webhook/main.go of each).
	return admission.Admit(w.withContext(context.Background()), js, handler, namespace, true)
}
