import {
  CERTIFICATE_NAME_ANNOTATION,
  CERTIFICATE_REVISION_ANNOTATION,
  type RawCertificateRequest,
} from "@/lib/k8s/certificate-requests";
import type { CertificateInfo, CertificateRequestRow } from "@/lib/types";
import { decodeBase64Pem, parseCertificatesPem } from "@/lib/x509/parse";
import { issuerRefOf } from "./certificates";
import { conditionStatus, findCondition } from "./conditions";

function parseIssued(b64: string | undefined): CertificateInfo | undefined {
  if (!b64) return undefined;
  try {
    return parseCertificatesPem(decodeBase64Pem(b64))[0];
  } catch {
    return undefined;
  }
}

/**
 * Builds a CertificateRequest row: Approved/Denied/Ready from conditions, the owning Certificate and
 * revision from cert-manager's annotations, and the issued certificate parsed. Pure.
 */
export function reshapeCertificateRequest(raw: RawCertificateRequest): CertificateRequestRow {
  const conditions = raw.status?.conditions;
  const ready = findCondition(conditions, "Ready");
  const approval = findCondition(conditions, "Denied") ?? findCondition(conditions, "Approved");
  const annotations = raw.metadata.annotations ?? {};
  const revision = Number(annotations[CERTIFICATE_REVISION_ANNOTATION]);
  return {
    namespace: raw.metadata.namespace ?? "",
    name: raw.metadata.name,
    issuerRef: issuerRefOf(raw.spec.issuerRef),
    certificateName: annotations[CERTIFICATE_NAME_ANNOTATION],
    revision:
      Number.isInteger(revision) && annotations[CERTIFICATE_REVISION_ANNOTATION] ? revision : undefined,
    approved: conditionStatus(conditions, "Approved") === "True",
    denied: conditionStatus(conditions, "Denied") === "True",
    ready: conditionStatus(conditions, "Ready"),
    readyReason: ready?.reason,
    readyMessage: ready?.message,
    approvalReason: approval?.reason,
    approvalMessage: approval?.message,
    username: raw.spec.username,
    createdAt: raw.metadata.creationTimestamp,
    certificate: parseIssued(raw.status?.certificate),
  };
}
