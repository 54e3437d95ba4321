/**
 * DTOs of the gateway view, the mTLS toggle preview and the TLS probe. Browser-safe: they hold
 * parsed public certificate facts only, never Secret data or key material.
 */
import type { CertificateInfo } from "@/lib/types";

export type HopLevel = "green" | "amber" | "red";

/** The four hops of one route host, left to right. */
export type HopKey = "clientTls" | "clientMtls" | "upstreamTls" | "upstreamClientCert";

export const HOP_KEYS: readonly HopKey[] = ["clientTls", "clientMtls", "upstreamTls", "upstreamClientCert"];

export const HOP_LABELS: Record<HopKey, string> = {
  clientTls: "client → gateway TLS",
  clientMtls: "client → gateway mTLS",
  upstreamTls: "gateway → upstream TLS",
  upstreamClientCert: "gateway → upstream client certificate",
};

/** One coloured cell of the matrix: its level and the one-line reason (shown on hover / in details). */
export interface HopCell {
  level: HopLevel;
  reason: string;
}

export interface SecretRefDto {
  namespace: string;
  name: string;
}

/** Public facts of a Secret a hop depends on. */
export interface HopSecretDto extends SecretRefDto {
  found: boolean;
  /** True when Secrets could not be read at all (e.g. RBAC): `found` says nothing then. */
  unreadable?: boolean;
  /** Leaf (first certificate of `tls.crt`, or of `ca.crt` when no `tls.crt`). */
  certificate?: CertificateInfo;
  /** The certificate APISIX trusts when this Secret is a caSecret (`cert`, then `tls.crt`, then `ca.crt`). */
  trustedCertificate?: CertificateInfo;
  daysLeft?: number;
  problem?: string;
}

/** Client mTLS settings of an ApisixTls (`spec.client`). */
export interface ClientMtlsDto {
  caSecret: HopSecretDto;
  depth?: number;
  skipMtlsUriRegex: string[];
}

export interface TlsRefDto {
  namespace: string;
  name: string;
  hosts: string[];
  /** The ApisixTls host entry that covered the route host (exact or wildcard). */
  matchedBy: string;
  secret: HopSecretDto;
  client?: ClientMtlsDto;
  /** Other ApisixTls objects that claim the same host entry (APISIX serves only one of them). */
  alsoClaimedBy?: SecretRefDto[];
}

export interface UpstreamDto {
  namespace: string;
  name: string;
  found: boolean;
  scheme: string;
  tlsSecret?: HopSecretDto;
}

/** One row: route / rule / host with the four hop cells. */
export interface GatewayRow {
  id: string;
  route: { namespace: string; name: string };
  rule: string;
  host: string;
  paths: string[];
  backends: { serviceName: string; servicePort: number | string }[];
  tls?: TlsRefDto;
  upstream?: UpstreamDto;
  cells: Record<HopKey, HopCell>;
  /** Worst level of the row. */
  level: HopLevel;
}

/** ApisixTls objects as the page lists them (for the toggle). */
export interface ApisixTlsSummary {
  namespace: string;
  name: string;
  hosts: string[];
  secret: SecretRefDto;
  client?: { caSecret: SecretRefDto; depth?: number; skipMtlsUriRegex: string[] };
  resourceVersion?: string;
}

export interface ApisixUpstreamSummary {
  namespace: string;
  name: string;
  scheme: string;
  tlsSecret?: SecretRefDto;
  resourceVersion?: string;
}

export interface GatewayMatrixDto {
  rows: GatewayRow[];
  /** Route hosts that no ApisixTls covers: served over plain HTTP only. */
  hostsWithoutTls: { namespace: string; route: string; rule: string; host: string }[];
  tlses: ApisixTlsSummary[];
  upstreams: ApisixUpstreamSummary[];
  /**
   * Host entries claimed by more than one ApisixTls: every claimant is named (APISIX picks one
   * of them, depending on the order it loaded them).
   */
  hostConflicts?: { host: string; claimants: SecretRefDto[]; message: string }[];
  /** TLS Secrets that can serve as a caSecret, CA Secrets first. */
  caSecretCandidates: { namespace: string; name: string; isCA: boolean; subject?: string }[];
  /** Why Secrets could not be read (e.g. the context may not list Secrets): certificate checks were skipped. */
  secretsUnreadable?: string;
  generatedAt: string;
}

/** One known client certificate and whether the chosen CA lets it in. */
export interface ClientCertVerdict {
  namespace: string;
  secretName: string;
  /** Managing Certificate, when cert-manager manages the Secret. */
  certificate?: string;
  subject: string;
  notAfter: string;
  hasClientAuth: boolean;
  expired: boolean;
  chainsToCa: boolean;
  /** "gets-in" only when it chains to the CA, is valid now and allows client auth. */
  outcome: "gets-in" | "locked-out";
  reason: string;
}

export type PreviewWarningCode =
  | "ca-secret-is-leaf"
  | "ca-secret-missing"
  | "ca-secret-unreadable"
  | "ca-expired"
  | "nobody-gets-in"
  | "plain-http-route"
  | "depth-too-small";

export interface PreviewWarning {
  code: PreviewWarningCode;
  message: string;
}

export interface MtlsPreviewDto {
  tls: { namespace: string; name: string; hosts: string[] };
  enabled: boolean;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** Changed paths of `spec`, e.g. "client.caSecret.name". */
  changes: { path: string; before?: unknown; after?: unknown }[];
  /** The CA certificate APISIX would trust (what the controller reads from caSecret). */
  trustedCa?: CertificateInfo;
  getsIn: ClientCertVerdict[];
  lockedOut: ClientCertVerdict[];
  warnings: PreviewWarning[];
}

export interface SkipRegexResult {
  path: string;
  skipped: boolean;
  /** Index of the first regex that matched. */
  matchedBy?: number;
}
