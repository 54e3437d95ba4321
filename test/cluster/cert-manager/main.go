// Command cert-manager-controller runs cert-manager's certificate controllers out of cluster for
// Trustdeck's local control plane.
//
// Upstream's cmd/controller is a nested module that the Go module proxy does not serve (v1.12+),
// so this mirrors its start-up (cmd/controller/app) over the public pkg/controller API of a
// current release. The self-signed, CA and ACME issuers are compiled in, with the ACME order and
// challenge controllers (the local plane runs Pebble as its ACME server and BIND 9 as the DNS-01
// nameserver). Vault and Venafi are left out: there are no such endpoints here.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/klog/v2"

	controllerpkg "github.com/cert-manager/cert-manager/pkg/controller"
	dnsutil "github.com/cert-manager/cert-manager/pkg/issuer/acme/dns/util"
	logf "github.com/cert-manager/cert-manager/pkg/logs"

	_ "github.com/cert-manager/cert-manager/pkg/controller/acmechallenges"
	_ "github.com/cert-manager/cert-manager/pkg/controller/acmeorders"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/acme"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/metrics"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/acme"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
)

// acmeFlags are upstream's ACME flags (cmd/controller/app/options), with upstream's defaults.
type acmeFlags struct {
	dns01RecursiveNameservers     string
	dns01RecursiveNameserversOnly bool
	dns01CheckRetryPeriod         time.Duration
	http01SolverNameservers       string
	http01SolverImage             string
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to the kubeconfig of the API server to manage")
	clusterResourceNamespace := flag.String("cluster-resource-namespace", "cert-manager", "namespace holding the Secrets that ClusterIssuers refer to")
	workers := flag.Int("workers", 5, "workers per controller")
	var acme acmeFlags
	flag.StringVar(&acme.dns01RecursiveNameservers, "dns01-recursive-nameservers", "", "comma separated host:port list of the DNS servers used for DNS-01 self checks (upstream's flag)")
	flag.BoolVar(&acme.dns01RecursiveNameserversOnly, "dns01-recursive-nameservers-only", false, "only ever query --dns01-recursive-nameservers for the DNS-01 self check, never the authoritative servers (upstream's flag)")
	flag.DurationVar(&acme.dns01CheckRetryPeriod, "dns01-check-retry-period", 10*time.Second, "wait between propagation checks of DNS-01 and HTTP-01 challenges (upstream's flag)")
	flag.StringVar(&acme.http01SolverNameservers, "acme-http01-solver-nameservers", "", "comma separated host:port list of the DNS servers used for HTTP-01 self checks (upstream's flag)")
	flag.StringVar(&acme.http01SolverImage, "acme-http01-solver-image", "quay.io/jetstack/cert-manager-acmesolver:v1.21.2", "image of the HTTP-01 solver Pod (upstream's flag)")
	klog.InitFlags(nil)
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx = logf.NewContext(ctx, klog.Background(), "controller")

	acmeOptions, err := acme.options()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cert-manager-controller:", err)
		os.Exit(2)
	}
	if err := run(ctx, *kubeconfig, *clusterResourceNamespace, *workers, acmeOptions); err != nil {
		fmt.Fprintln(os.Stderr, "cert-manager-controller:", err)
		os.Exit(1)
	}
}

// splitHostPorts parses a comma separated host:port list, as upstream's StringSlice flags take it.
func splitHostPorts(flagName, list string) ([]string, error) {
	var out []string
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(s); err != nil {
			return nil, fmt.Errorf("--%s: %q is not host:port: %w", flagName, s, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// options mirrors upstream's buildControllerContextFactory (cmd/controller/app/controller.go).
func (f acmeFlags) options() (controllerpkg.ACMEOptions, error) {
	dns01, err := splitHostPorts("dns01-recursive-nameservers", f.dns01RecursiveNameservers)
	if err != nil {
		return controllerpkg.ACMEOptions{}, err
	}
	http01, err := splitHostPorts("acme-http01-solver-nameservers", f.http01SolverNameservers)
	if err != nil {
		return controllerpkg.ACMEOptions{}, err
	}
	if len(dns01) == 0 {
		dns01 = dnsutil.RecursiveNameservers
	}
	return controllerpkg.ACMEOptions{
		HTTP01SolverImage:                 f.http01SolverImage,
		HTTP01SolverResourceRequestCPU:    resource.MustParse("10m"),
		HTTP01SolverResourceRequestMemory: resource.MustParse("64Mi"),
		HTTP01SolverResourceLimitsCPU:     resource.MustParse("100m"),
		HTTP01SolverResourceLimitsMemory:  resource.MustParse("64Mi"),
		ACMEHTTP01SolverRunAsNonRoot:      true,
		HTTP01SolverNameservers:           http01,
		DNS01Nameservers:                  dns01,
		DNS01CheckRetryPeriod:             f.dns01CheckRetryPeriod,
		DNS01CheckAuthoritative:           !f.dns01RecursiveNameserversOnly,
	}, nil
}

func run(ctx context.Context, kubeconfig, clusterResourceNamespace string, workers int, acme controllerpkg.ACMEOptions) error {
	factory, err := controllerpkg.NewContextFactory(ctx, controllerpkg.ContextOptions{
		Kubeconfig:         kubeconfig,
		KubernetesAPIQPS:   50,
		KubernetesAPIBurst: 100,
		IssuerOptions: controllerpkg.IssuerOptions{
			ClusterResourceNamespace: clusterResourceNamespace,
		},
		CertificateOptions: controllerpkg.CertificateOptions{
			CertificateRequestMinimumBackoffDuration: time.Hour,
			CertificateRequestMaximumBackoffDuration: 32 * time.Hour,
		},
		ACMEOptions:      acme,
		SchedulerOptions: controllerpkg.SchedulerOptions{MaxConcurrentChallenges: 60},
	})
	if err != nil {
		return fmt.Errorf("building controller context: %w", err)
	}

	known := controllerpkg.Known()
	names := make([]string, 0, len(known))
	for name := range known {
		names = append(names, name)
	}
	sort.Strings(names)

	var wg sync.WaitGroup
	errs := make(chan error, len(names))
	for _, name := range names {
		iface, err := known[name](factory)
		if err != nil {
			return fmt.Errorf("starting controller %s: %w", name, err)
		}
		wg.Add(1)
		go func(name string, c controllerpkg.Interface) {
			defer wg.Done()
			if err := c.Run(workers, ctx); err != nil {
				errs <- fmt.Errorf("controller %s: %w", name, err)
			}
		}(name, iface)
	}

	shared, err := factory.Build()
	if err != nil {
		return fmt.Errorf("building shared context: %w", err)
	}
	shared.SharedInformerFactory.Start(ctx.Done())
	shared.KubeSharedInformerFactory.Start(ctx.Done())
	shared.HTTP01ResourceMetadataInformersFactory.Start(ctx.Done())
	if shared.GatewaySolverEnabled {
		shared.GWShared.Start(ctx.Done())
	}
	klog.Infof("cert-manager-controller: started %d controllers: %s", len(names), strings.Join(names, ", "))

	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	return nil
}
