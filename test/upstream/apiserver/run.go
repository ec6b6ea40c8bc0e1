package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"github.com/cdk8s-push-delivery/test/upstream/manifest"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// Plan is what to apply, cluster by cluster; written by the test (test/upstream/apiserver-plan.ts).
type Plan struct {
	Clusters []Cluster `json:"clusters"`
	// How many clusters' API servers run at once.
	Parallel int `json:"parallel"`
}

// Cluster is one destination cluster: its own kube-apiserver over its own etcd prefix.
type Cluster struct {
	Name string `json:"name"`
	// Files of CustomResourceDefinitions installed (server-side apply) and waited for before anything else.
	CRDs []string `json:"crds"`
	// Namespaces created before the objects, as Argo CD's CreateNamespace=true does.
	Namespaces []string `json:"namespaces"`
	// Files whose objects are applied: dry run first, then for real.
	Files []File `json:"files"`
}

// File is one YAML file of objects.
type File struct {
	Path string `json:"path"`
	// Shown in findings (the path relative to the repository).
	Label string `json:"label"`
	// The namespace a namespaced object without one goes to (the Application's destination namespace).
	Namespace string `json:"namespace"`
}

// Finding is one line of output: a rejection or a warning (Kind "error"/"warning"), or a cluster's summary
// (Kind "summary").
type Finding struct {
	Kind    string  `json:"kind"`
	Cluster string  `json:"cluster"`
	Phase   string  `json:"phase,omitempty"`
	File    string  `json:"file,omitempty"`
	Object  string  `json:"object,omitempty"`
	Message string  `json:"message,omitempty"`
	Applied int     `json:"applied,omitempty"`
	CRDs    int     `json:"crds,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
}

func emit(f Finding) { manifest.Emit(f) }

// shared is what every cluster's API server gets: the etcd endpoint, the admin token and the service-account key.
type shared struct {
	etcd    string
	token   string
	tokens  string
	saKey   string
	workDir string
}

func run(plan Plan, workDir string) error {
	s, stopEtcd, err := setUp(workDir)
	if err != nil {
		return err
	}
	defer stopEtcd()
	parallel := plan.Parallel
	if parallel < 1 {
		parallel = 1
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	errs := make([]error, len(plan.Clusters))
	for i, c := range plan.Clusters {
		wg.Add(1)
		go func(i int, c Cluster) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = runCluster(s, i, c)
		}(i, c)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("cluster %q: %w", plan.Clusters[i].Name, err)
		}
	}
	return nil
}

// setUp starts etcd and writes the credentials every API server shares; nothing of it leaves workDir.
func setUp(workDir string) (*shared, func(), error) {
	token := make([]byte, 24)
	if _, err := rand.Read(token); err != nil {
		return nil, nil, err
	}
	s := &shared{token: hex.EncodeToString(token), workDir: workDir}
	// --token-auth-file: token,user,uid,"group"; system:masters passes every RBAC check, as Argo CD's
	// cluster-admin application controller does (k8s.io/apiserver pkg/authentication/token/tokenfile).
	s.tokens = filepath.Join(workDir, "tokens.csv")
	if err := os.WriteFile(s.tokens, []byte(s.token+",admin,admin,\"system:masters\"\n"), 0o600); err != nil {
		return nil, nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	s.saKey = filepath.Join(workDir, "service-account.key")
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(s.saKey, pemKey, 0o600); err != nil {
		return nil, nil, err
	}
	stop, endpoint, err := startEtcd(filepath.Join(workDir, "etcd"))
	if err != nil {
		return nil, nil, err
	}
	s.etcd = endpoint
	return s, stop, nil
}

func startEtcd(dir string) (func(), string, error) {
	ports, err := freePorts(2)
	if err != nil {
		return nil, "", err
	}
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.LogLevel = "warn"
	cfg.LogOutputs = []string{dir + ".log"}
	cfg.UnsafeNoFsync = true // a scratch store that is deleted after the run
	client := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", ports[0])}
	peer := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", ports[1])}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, "", fmt.Errorf("etcd did not start within 60s")
	}
	return e.Close, client.String(), nil
}

// freePorts returns n ports free on 127.0.0.1 now.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
