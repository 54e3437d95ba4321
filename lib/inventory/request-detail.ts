import "server-only";
import { CERTIFICATE_REQUESTS, type RawCertificateRequest } from "@/lib/k8s/certificate-requests";
import { getCustom } from "@/lib/k8s/custom";
import type { CertificateRequestRow } from "@/lib/types";
import { decodeBase64Pem } from "@/lib/x509/parse";
import { reshapeCertificateRequest } from "./certificate-requests";
import { type CsrInfo, decodeCsr } from "./csr";

/** `GET /api/certificaterequests/{namespace}/{name}`: the row, what the spec asks for, and the decoded CSR. */
export interface CertificateRequestDetail {
  row: CertificateRequestRow;
  /** `spec` fields besides the CSR: requested duration (Go duration), usages, CA flag, requester. */
  spec: { duration?: string; usages: string[]; isCA: boolean; username?: string; groups: string[] };
  /** The decoded `spec.request`; absent when it could not be decoded (see `csrProblem`). */
  csr?: CsrInfo;
  csrProblem?: string;
}

/**
 * Reads one CertificateRequest and decodes its CSR (`spec.request`, base64 PEM, public data only)
 * so a person can see what they approve. A CSR that does not decode is reported, not thrown.
 * @throws KubeError (404 when the request does not exist, 403 when it may not be read)
 */
export async function getCertificateRequestDetail(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<CertificateRequestDetail> {
  const raw = await getCustom<RawCertificateRequest>(CERTIFICATE_REQUESTS, name, { ...opts, namespace });
  let csr: CsrInfo | undefined;
  let csrProblem: string | undefined;
  if (!raw.spec.request) csrProblem = "spec.request is empty";
  else {
    try {
      csr = await decodeCsr(decodeBase64Pem(raw.spec.request));
    } catch (err) {
      csrProblem = `spec.request is not a PKCS#10 CSR (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  return {
    row: reshapeCertificateRequest(raw),
    spec: {
      ...(raw.spec.duration ? { duration: raw.spec.duration } : {}),
      usages: raw.spec.usages ?? [],
      isCA: raw.spec.isCA === true,
      ...(raw.spec.username ? { username: raw.spec.username } : {}),
      groups: raw.spec.groups ?? [],
    },
    ...(csr ? { csr } : {}),
    ...(csrProblem ? { csrProblem } : {}),
  };
}
