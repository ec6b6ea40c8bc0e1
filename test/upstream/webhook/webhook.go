// Package webhook runs one CREATE through a knative-based admission webhook (Tekton's, Triggers', kpack's),
// in the order the API server calls it: knative.dev/pkg webhook/resourcesemantics/defaulting (decode,
// SetDefaults), then validation (decode the defaulted object, Validate).
package webhook

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"knative.dev/pkg/apis"
	knativejson "knative.dev/pkg/webhook/json"
	"knative.dev/pkg/webhook/resourcesemantics"
)

// User is who Argo CD (or the EventListener, or the operator) creates objects as; the webhooks put it in the
// context (apis.WithUserInfo) and some kinds record it in annotations.
var User = &authenticationv1.UserInfo{Username: "system:serviceaccount:argocd:argocd-application-controller"}

// Admit is one CREATE of the object js of type handler. ctx is what the webhook's withContext made;
// defaultingStrict is the defaulting webhook's disallowUnknownFields (the validating one's is true for every
// webhook here). The whole object is first decoded strictly, metadata included, standing for the API server's
// strict field validation. Between the webhooks, the API server has generated the name of an object that has
// only generateName (BeforeCreate); an object without a namespace gets the one it is created in.
func Admit(ctx context.Context, js []byte, handler resourcesemantics.GenericCRD, namespace string, defaultingStrict bool) (errs, warnings []string, err error) {
	if err := manifest.StrictDecode(js, newOf(handler)); err != nil {
		return nil, nil, fmt.Errorf("cannot decode: %w", err)
	}
	obj := newOf(handler)
	if err := knativejson.Decode(js, obj, defaultingStrict); err != nil {
		return nil, nil, fmt.Errorf("cannot decode incoming new object: %w", err)
	}
	ctx = apis.WithUserInfo(apis.WithinCreate(ctx), User)
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

// fieldErrors is one line per FieldError of the level: its message, details and field paths, as the webhook
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
