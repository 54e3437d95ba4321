/**
 * The kind table: every Kubernetes resource kind Trustdeck reads or writes, in one place.
 *
 * Pure data, safe in the browser (no server imports). Everything that used to repeat a kind's
 * coordinates derives from this table:
 * - listing with paging and the watch cache (`lib/k8s/`), which also attaches the server-only
 *   reducer a kind's objects pass through before they are cached (`lib/k8s/kinds.ts`);
 * - the SSE `kind` field of `/api/events` (`WatchedKind`);
 * - which browser queries go stale when an object of the kind changes (`staleQueryKeys`);
 * - the RBAC verbs `deploy/` must grant (`rbac`; checked by `lib/kinds.test.ts` and the deploy test).
 *
 * Names are the API server's: `kind` is the object kind, `plural` the REST resource name,
 * `group` "" the core group. Adding a kind: see docs/architecture.md, "How to add a kind".
 */

/** A Kubernetes RBAC verb Trustdeck may call (`approve` is cert-manager's verb on `signers`). */
export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "approve";

/**
 * The browser's query-key areas (the second element after the `"trustdeck"` root). Invalidating an
 * area refetches every query under it.
 */
export const QUERY_AREAS = [
  "certificates",
  "issuers",
  "requests",
  "secrets",
  "gateway",
  "trust",
  "overview",
  "acme",
] as const;
export type QueryArea = (typeof QUERY_AREAS)[number];

/** One kind's row of the table. */
export interface KindInfo {
  /** The object kind, e.g. `Certificate`. */
  kind: string;
  /** API group; "" for the core group. */
  group: string;
  version: string;
  /** REST resource name, e.g. `certificates`. */
  plural: string;
  namespaced: boolean;
  /** Whether the live cache lists and watches the kind (and `/api/events` reports its changes). */
  watched: boolean;
  /** Field selector every list and watch of the kind uses (e.g. only TLS Secrets). */
  fieldSelector?: string;
  /** Query-key areas the browser must invalidate when an object of the kind changes. */
  staleQueryKeys: readonly QueryArea[];
  /**
   * RBAC verbs the reads of the kind call, per resource (`plural`, or `plural/subresource`); `watch`
   * only the watch cache uses. Writes are declared by the write path (lib/actions/write-table.ts).
   */
  rbac: Readonly<Record<string, readonly Verb[]>>;
}

const CM = "cert-manager.io";
const ACME = "acme.cert-manager.io";
const APISIX = "apisix.apache.org";
const TRUST = "trust.cert-manager.io";

function define<const T extends Record<string, Omit<KindInfo, "kind">>>(
  rows: T,
): { readonly [K in keyof T]: T[K] & { kind: K } } {
  const out = {} as Record<string, KindInfo>;
  for (const [kind, row] of Object.entries(rows)) out[kind] = { kind, ...row };
  return out as { readonly [K in keyof T]: T[K] & { kind: K } };
}

/**
 * Every kind, keyed by its `kind`. Watched kinds first (their order is the order of the live status).
 */
export const KINDS = define({
  Certificate: {
    group: CM,
    version: "v1",
    plural: "certificates",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["certificates", "secrets", "trust", "overview"],
    rbac: { certificates: ["get", "list", "watch"] },
  },
  CertificateRequest: {
    group: CM,
    version: "v1",
    plural: "certificaterequests",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["requests", "certificates"],
    rbac: { certificaterequests: ["get", "list", "watch"] },
  },
  Issuer: {
    group: CM,
    version: "v1",
    plural: "issuers",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["issuers", "trust", "overview"],
    rbac: { issuers: ["get", "list", "watch"] },
  },
  ClusterIssuer: {
    group: CM,
    version: "v1",
    plural: "clusterissuers",
    namespaced: false,
    watched: true,
    staleQueryKeys: ["issuers", "trust", "overview"],
    rbac: { clusterissuers: ["get", "list", "watch"] },
  },
  Secret: {
    group: "",
    version: "v1",
    plural: "secrets",
    namespaced: true,
    watched: true,
    fieldSelector: "type=kubernetes.io/tls",
    staleQueryKeys: ["secrets", "certificates", "issuers", "trust", "gateway", "overview"],
    // Read only: reduced to public PEMs before caching; `get` also serves the probe's client identity.
    rbac: { secrets: ["get", "list", "watch"] },
  },
  ApisixTls: {
    group: APISIX,
    version: "v2",
    plural: "apisixtlses",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["gateway", "trust"],
    rbac: { apisixtlses: ["get", "list", "watch"] },
  },
  ApisixRoute: {
    group: APISIX,
    version: "v2",
    plural: "apisixroutes",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["gateway", "trust"],
    rbac: { apisixroutes: ["list", "watch"] },
  },
  ApisixUpstream: {
    group: APISIX,
    version: "v2",
    plural: "apisixupstreams",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["gateway", "trust"],
    rbac: { apisixupstreams: ["get", "list", "watch"] },
  },
  Order: {
    group: ACME,
    version: "v1",
    plural: "orders",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["acme", "requests"],
    rbac: { orders: ["list", "watch"] },
  },
  Challenge: {
    group: ACME,
    version: "v1",
    plural: "challenges",
    namespaced: true,
    watched: true,
    staleQueryKeys: ["acme"],
    rbac: { challenges: ["list", "watch"] },
  },
  Bundle: {
    group: TRUST,
    version: "v1alpha1",
    plural: "bundles",
    namespaced: false,
    watched: true,
    staleQueryKeys: ["trust"],
    // trust-manager's Bundles: listed in the trust views; `get` serves the CA rotation's distribute step.
    rbac: { bundles: ["get", "list", "watch"] },
  },
  Namespace: {
    group: "",
    version: "v1",
    plural: "namespaces",
    namespaced: false,
    watched: false,
    staleQueryKeys: [],
    // list: which namespaces a Bundle's target namespaceSelector matches (their labels).
    rbac: { namespaces: ["list"] },
  },
  ConfigMap: {
    group: "",
    version: "v1",
    plural: "configmaps",
    namespaced: true,
    watched: false,
    staleQueryKeys: [],
    // get/list: the CA rotations' state objects (`trustdeck-rotation-<ca>`, lib/rotation/state.ts).
    rbac: { configmaps: ["get", "list"] },
  },
  Pod: {
    group: "",
    version: "v1",
    plural: "pods",
    namespaced: true,
    watched: false,
    staleQueryKeys: [],
    // list (read-only, optional): the workloads that mount a Bundle target or a CA's Secret
    // (lib/trust/workloads.ts); a denied list is said, never fatal.
    rbac: { pods: ["list"] },
  },
  Event: {
    group: "",
    version: "v1",
    plural: "events",
    namespaced: true,
    watched: false,
    staleQueryKeys: [],
    // list: the Events shown on a certificate (the write path creates them: lib/actions/write-table.ts).
    rbac: { events: ["list"] },
  },
  SelfSubjectReview: {
    group: "authentication.k8s.io",
    version: "v1",
    plural: "selfsubjectreviews",
    namespaced: false,
    watched: false,
    staleQueryKeys: [],
    // Who am I: sign-in check and the identity actions are recorded under.
    rbac: { selfsubjectreviews: ["create"] },
  },
  SelfSubjectAccessReview: {
    group: "authorization.k8s.io",
    version: "v1",
    plural: "selfsubjectaccessreviews",
    namespaced: false,
    watched: false,
    staleQueryKeys: [],
    // May I: buttons are disabled with the authorizer's reason.
    rbac: { selfsubjectaccessreviews: ["create"] },
  },
});

/** Every kind name of the table. */
export type KindName = keyof typeof KINDS;

/** The kinds the live cache watches and `/api/events` reports, in table order. */
export type WatchedKind = {
  [K in KindName]: (typeof KINDS)[K]["watched"] extends true ? K : never;
}[KindName];

/** Every row of the table, in table order. */
export const KIND_LIST: readonly KindInfo[] = Object.values(KINDS);

/** The watched kinds' names, in table order (the live status lists them so). */
export const WATCHED_KINDS: readonly WatchedKind[] = KIND_LIST.filter((k) => k.watched).map(
  (k) => k.kind as WatchedKind,
);

/** `apiVersion` of a kind as objects carry it: `group/version`, or `version` for the core group. */
export function apiVersionOf(info: Pick<KindInfo, "group" | "version">): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** REST path of a kind's collection across all namespaces (or of a cluster-scoped kind). */
export function collectionPath(info: Pick<KindInfo, "group" | "version" | "plural">): string {
  return info.group
    ? `/apis/${info.group}/${info.version}/${info.plural}`
    : `/api/${info.version}/${info.plural}`;
}

/** Query-key areas a change of `kind` makes stale (empty for a name the table does not know). */
export function staleQueryKeysOf(kind: string): readonly QueryArea[] {
  return (KINDS as Record<string, KindInfo | undefined>)[kind]?.staleQueryKeys ?? [];
}

/** The row of the kind with this group and plural, if any. */
export function kindByResource(group: string, plural: string): KindInfo | undefined {
  return KIND_LIST.find((k) => k.group === group && k.plural === plural);
}

/** One RBAC grant: verbs on one resource (or `resource/subresource`) of one API group. */
export interface Grant {
  group: string;
  resource: string;
  verbs: readonly Verb[];
}

/**
 * The grants the kind table needs, merged per group and resource, verbs sorted.
 * `withWatch: false` drops `watch` (what a person needs in token sign-in mode: the shared watch
 * cache watches as Trustdeck's own identity, never as a person).
 */
export function requiredGrants(opts: { withWatch: boolean }): Grant[] {
  const merged = new Map<string, Set<Verb>>();
  for (const info of KIND_LIST) {
    for (const [resource, verbs] of Object.entries(info.rbac)) {
      const key = `${info.group}|${resource}`;
      const set = merged.get(key) ?? new Set<Verb>();
      for (const v of verbs) if (opts.withWatch || v !== "watch") set.add(v);
      merged.set(key, set);
    }
  }
  return [...merged.entries()]
    .map(([key, verbs]) => {
      const [group = "", resource = ""] = key.split("|");
      return { group, resource, verbs: [...verbs].sort() };
    })
    .filter((g) => g.verbs.length > 0)
    .sort((a, b) => (a.group + a.resource < b.group + b.resource ? -1 : 1));
}
