/**
 * The one query-key factory of the browser, and the one map of which keys a cluster change makes
 * stale. Every key starts with "trustdeck" and then an area, so a whole area is invalidated by its
 * prefix (`queryKeys.certificates.all`) and a context switch by `queryKeys.all`.
 */
import { type QueryArea as ClusterArea, QUERY_AREAS, staleQueryKeysOf } from "@/lib/kinds";
import type { LiveKind } from "@/lib/live/types";
import type { AcmeFilter, CertificateListParams, RequestListParams, SecretListParams } from "./types";

/** The areas (second key segment): the kind table's cluster areas, plus "access" (permission checks). */
export type QueryArea = ClusterArea | "access";

/** The kinds "view YAML" shows (lib/inventory/object-yaml.ts). */
export type YamlKind = "Certificate" | "Issuer" | "ClusterIssuer" | "CertificateRequest" | "Secret";
const YAML_AREA = {
  Certificate: "certificates",
  Issuer: "issuers",
  ClusterIssuer: "issuers",
  CertificateRequest: "requests",
  Secret: "secrets",
} as const satisfies Record<YamlKind, QueryArea>;

/**
 * `key` scoped to the cluster of the object whose page this is (`?cluster=` on an object's page of a
 * fleet, see `usePageCluster`): every API call of such a page goes to that cluster
 * (`withPageCluster`, lib/api-client.ts), so two same-named objects of two clusters never share a
 * cached answer. The cluster is appended, so invalidating by the unscoped key (a prefix) still
 * reaches it. `key` itself when there is no page cluster.
 */
export function inPageCluster<K extends readonly unknown[]>(
  key: K,
  cluster: string | undefined,
): K | readonly [...K, { cluster: string }] {
  return cluster ? ([...key, { cluster }] as const) : key;
}

const area = <A extends QueryArea>(a: A) => ["trustdeck", a] as const;

export const queryKeys = {
  all: ["trustdeck"] as const,
  health: () => ["trustdeck", "health"] as const,
  contexts: () => ["trustdeck", "contexts"] as const,
  clusters: () => ["trustdeck", "clusters"] as const,
  me: () => ["trustdeck", "me"] as const,
  access: {
    all: area("access"),
    /** cert-manager actions (issue, renew, rotate, approve, deny) in a namespace. */
    actions: (namespace?: string, cluster?: string) =>
      [...area("access"), "actions", namespace ?? "", ...(cluster ? [cluster] : [])] as const,
    /** APISIX writes (create ApisixTls, toggle mTLS) in a namespace. */
    gateway: (namespace?: string) => [...area("access"), "gateway", namespace ?? ""] as const,
  },
  certificates: {
    all: area("certificates"),
    list: (params: CertificateListParams) => [...area("certificates"), "list", params] as const,
    /** Every row, patched by deltas (`useCertificateFeed`). */
    feed: () => [...area("certificates"), "feed"] as const,
    detail: (namespace: string, name: string) =>
      [...area("certificates"), "detail", namespace, name] as const,
    diagnosis: (namespace: string, name: string) =>
      [...area("certificates"), "diagnosis", namespace, name] as const,
    stuck: () => [...area("certificates"), "stuck"] as const,
  },
  issuers: () => area("issuers"),
  /** One Issuer (namespace given) or ClusterIssuer; under the issuers area, so it goes stale with it. */
  issuerDetail: (kind: "Issuer" | "ClusterIssuer", namespace: string | undefined, name: string) =>
    [...area("issuers"), "detail", kind, namespace ?? "", name] as const,
  acme: {
    all: area("acme"),
    orders: (filter: AcmeFilter = {}) => [...area("acme"), "orders", filter] as const,
    challenges: (filter: AcmeFilter = {}) => [...area("acme"), "challenges", filter] as const,
    order: (namespace: string, name: string) => [...area("acme"), "order", namespace, name] as const,
    challenge: (namespace: string, name: string) => [...area("acme"), "challenge", namespace, name] as const,
  },
  requests: {
    all: area("requests"),
    list: (params: RequestListParams = {}) => [...area("requests"), "list", params] as const,
    detail: (namespace: string, name: string) => [...area("requests"), "detail", namespace, name] as const,
  },
  secrets: (params: SecretListParams = {}) => [...area("secrets"), params] as const,
  /** One Secret's detail page (`/api/secrets/{namespace}/{name}`). */
  secret: (namespace: string, name: string) => [...area("secrets"), "detail", namespace, name] as const,
  /** "View YAML" of one object, under the area its kind lives in (so a change of it makes it stale). */
  yaml: (kind: YamlKind, namespace: string | undefined, name: string) =>
    [...area(YAML_AREA[kind]), "yaml", namespace ?? "", name] as const,
  trust: {
    all: area("trust"),
    graph: (namespace?: string) => [...area("trust"), "graph", namespace ?? ""] as const,
    report: (namespace?: string) => [...area("trust"), "report", namespace ?? ""] as const,
    chain: (namespace: string, name: string) => [...area("trust"), "chain", namespace, name] as const,
  },
  gateway: {
    all: area("gateway"),
    matrix: () => [...area("gateway"), "matrix"] as const,
  },
  overview: {
    all: area("overview"),
    audit: () => [...area("overview"), "audit"] as const,
  },
};

/**
 * Query-key prefixes a change of `kind` makes stale: the kind table's `staleQueryKeys`
 * (`lib/kinds.ts`). Unknown kinds: none.
 */
export function staleQueryKeys(kind: LiveKind): (readonly string[])[] {
  return staleQueryKeysOf(kind).map((a) => area(a));
}

/** Every area that holds cluster data: invalidated after a dropped live stream. */
export const CLUSTER_AREAS: readonly ClusterArea[] = QUERY_AREAS;

/** Key prefixes of every area that holds cluster data. */
export function allClusterKeys(): (readonly string[])[] {
  return CLUSTER_AREAS.map((a) => area(a));
}
