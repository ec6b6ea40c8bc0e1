package main

import (
	"context"
	"fmt"
	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	pipelineconfig "github.com/tektoncd/pipeline/pkg/apis/config"
	pipelinev1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"
	pipelinev1alpha1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1alpha1"
	pipelinev1beta1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1beta1"
	triggersconfig "github.com/tektoncd/triggers/pkg/apis/config"
	"github.com/tektoncd/triggers/pkg/apis/triggers/contexts"
	triggersv1alpha1 "github.com/tektoncd/triggers/pkg/apis/triggers/v1alpha1"
	triggersv1beta1 "github.com/tektoncd/triggers/pkg/apis/triggers/v1beta1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"knative.dev/pkg/apis"
	"knative.dev/pkg/configmap"
	knativejson "knative.dev/pkg/webhook/json"
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

// The user Argo CD (or the EventListener, or the operator) creates objects as; the webhooks record it in
// annotations of some kinds (apis.WithUserInfo).
var user = &authenticationv1.UserInfo{Username: "system:serviceaccount:argocd:argocd-application-controller"}

// admit is one CREATE through the webhook: knative's defaulting webhook decodes the object (unknown fields are
// errors), runs SetDefaults within a create, and the API server hands the defaulted object to the validating
// webhook, which decodes it again and runs Validate (knative.dev/pkg webhook/resourcesemantics/defaulting/
// defaulting.go and validation/validation_admit.go at the version go.mod pins). Between the two, the API server
// has generated the name of an object that has only generateName (apiserver BeforeCreate).
func (w webhook) admit(js []byte, gvk schema.GroupVersionKind, namespace string) (errs, warnings []string, err error) {
	handler, ok := w.types[gvk]
	if !ok {
		return nil, nil, fmt.Errorf("%s does not admit %s", w.name, gvk)
	}
	strict := newOf(handler)
	if err := manifest.StrictDecode(js, strict); err != nil {
		return nil, nil, fmt.Errorf("cannot decode: %w", err)
	}
	obj := newOf(handler)
	if err := knativejson.Decode(js, obj, true); err != nil {
		return nil, nil, fmt.Errorf("cannot decode incoming new object: %w", err)
	}
	ctx := apis.WithUserInfo(apis.WithinCreate(w.withContext(context.Background())), user)
	obj.SetDefaults(ctx)
	defaulted, err := knativejson.Marshal(obj)
	if err != nil {
		return nil, nil, err
	}
	validated := newOf(handler)
	if err := knativejson.Decode(defaulted, validated, true); err != nil {
		return nil, nil, fmt.Errorf("cannot decode the defaulted object: %w", err)
	}
	m, err := meta.Accessor(validated)
	if err != nil {
		return nil, nil, err
	}
	if m.GetName() == "" && m.GetGenerateName() != "" {
		m.SetName(m.GetGenerateName() + "x7k2p")
	}
	if m.GetNamespace() == "" {
		m.SetNamespace(namespace)
	}
	fe := validated.Validate(ctx)
	return fieldErrors(fe, apis.ErrorLevel), fieldErrors(fe, apis.WarningLevel), nil
}

func newOf(handler resourcesemantics.GenericCRD) resourcesemantics.GenericCRD {
	return reflect.New(reflect.TypeOf(handler).Elem()).Interface().(resourcesemantics.GenericCRD)
}

// fieldErrors is one line per error of the level: its message, details and field paths, as the webhook
// reports them.
func fieldErrors(fe *apis.FieldError, level apis.DiagnosticLevel) []string {
	filtered := fe.Filter(level)
	if filtered == nil {
		return nil
	}
	var out []string
	for _, e := range filtered.WrappedErrors() {
		out = append(out, strings.TrimSpace(e.Error()))
	}
	return out
}
