package main

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"

	cmlisters "github.com/cert-manager/cert-manager/pkg/client/listers/certmanager/v1"
	controllerpkg "github.com/cert-manager/cert-manager/pkg/controller"
	"github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
)

// In a real install the built-in approver only gets to approve requests for cert-manager's own
// signers: the webhook refuses its approval of anything else (--approve-signer-names defaults to
// issuers.cert-manager.io/* and clusterissuers.cert-manager.io/*). The local plane runs without
// the webhook, so this wrapper applies the same policy in front of upstream's approver: requests
// for external issuer groups stay pending until someone approves or denies them.
type signerScopedApprover struct {
	*approver.Controller
	lister cmlisters.CertificateRequestLister
}

func (a *signerScopedApprover) Register(ctx *controllerpkg.Context) (workqueue.TypedRateLimitingInterface[types.NamespacedName], []cache.InformerSynced, error) {
	a.lister = ctx.SharedInformerFactory.Certmanager().V1().CertificateRequests().Lister()
	return a.Controller.Register(ctx)
}

func (a *signerScopedApprover) ProcessItem(ctx context.Context, key types.NamespacedName) error {
	cr, err := a.lister.CertificateRequests(key.Namespace).Get(key.Name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if g := cr.Spec.IssuerRef.Group; g != "" && g != "cert-manager.io" {
		return nil
	}
	return a.Controller.ProcessItem(ctx, key)
}

func init() {
	controllerpkg.Register(approver.ControllerName, func(ctx *controllerpkg.ContextFactory) (controllerpkg.Interface, error) {
		return controllerpkg.NewBuilder(ctx, approver.ControllerName).
			For(&signerScopedApprover{Controller: new(approver.Controller)}).Complete()
	})
}
