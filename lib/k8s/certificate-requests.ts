import "server-only";
import { KINDS } from "@/lib/kinds";
import { type CustomResource, customResource, listCustom } from "./custom";
import type { RawCondition, RawIssuerRef, RawObjectMeta } from "./meta";

export const CERTIFICATE_REQUESTS: CustomResource = customResource(KINDS.CertificateRequest);

/** Annotation naming the Certificate a CertificateRequest (or Secret) belongs to. */
export const CERTIFICATE_NAME_ANNOTATION = "cert-manager.io/certificate-name";
/** Annotation giving the Certificate revision a CertificateRequest was created for. */
export const CERTIFICATE_REVISION_ANNOTATION = "cert-manager.io/certificate-revision";

/** cert-manager.io/v1 CertificateRequest. `spec.request` is a CSR (public), base64 PEM. */
export interface RawCertificateRequest {
  apiVersion?: string;
  kind?: string;
  metadata: RawObjectMeta;
  spec: {
    request?: string;
    issuerRef: RawIssuerRef;
    duration?: string;
    isCA?: boolean;
    usages?: string[];
    username?: string;
    groups?: string[];
  };
  status?: {
    conditions?: RawCondition[];
    /** base64 PEM of the issued certificate. */
    certificate?: string;
    ca?: string;
    failureTime?: string;
  };
}

/** Lists CertificateRequests in `namespace`, or in every namespace when undefined. */
export function listCertificateRequests(
  opts: { context?: string; namespace?: string } = {},
): Promise<RawCertificateRequest[]> {
  return listCustom<RawCertificateRequest>(CERTIFICATE_REQUESTS, opts);
}
