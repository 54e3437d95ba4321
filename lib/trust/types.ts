import type { CertificateInfo, ConditionStatus, IssuerType } from "@/lib/types";
import type { Problem as ChainProblem, ChainStatus, Severity } from "@/lib/x509/chain";
import type { ParsedCertificate } from "@/lib/x509/parse";

/**
 * Inputs and outputs of the pure trust-graph model. Inputs are reduced, public facts of
 * cluster objects (no private keys); `lib/inventory` or `lib/k8s` builds them.
 */

export type { Severity };

/** A reference to a Secret; `namespace` defaults to the referencing object's namespace. */
export interface SecretRef {
  name: string;
  namespace?: string;
}

export interface IssuerFacts {
  kind: "Issuer" | "ClusterIssuer";
  /** Absent for ClusterIssuers. */
  namespace?: string;
  name: string;
  type: IssuerType;
  /** For `ca` issuers: `spec.ca.secretName` (a ClusterIssuer's lives in the cluster-resource namespace). */
  caSecret?: SecretRef;
  ready?: ConditionStatus;
}

export interface CertificateFacts {
  namespace: string;
  name: string;
  issuerRef: { name: string; kind?: string; group?: string };
  secretName: string;
  isCA: boolean;
  /** cert-manager usages (`spec.usages`), e.g. ["server auth", "client auth"]. */
  usages: string[];
  dnsNames?: string[];
  commonName?: string;
  /** `status.renewalTime`, ISO. */
  renewalTime?: string;
}

/** Parsed certificates of one Secret key, with the DER kept for signature verification. */
export interface CertBundle {
  certificates: CertificateInfo[];
  der: Uint8Array[];
  /** The same certificates already parsed (from the one parse per Secret resourceVersion); else parsed from `der`. */
  parsed?: ParsedCertificate[];
}

/** Public facts of a Secret: parsed certificates only, never key material. */
export interface SecretFacts {
  namespace: string;
  name: string;
  type?: string;
  tlsCrt?: CertBundle;
  caCrt?: CertBundle;
  /** The `cert` key, which APISIX reads before `tls.crt`. */
  cert?: CertBundle;
  /** Why a key could not be parsed, per key. */
  errors?: Partial<Record<"tls.crt" | "ca.crt" | "cert", string>>;
}

export interface ApisixTlsFacts {
  namespace: string;
  name: string;
  hosts: string[];
  secret: SecretRef;
  client?: { caSecret: SecretRef; depth?: number };
}

export interface ApisixUpstreamFacts {
  namespace: string;
  name: string;
  scheme?: string;
  tlsSecret?: SecretRef;
}

/** A Kubernetes LabelSelector (matchLabels and matchExpressions: In, NotIn, Exists, DoesNotExist). */
export interface LabelSelectorFacts {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** One source of a trust-manager Bundle (trust-manager's BundleSource; exactly one kind). */
export type BundleSourceFacts =
  | {
      kind: "secret" | "configMap";
      name?: string;
      key?: string;
      includeAllKeys?: boolean;
      selector?: LabelSelectorFacts;
    }
  | { kind: "inLine"; certificates: CertBundle; error?: string }
  | { kind: "useDefaultCAs" };

/** Public facts of a trust-manager Bundle (`trust.cert-manager.io/v1alpha1`, cluster-scoped). */
export interface BundleFacts {
  name: string;
  sources: BundleSourceFacts[];
  target: {
    configMapKey?: string;
    secretKey?: string;
    /** Absent: every namespace (trust-manager's default). */
    namespaceSelector?: LabelSelectorFacts;
  };
  /** The `Synced` condition. */
  synced?: ConditionStatus;
  syncedMessage?: string;
}

/** A namespace's name and labels (what a Bundle's namespaceSelector matches). */
export interface NamespaceFacts {
  name: string;
  labels: Record<string, string>;
}

export interface TrustGraphInput {
  issuers: IssuerFacts[];
  certificates: CertificateFacts[];
  secrets: SecretFacts[];
  apisixTls?: ApisixTlsFacts[];
  apisixUpstreams?: ApisixUpstreamFacts[];
  bundles?: BundleFacts[];
  /** Namespaces with labels; without them a Bundle's targets are placed in the namespaces seen. */
  namespaces?: NamespaceFacts[];
}

export interface TrustGraphOptions {
  /** Point in time to judge validity at. */
  now: Date;
  /** Namespace where ClusterIssuer CA Secrets live (cert-manager `--cluster-resource-namespace`). */
  clusterResourceNamespace?: string;
  /** "expiring-soon" threshold in days (default 7). */
  expiringSoonDays?: number;
  /** trust-manager's trust namespace, where Bundle sources live (default "cert-manager"). */
  trustNamespace?: string;
}

export type TrustNodeKind =
  | "clusterissuer"
  | "issuer"
  | "ca-certificate"
  | "leaf-certificate"
  | "secret"
  | "apisix-tls"
  | "apisix-upstream"
  | "host"
  | "bundle"
  | "configmap"
  /** A workload (Deployment, StatefulSet, ..., or a bare Pod) whose Pods mount a trust object. */
  | "workload";

/**
 * Edge directions:
 * - issued-by: Certificate -> Issuer/ClusterIssuer (issuerRef).
 * - signed-by: Issuer -> its CA Secret (the key it signs with); Secret -> Secret when the first
 *   certificate of the former verifies with the key of the latter's certificate.
 * - stored-in: Certificate -> Secret (secretName).
 * - served-for-host: Secret -> ApisixTls (served cert), ApisixTls -> host.
 * - trusted-as-client-ca-by: Secret -> ApisixTls (client.caSecret).
 * - presented-to-upstream: Secret -> ApisixUpstream (tlsSecret, the client cert APISIX presents).
 * - bundle-source: Secret/ConfigMap (in the trust namespace) -> Bundle (a source it reads).
 * - distributed-to: Bundle -> target Secret/ConfigMap (one per namespace its selector matches).
 * - mounted-by: Secret/ConfigMap -> workload whose Pods mount it (lib/trust/workloads.ts).
 */
export type TrustEdgeKind =
  | "issued-by"
  | "signed-by"
  | "stored-in"
  | "served-for-host"
  | "trusted-as-client-ca-by"
  | "presented-to-upstream"
  | "bundle-source"
  | "distributed-to"
  | "mounted-by";

/** Codes of graph-level problems, in addition to the chain engine's. */
export type GraphProblemCode =
  | "secret-missing"
  | "issuer-not-found"
  | "secret-unparseable"
  | "client-ca-is-leaf"
  | "client-ca-empty"
  | "host-not-covered"
  | "upstream-scheme-not-https"
  | "bundle-not-synced";

export interface TrustProblem extends Omit<ChainProblem, "code"> {
  code: ChainProblem["code"] | GraphProblemCode;
}

export interface TrustNode {
  /**
   * `${kind}:${namespace}/${name}` (namespace empty for cluster-scoped objects and hosts); in a merged
   * fleet graph prefixed by `${cluster}|`.
   */
  id: string;
  /** The fleet cluster of the object, in a merged (several-cluster) graph. */
  cluster?: string;
  kind: TrustNodeKind;
  namespace?: string;
  name: string;
  problems: TrustProblem[];
  /** Worst severity of `problems`, or "ok". */
  status: Severity | "ok";
  /** True for objects that are referenced but were not found. */
  missing?: boolean;
  /** Certificate nodes and secrets: the first certificate of the Secret's tls.crt. */
  certificate?: CertificateInfo;
  /** Certificate nodes and secrets: verdict of the Secret's chain. */
  chain?: { status: ChainStatus; valid: boolean };
  /** Secret nodes: SHA-256 fingerprints of tls.crt and ca.crt certificates. Bundle nodes: caCrt
   * holds the fingerprints of the certificates its sources hold (where known). */
  fingerprints?: { tlsCrt: string[]; caCrt: string[] };
}

export interface TrustEdge {
  id: string;
  kind: TrustEdgeKind;
  from: string;
  to: string;
}

export interface TrustGraph {
  nodes: TrustNode[];
  edges: TrustEdge[];
}

export interface AuditRow {
  /** The fleet cluster of the object, in a merged (several-cluster) report. */
  cluster?: string;
  severity: Severity;
  objectKind: string;
  namespace: string;
  name: string;
  code: string;
  message: string;
  fix: string;
}
