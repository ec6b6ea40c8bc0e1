// Command admission runs kpack's admission webhook (github.com/pivotal/kpack cmd/webhook, the module of
// buildpacks-community/kpack, at the version go.mod pins) over YAML files: every kpack.io object is decoded,
// defaulted and validated as the webhook does it. Output: one JSON line per object checked and per problem.
//
//	admission <file.yaml>...
package main

import (
	"context"
	"fmt"
	admission "github.com/cdk8s-push-delivery/test/upstream/webhook"
	"os"
	"strings"

	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	"github.com/pivotal/kpack/pkg/apis/build/v1alpha2"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"knative.dev/pkg/webhook/resourcesemantics"
)

// types is the map of cmd/webhook/main.go@v0.17.2: the webhook admits v1alpha2 only.
var types = map[schema.GroupVersionKind]resourcesemantics.GenericCRD{
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.ImageKind):            &v1alpha2.Image{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.BuildKind):            &v1alpha2.Build{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.BuilderKind):          &v1alpha2.Builder{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.BuildpackKind):        &v1alpha2.Buildpack{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.ClusterBuilderKind):   &v1alpha2.ClusterBuilder{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.ClusterBuildpackKind): &v1alpha2.ClusterBuildpack{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.ClusterStoreKind):     &v1alpha2.ClusterStore{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.ClusterStackKind):     &v1alpha2.ClusterStack{},
	v1alpha2.SchemeGroupVersion.WithKind(v1alpha2.ClusterLifecycleKind): &v1alpha2.ClusterLifecycle{},
}

// Finding is one line of output (see the tekton program: the same kinds).
type Finding struct {
	Kind    string `json:"kind"`
	File    string `json:"file"`
	Object  string `json:"object"`
	Webhook string `json:"webhook,omitempty"`
	Message string `json:"message,omitempty"`
}

const webhookName = "buildpacks-community/kpack"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: admission <file.yaml>...")
		os.Exit(2)
	}
	for _, file := range os.Args[1:] {
		objects, err := manifest.ReadFile(file)
		if err != nil {
			manifest.Emit(Finding{Kind: "error", File: file, Message: err.Error()})
			continue
		}
		for _, o := range objects {
			check(o)
		}
	}
}

func check(o manifest.Object) {
	gvk := o.Obj.GroupVersionKind()
	object := manifest.Describe(o.Obj)
	switch {
	case gvk.Group == "kpack.io":
	case gvk.Group == "build.pivotal.io" || strings.HasSuffix(gvk.Group, ".kpack.pivotal.io"):
		// pivotal/kpack v0.0.9's own module (github.com/pivotal/kpack at v0.0.9) has no v1alpha2 and is
		// not what the Platform installs; these objects are for a 2020 cluster and checked by the constructs.
		manifest.Emit(Finding{Kind: "unchecked", File: o.File, Object: object, Message: fmt.Sprintf("legacy kpack API %s: no webhook of kpack v0.17.2 admits it", gvk)})
		return
	default:
		return
	}
	handler, ok := types[gvk]
	if !ok {
		manifest.Emit(Finding{Kind: "unchecked", File: o.File, Object: object, Message: fmt.Sprintf("the kpack webhook admits no %s", gvk)})
		return
	}
	errs, warnings, err := admit(o.JSON, handler, o.Obj.GetNamespace())
	if err != nil {
		errs = append(errs, err.Error())
	}
	for _, e := range errs {
		manifest.Emit(Finding{Kind: "error", File: o.File, Object: object, Webhook: webhookName, Message: e})
	}
	for _, e := range warnings {
		manifest.Emit(Finding{Kind: "warning", File: o.File, Object: object, Webhook: webhookName, Message: e})
	}
	manifest.Emit(Finding{Kind: "checked", File: o.File, Object: object, Webhook: webhookName})
}

// webhookContext is what withCheckDefaultStorageClass (cmd/webhook/main.go@v0.17.2) adds on a cluster with a
// default StorageClass, which dist/README.md lists as a prerequisite; its volume expansion is not assumed.
func webhookContext() context.Context {
	return context.WithValue(context.Background(), v1alpha2.HasDefaultStorageClass, true)
}

// admit is one CREATE through kpack's webhooks: the defaulting webhook decodes leniently (its
// disallowUnknownFields is false), the validating one strictly.
func admit(js []byte, handler resourcesemantics.GenericCRD, namespace string) (errs, warnings []string, err error) {
	return admission.Admit(webhookContext(), js, handler, namespace, false)
}
