package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
)

// apiServer is one running kube-apiserver child process.
type apiServer struct {
	cmd     *exec.Cmd
	exited  chan struct{}
	host    string
	certDir string
	logPath string
}

func startAPIServer(s *shared, index int, dir string) (*apiServer, error) {
	ports, err := freePorts(1)
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	a := &apiServer{host: fmt.Sprintf("https://127.0.0.1:%d", ports[0]), certDir: filepath.Join(dir, "certs"), logPath: filepath.Join(dir, "kube-apiserver.log")}
	log, err := os.Create(a.logPath)
	if err != nil {
		return nil, err
	}
	defer log.Close()
	// Flags of cmd/kube-apiserver/app/options@v1.36.3. Without --tls-cert-file the server writes a
	// self-signed certificate for the advertise address into --cert-dir (pkg/server/options/serving.go,
	// MaybeDefaultWithSelfSignedCerts); the client trusts exactly that certificate.
	a.cmd = exec.Command(self, "kube-apiserver",
		"--etcd-servers="+s.etcd,
		fmt.Sprintf("--etcd-prefix=/cluster-%d", index),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", ports[0]),
		"--cert-dir="+a.certDir,
		"--token-auth-file="+s.tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file="+s.saKey,
		"--service-account-signing-key-file="+s.saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--endpoint-reconciler-type=none",
		"--profiling=false",
	)
	a.cmd.Stdout, a.cmd.Stderr = log, log
	// Dies with this process, whatever ends it.
	a.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := a.cmd.Start(); err != nil {
		return nil, err
	}
	a.exited = make(chan struct{})
	go func() { _ = a.cmd.Wait(); close(a.exited) }()
	return a, nil
}

func (a *apiServer) stop() {
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.exited:
	case <-time.After(15 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.exited
	}
}

// logTail is the end of the server's log, for an error that needs it.
func (a *apiServer) logTail() string {
	raw, _ := os.ReadFile(a.logPath)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return strings.Join(lines, "\n")
}

// warnings collects the Warning headers of the responses to the current request.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(code int, agent string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// client is what a cluster's objects are applied with.
type client struct {
	dynamic  dynamic.Interface
	mapper   *restmapper.DeferredDiscoveryRESTMapper
	warnings *warnings
}

// connect waits for the server to be ready (GET /readyz) and returns a client for it.
func (a *apiServer) connect(token string, timeout time.Duration) (*client, error) {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-a.exited:
			return nil, fmt.Errorf("kube-apiserver exited (%v); its log ends:\n%s", a.cmd.ProcessState, a.logTail())
		default:
		}
		ca, err := os.ReadFile(filepath.Join(a.certDir, "apiserver.crt"))
		if err == nil {
			w := &warnings{}
			cfg := &rest.Config{Host: a.host, BearerToken: token, TLSClientConfig: rest.TLSClientConfig{CAData: ca}, WarningHandler: w, QPS: 200, Burst: 400}
			if last = ready(cfg); last == nil {
				dyn, err := dynamic.NewForConfig(cfg)
				if err != nil {
					return nil, err
				}
				disc, err := discovery.NewDiscoveryClientForConfig(cfg)
				if err != nil {
					return nil, err
				}
				return &client{dynamic: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disc)), warnings: w}, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nil, fmt.Errorf("kube-apiserver did not become ready within %s (%v); its log ends:\n%s", timeout, last, a.logTail())
}

func ready(cfg *rest.Config) error {
	disc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return err
	}
	rc := disc.RESTClient()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var code int
	res := rc.Get().AbsPath("/readyz").Do(ctx).StatusCode(&code)
	if res.Error() != nil {
		return res.Error()
	}
	if code != http.StatusOK {
		return fmt.Errorf("readyz: %d", code)
	}
	return nil
}
