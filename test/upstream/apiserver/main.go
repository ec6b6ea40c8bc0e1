// Command envtest applies manifests to a real Kubernetes API server: etcd (embedded, go.etcd.io/etcd/server/v3
// at the version k8s.io/kubernetes pins) and kube-apiserver (k8s.io/kubernetes/cmd/kube-apiserver/app), both
// built from the Go module proxy, on 127.0.0.1 only.
//
//	envtest run <plan.json> <work dir>   apply a plan (see Plan); one JSON line per finding on stdout
//	envtest kube-apiserver <flags...>    the real kube-apiserver command (run by `run`, one per cluster)
//
// Each cluster of the plan gets its own kube-apiserver process over its own etcd prefix (--etcd-prefix), so
// two clusters never share state: the same namespace and object names on two clusters do not collide.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // as cmd/kube-apiserver/apiserver.go@v1.36.3 does
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "kube-apiserver" {
		command := app.NewAPIServerCommand()
		command.SetArgs(os.Args[2:])
		os.Exit(cli.Run(command))
	}
	if len(os.Args) != 4 || os.Args[1] != "run" {
		fmt.Fprintln(os.Stderr, "usage: envtest run <plan.json> <work dir> | envtest kube-apiserver <flags...>")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fatal(err)
	}
	var plan Plan
	if err := json.Unmarshal(raw, &plan); err != nil {
		fatal(fmt.Errorf("plan %s: %w", os.Args[2], err))
	}
	if err := run(plan, os.Args[3]); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "envtest:", err)
	os.Exit(1)
}
