/**
 * DTOs: the only shapes the browser ever receives from `app/api`. Raw Kubernetes objects are
 * reshaped into these on the server (`lib/inventory/`), and Secret data is reduced to parsed,
 * public facts first: no private key material appears in any of these types.
 */

/** `{ error: { message, status } }` is the body of every non-2xx API response. */
export interface ApiErrorBody {
  error: {
    message: string;
    status: number;
    /** For 422: which field is at fault and why. */
    issues?: { path: string; message: string }[];
    /** For 403: the verb and resource the cluster denied. */
    denied?: { verb: string; resource: string; group?: string; namespace?: string };
    /**
     * For 403: the Trustdeck server setting that refused the request (e.g. `TRUSTDECK_PROBE_ALLOW`),
     * when this server's own policy refused it rather than the cluster's RBAC.
     */
    policy?: string;
  };
}

export type ConditionStatus = "True" | "False" | "Unknown";

/** The certificate states `GET /api/certificates?state=` filters by (and bulk renew selects by). */
export const CERTIFICATE_STATES = [
  "ready",
  "not-ready",
  "issuing",
  "expired",
  "not-yet-valid",
  "critical",
  "renewal-window",
  "overdue",
  "mismatch",
] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

export interface ConditionDto {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface ObjectRef {
  name: string;
  kind: string;
  group?: string;
}

/** Expiry level of a certificate, judged against now, 7 days, and its renewal window. */
/** "not-yet-valid": now is before notBefore (a clock or issuance problem; clients reject it). */
export const EXPIRY_LEVELS = [
  "expired",
  "not-yet-valid",
  "critical",
  "renewal-window",
  "ok",
  "unknown",
] as const;
export type ExpiryLevel = (typeof EXPIRY_LEVELS)[number];

/** Parsed public facts of one X.509 certificate (what `cmctl inspect secret` shows, and more). */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  commonName?: string;
  serialNumber: string;
  sha256Fingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo: changes exactly when the key changes. */
  publicKeyFingerprint: string;
  publicKeyAlgorithm: string;
  publicKeySize?: number;
  signatureAlgorithm: string;
  dnsNames: string[];
  ipAddresses: string[];
  emailAddresses: string[];
  uris: string[];
  keyUsages: string[];
  extendedKeyUsages: string[];
  isCA: boolean;
  pathLength?: number;
  notBefore: string;
  notAfter: string;
  crlDistributionPoints: string[];
  ocspServers: string[];
  selfSigned: boolean;
}

export interface CertificateRow {
  /** The fleet cluster (kubeconfig context) the row was read from (lib/fleet.ts). */
  cluster?: string;
  namespace: string;
  name: string;
  ready: ConditionStatus;
  readyReason?: string;
  readyMessage?: string;
  issuing: boolean;
  issuerRef: ObjectRef;
  secretName: string;
  commonName?: string;
  dnsNames: string[];
  isCA: boolean;
  notBefore?: string;
  /** `status.notAfter` as cert-manager reports it. */
  statusNotAfter?: string;
  /** notAfter read from the Secret's leaf certificate; `undefined` when the Secret is absent or unreadable. */
  notAfter?: string;
  /** True when the Secret's certificate and `status.notAfter` disagree. */
  expiryMismatch: boolean;
  renewalTime?: string;
  renewalOverdue: boolean;
  revision?: number;
  daysLeft?: number;
  expiryLevel: ExpiryLevel;
  /** Why the Secret could not be read (missing, forbidden, malformed), if it could not. */
  secretProblem?: string;
  labels: Record<string, string>;
}

export interface EventDto {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  source?: string;
}

export interface CertificateRequestRow {
  /** The fleet cluster (kubeconfig context) the row was read from (lib/fleet.ts). */
  cluster?: string;
  namespace: string;
  name: string;
  issuerRef: ObjectRef;
  /** Owning Certificate, from the `cert-manager.io/certificate-name` annotation. */
  certificateName?: string;
  revision?: number;
  approved: boolean;
  denied: boolean;
  ready: ConditionStatus;
  readyReason?: string;
  readyMessage?: string;
  approvalReason?: string;
  approvalMessage?: string;
  username?: string;
  createdAt?: string;
  /** Parsed `status.certificate`, when issued. */
  certificate?: CertificateInfo;
}

export interface CertificateDetail {
  row: CertificateRow;
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
  conditions: ConditionDto[];
  events: EventDto[];
  requests: CertificateRequestRow[];
  /** Parsed certificates of `tls.crt` (leaf first), then `ca.crt` if present. */
  secret?: {
    name: string;
    certificates: CertificateInfo[];
    ca: CertificateInfo[];
    /** PEM of each of `certificates` / `ca` (CERTIFICATE blocks only, for copy buttons; never a key). */
    certificatePems?: string[];
    caPems?: string[];
    /** Whether `tls.crt` verifies against `ca.crt` (as `cmctl inspect secret` reports). */
    chainVerifies?: boolean;
    chainProblem?: string;
  };
}

export type IssuerType = "selfSigned" | "ca" | "acme" | "vault" | "venafi" | "unknown";

export interface IssuerRow {
  /** The fleet cluster (kubeconfig context) the row was read from (lib/fleet.ts). */
  cluster?: string;
  kind: "Issuer" | "ClusterIssuer";
  namespace?: string;
  name: string;
  type: IssuerType;
  ready: ConditionStatus;
  readyReason?: string;
  readyMessage?: string;
  /** For CA issuers: the Secret holding the CA and the parsed CA certificate. */
  caSecretName?: string;
  caSecretNamespace?: string;
  ca?: { subject: string; notAfter: string; daysLeft: number; expiryLevel: ExpiryLevel };
  /** For CA issuers: why the CA Secret could not be read (missing, forbidden, malformed). */
  caProblem?: string;
  acmeServer?: string;
  /** For ACME issuers: the account's contact email (`spec.acme.email`). */
  acmeEmail?: string;
  /** For ACME issuers: the account URL at the ACME server (`status.acme.uri`), once registered. */
  acmeAccountUri?: string;
  /**
   * For ACME issuers: "registered" (an account URI and Ready True), "failed" (Ready False, e.g.
   * ErrRegisterACMEAccount), or "pending" (not registered yet).
   */
  acmeAccountStatus?: "registered" | "failed" | "pending";
}

export interface TlsSecretRow {
  /** The fleet cluster (kubeconfig context) the row was read from (lib/fleet.ts). */
  cluster?: string;
  namespace: string;
  name: string;
  /** "namespace/name" of the managing Certificate, or undefined when unmanaged. */
  managedBy?: { namespace: string; name: string };
  managed: boolean;
  certificate?: CertificateInfo;
  hasCa: boolean;
  notAfter?: string;
  daysLeft?: number;
  expiryLevel: ExpiryLevel;
  problem?: string;
}

export interface HealthDto {
  app: "ok";
  version: string;
  cluster: {
    reachable: boolean;
    server?: string;
    context?: string;
    /** What was tried and what went wrong, when unreachable. */
    error?: string;
    version?: string;
  };
  contexts: string[];
}

export interface ListResponse<T> {
  items: T[];
  total: number;
  /** Namespaces present in the unfiltered list, for filter menus. */
  namespaces?: string[];
  /** Value counts over the unfiltered list, for filter menus (e.g. issuers of certificates). */
  facets?: { issuers?: { name: string; kind: string; count: number }[] };
  /** Merged fleet lists: the clusters left out (unreachable, forbidden, too slow) and why. */
  clusterErrors?: { cluster: string; message: string; status: number }[];
}
