// Command trust-manager, as upstream's cmd/trust-manager but for a local control plane on
// 127.0.0.1: the same flags and Bundle controller, with its metrics and health endpoints off and no
// webhook server (upstream binds them on 0.0.0.0 with no flag to change it; nothing here calls
// them: the local plane registers no trust-manager webhook).
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/cert-manager/trust-manager/cmd/trust-manager/app/options"
	trustapi "github.com/cert-manager/trust-manager/pkg/apis/trust/v1alpha1"
	"github.com/cert-manager/trust-manager/pkg/bundle"
)

func main() {
	opts := options.New()
	cmd := &cobra.Command{
		Use:   "trust-manager",
		Short: "trust-manager's Bundle controller for Trustdeck's local control plane",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.Complete(); err != nil {
				return err
			}
			log := opts.NewLogger()
			klog.SetLogger(log)
			ctrl.SetLogger(log)

			scheme := runtime.NewScheme()
			utilruntime.Must(clientgoscheme.AddToScheme(scheme))
			utilruntime.Must(trustapi.AddToScheme(scheme))

			mgr, err := ctrl.NewManager(opts.RestConfig, ctrl.Options{
				Scheme:                        scheme,
				LeaderElection:                opts.LeaderElectionConfig.Enabled,
				LeaderElectionID:              "trust-manager-leader-election",
				LeaderElectionReleaseOnCancel: true,
				LeaseDuration:                 &opts.LeaderElectionConfig.LeaseDuration,
				RenewDeadline:                 &opts.LeaderElectionConfig.RenewDeadline,
				HealthProbeBindAddress:        "0", // off
				Metrics:                       server.Options{BindAddress: "0"}, // off
				Cache:                         bundle.CacheOpts(opts.Bundle),
			})
			if err != nil {
				return fmt.Errorf("failed to create manager: %w", err)
			}
			ctx := ctrl.SetupSignalHandler()
			logf.IntoContext(ctx, log)
			if err := bundle.SetupWithManager(ctx, mgr, opts.Bundle); err != nil {
				return fmt.Errorf("failed to register Bundle controller: %w", err)
			}
			return mgr.Start(ctx)
		},
	}
	opts.Prepare(cmd)
	if err := cmd.Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}
