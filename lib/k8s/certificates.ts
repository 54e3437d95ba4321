import "server-only";
import { KINDS } from "@/lib/kinds";
import { type CustomResource, customResource, getCustom, listCustom } from "./custom";
import type { RawCondition, RawIssuerRef, RawObjectMeta } from "./meta";

export const CERTIFICATES: CustomResource = customResource(KINDS.Certificate);

export interface RawCertificateSpec {
  secretName: string;
  issuerRef: RawIssuerRef;
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  uris?: string[];
  emailAddresses?: string[];
  duration?: string;
  renewBefore?: string;
  renewBeforePercentage?: number;
  isCA?: boolean;
  usages?: string[];
  privateKey?: { algorithm?: string; size?: number; encoding?: string; rotationPolicy?: string };
  revisionHistoryLimit?: number;
  [key: string]: unknown;
}

export interface RawCertificateStatus {
  conditions?: RawCondition[];
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  revision?: number;
  lastFailureTime?: string;
  failedIssuanceAttempts?: number;
  nextPrivateKeySecretName?: string;
  [key: string]: unknown;
}

/** cert-manager.io/v1 Certificate as the API server returns it. */
export interface RawCertificate {
  apiVersion?: string;
  kind?: string;
  metadata: RawObjectMeta;
  spec: RawCertificateSpec;
  status?: RawCertificateStatus;
}

/** Lists Certificates in `namespace`, or in every namespace when undefined. */
export function listCertificates(
  opts: { context?: string; namespace?: string } = {},
): Promise<RawCertificate[]> {
  return listCustom<RawCertificate>(CERTIFICATES, opts);
}

/** Reads one Certificate. @throws KubeError 404 when absent. */
export function getCertificate(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<RawCertificate> {
  return getCustom<RawCertificate>(CERTIFICATES, name, { ...opts, namespace });
}
