/**
 * Typed URL builders for every Trustdeck API route the browser calls. Pure: no fetching here.
 * Path segments are URI-encoded; undefined or empty query values are left out.
 */
import { withQuery } from "@/lib/api-client";
import type { AcmeFilter, CertificateListParams, RequestListParams, SecretListParams } from "./types";

const seg = encodeURIComponent;
const obj = (base: string, namespace: string, name: string) => `${base}/${seg(namespace)}/${seg(name)}`;

export const apiUrl = {
  health: () => "/api/healthz",
  contexts: () => "/api/contexts",
  /** Every configured cluster with its health (the overview strip). */
  clusters: () => "/api/clusters",
  me: () => "/api/auth/me",
  signIn: () => "/api/auth/signin",
  signOut: () => "/api/auth/signout",
  events: () => "/api/events",
  /** What the identity may do with cert-manager objects in `namespace` (SelfSubjectAccessReviews). */
  access: (namespace?: string) => withQuery("/api/access", { namespace }),
  /** What the identity may do with APISIX objects in `namespace` (SelfSubjectAccessReviews). */
  gatewayAccess: (namespace?: string) => withQuery("/api/apisix/access", { namespace }),
  certificates: (params: CertificateListParams = {}) => withQuery("/api/certificates", { ...params }),
  /** Every certificate row, packed; `since` = the version held, for a delta. */
  certificateFeed: (since?: string) => withQuery("/api/certificates/feed", { since }),
  certificate: (namespace: string, name: string) => obj("/api/certificates", namespace, name),
  certificateChain: (namespace: string, name: string) => `${obj("/api/certificates", namespace, name)}/chain`,
  certificateAction: (namespace: string, name: string, action: "renew" | "rotate") =>
    `${obj("/api/certificates", namespace, name)}/${action}`,
  certificateDiagnosis: (namespace: string, name: string) =>
    `${obj("/api/certificates", namespace, name)}/diagnosis`,
  stuckIssuance: () => "/api/certificates/diagnoses",
  bulkRenew: () => "/api/certificates/renew",
  issue: () => "/api/certificates",
  issuers: () => "/api/issuers",
  issuer: (namespace: string, name: string) => obj("/api/issuers", namespace, name),
  clusterIssuer: (name: string) => `/api/clusterissuers/${seg(name)}`,
  acmeOrders: (filter: AcmeFilter = {}) => withQuery("/api/acme/orders", { ...filter }),
  acmeChallenges: (filter: AcmeFilter = {}) => withQuery("/api/acme/challenges", { ...filter }),
  acmeOrder: (namespace: string, name: string) => obj("/api/acme/orders", namespace, name),
  acmeChallenge: (namespace: string, name: string) => obj("/api/acme/challenges", namespace, name),
  requests: (params: RequestListParams = {}) => withQuery("/api/certificaterequests", { ...params }),
  request: (namespace: string, name: string) => obj("/api/certificaterequests", namespace, name),
  requestDecision: (namespace: string, name: string, decision: "approve" | "deny") =>
    `${obj("/api/certificaterequests", namespace, name)}/${decision}`,
  secrets: (params: SecretListParams = {}) => withQuery("/api/secrets/tls", { ...params }),
  secret: (namespace: string, name: string) => obj("/api/secrets", namespace, name),
  /** "View YAML" of one object (a Secret: metadata, type and data key names only). */
  yaml: (kind: string, namespace: string | undefined, name: string) =>
    withQuery("/api/yaml", { kind, namespace, name }),
  trustGraph: (namespace?: string) => withQuery("/api/trust", { namespace }),
  trustReport: (namespace?: string) => withQuery("/api/trust/report", { namespace }),
  /** The audit as CSV, with every filter on screen. */
  trustReportCsv: (filter: { namespace?: string; severity?: string; kind?: string }) =>
    withQuery("/api/trust/report", { format: "csv", ...filter }),
  auditSummary: () => "/api/export/audit.json",
  gatewayMatrix: () => "/api/apisix/routes",
  apisixTls: () => "/api/apisix/tls",
  tlsMtls: (namespace: string, name: string) => `${obj("/api/apisix/tls", namespace, name)}/mtls`,
  tlsMtlsPreview: (namespace: string, name: string) =>
    `${obj("/api/apisix/tls", namespace, name)}/mtls/preview`,
  upstreamMtls: (namespace: string, name: string) => `${obj("/api/apisix/upstreams", namespace, name)}/mtls`,
  probe: () => "/api/probe",
} as const;
