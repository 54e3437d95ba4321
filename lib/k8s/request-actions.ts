import "server-only";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { CERTIFICATE_REQUESTS, type RawCertificateRequest } from "./certificate-requests";
import { kubeCall, makeClient } from "./config";
import { getCustom } from "./custom";

/** Reads one CertificateRequest. @throws KubeError 404 when absent. */
export function getCertificateRequest(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<RawCertificateRequest> {
  return getCustom<RawCertificateRequest>(CERTIFICATE_REQUESTS, name, { context: opts.context, namespace });
}

/**
 * Replaces a CertificateRequest's status through `/status` (what `cmctl approve|deny` does).
 * The object's resourceVersion makes it a compare-and-swap: a concurrent write gives KubeError 409.
 */
export function replaceCertificateRequestStatus(
  cr: RawCertificateRequest,
  opts: { context?: string } = {},
): Promise<RawCertificateRequest> {
  const { context } = opts;
  return kubeCall(context, async () => {
    const api = makeClient(CustomObjectsApi, context);
    return (await api.replaceNamespacedCustomObjectStatus({
      ...CERTIFICATE_REQUESTS,
      namespace: cr.metadata.namespace ?? "",
      name: cr.metadata.name,
      body: cr,
      fieldManager: "trustdeck",
    })) as RawCertificateRequest;
  });
}
