import "server-only";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { conditionStatus } from "@/lib/inventory/conditions";
import { issuerType } from "@/lib/inventory/issuers";
import { analyzeTlsSecret } from "@/lib/inventory/secret-certs";
import { listApisixTls, listApisixUpstreams } from "@/lib/k8s/apisix";
import { listBundles, listNamespaces } from "@/lib/k8s/bundles";
import {
  CERTIFICATE_NAME_ANNOTATION,
  CERTIFICATE_REVISION_ANNOTATION,
  listCertificateRequests,
  type RawCertificateRequest,
} from "@/lib/k8s/certificate-requests";
import { getCertificate, listCertificates, type RawCertificate } from "@/lib/k8s/certificates";
import { currentViewer } from "@/lib/k8s/config";
import { KubeError } from "@/lib/k8s/errors";
import { acrossClusters, fleetTargets } from "@/lib/k8s/fleet";
import { listClusterIssuers, listIssuers, type RawIssuer } from "@/lib/k8s/issuers";
import { getSecretFacts, listTlsSecrets, type TlsSecretFacts } from "@/lib/k8s/secrets";
import { cacheGeneration, type WatchKind } from "@/lib/k8s/watch-cache";
import { worstSeverity } from "@/lib/severity";
import { type ChainRole, verifyChain } from "@/lib/x509/chain";
import { parseCertificatesPemWithObjects } from "@/lib/x509/parse";
import { bundleFacts, namespaceFacts } from "./bundle-facts";
import type {
  CertificateChainDto,
  SeverityCounts,
  TrustDataSource,
  TrustGraphDto,
  TrustGroupDto,
  TrustReportDto,
  TrustSearchDto,
} from "./dto";
import { buildTrustGraph } from "./graph";
import { CLOCK_MAX_AGE_MS, GraphCache, type GraphViews, MAX_AGE_MS } from "./graph-cache";
import { buildAuditReport } from "./report";
import { secretFactsFromData } from "./secret-facts";
import { SUMMARY_AT, type SummaryGroupBy, searchGraph } from "./summary";
import type {
  CertificateFacts,
  IssuerFacts,
  SecretFacts,
  Severity,
  TrustGraph,
  TrustGraphInput,
  TrustNode,
} from "./types";
import { loadWorkloads } from "./workload-source";
import { graphMountTargets, type MountTarget, withWorkloads } from "./workloads";

/**
 * Loads the trust model's inputs from the cluster. Secret data reaches it as public PEMs only
 * (lib/k8s/secrets reduces every Secret to tls.crt / ca.crt on receipt). When the identity may
 * not read Secrets, each Certificate's chain is rebuilt from its current CertificateRequest,
 * whose `status.certificate` / `status.ca` hold no key.
 */

const FORBIDDEN_NOTICE =
  "This identity may not read Secrets: certificate chains come from each Certificate's current CertificateRequest, and Secrets that no Certificate manages are not shown.";

function isDenied(err: unknown): boolean {
  return err instanceof KubeError && (err.status === 403 || err.status === 401);
}

/** A 403/404 of an optional read becomes `undefined`; anything else propagates. */
export async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeError && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}

function b64(pem: string | undefined): string | undefined {
  return pem ? Buffer.from(pem, "utf8").toString("base64") : undefined;
}

/**
 * Reduced Secret facts → the trust model's SecretFacts (tls.crt, ca.crt and APISIX's `cert`), from
 * the one parse per Secret resourceVersion (lib/inventory/secret-certs.ts).
 */
export function secretFactsFromTlsSecret(s: TlsSecretFacts): SecretFacts {
  if (s.metadata.uid && s.metadata.resourceVersion) return analyzeTlsSecret(s).trust;
  const data: Record<string, string> = {};
  const crt = b64(s.tlsCrt);
  const ca = b64(s.caCrt);
  const cert = b64(s.cert);
  if (crt) data["tls.crt"] = crt;
  if (ca) data["ca.crt"] = ca;
  if (cert) data.cert = cert;
  return secretFactsFromData(s.metadata.namespace, s.metadata.name, data, s.type);
}

/**
 * The issued CertificateRequest of a Certificate's current revision (`status.revision`); when
 * that one has no certificate yet (re-issuing), the newest earlier revision that has one.
 */
export function currentRequestOf(
  cert: RawCertificate,
  requests: readonly RawCertificateRequest[],
): RawCertificateRequest | undefined {
  const ns = cert.metadata.namespace ?? "";
  const mine = requests
    .filter(
      (r) =>
        (r.metadata.namespace ?? "") === ns &&
        r.metadata.annotations?.[CERTIFICATE_NAME_ANNOTATION] === cert.metadata.name &&
        !!r.status?.certificate,
    )
    .map((r) => ({ r, rev: Number(r.metadata.annotations?.[CERTIFICATE_REVISION_ANNOTATION] ?? Number.NaN) }))
    .sort((a, b) => (Number.isFinite(b.rev) ? b.rev : -1) - (Number.isFinite(a.rev) ? a.rev : -1));
  const current = cert.status?.revision;
  if (current !== undefined) {
    const exact = mine.find((m) => m.rev === current);
    if (exact) return exact.r;
    return mine.find((m) => Number.isFinite(m.rev) && m.rev < current)?.r ?? mine[0]?.r;
  }
  return mine[0]?.r;
}

/**
 * Secret facts rebuilt from CertificateRequests: for each Certificate, its Secret's tls.crt is
 * the current request's `status.certificate` and ca.crt its `status.ca` (both base64 PEM, as in a
 * Secret). Certificates without an issued request get no Secret.
 */
export function secretFactsFromRequests(
  certificates: readonly RawCertificate[],
  requests: readonly RawCertificateRequest[],
): SecretFacts[] {
  const out: SecretFacts[] = [];
  for (const cert of certificates) {
    const cr = currentRequestOf(cert, requests);
    if (!cr?.status?.certificate) continue;
    const data: Record<string, string> = { "tls.crt": cr.status.certificate };
    if (cr.status.ca) data["ca.crt"] = cr.status.ca;
    out.push(
      secretFactsFromData(cert.metadata.namespace ?? "", cert.spec.secretName, data, "kubernetes.io/tls"),
    );
  }
  return out;
}

function issuerFacts(raw: RawIssuer, kind: "Issuer" | "ClusterIssuer"): IssuerFacts {
  return {
    kind,
    ...(kind === "Issuer" && raw.metadata.namespace ? { namespace: raw.metadata.namespace } : {}),
    name: raw.metadata.name,
    type: issuerType(raw),
    ...(raw.spec?.ca?.secretName ? { caSecret: { name: raw.spec.ca.secretName } } : {}),
    ready: conditionStatus(raw.status?.conditions, "Ready"),
  };
}

function certificateFacts(c: RawCertificate): CertificateFacts {
  const f: CertificateFacts = {
    namespace: c.metadata.namespace ?? "",
    name: c.metadata.name,
    issuerRef: c.spec.issuerRef,
    secretName: c.spec.secretName,
    isCA: c.spec.isCA === true,
    usages: c.spec.usages ?? [],
  };
  if (c.spec.dnsNames) f.dnsNames = c.spec.dnsNames;
  if (c.spec.commonName) f.commonName = c.spec.commonName;
  if (c.status?.renewalTime) f.renewalTime = c.status.renewalTime;
  return f;
}

export interface LoadedTrustInput {
  input: TrustGraphInput;
  source: TrustDataSource;
  notice?: string;
}

/**
 * Reads issuers, Certificates, TLS Secrets and APISIX objects of every namespace as `context`.
 * Secrets that may not be listed (403) are replaced by CertificateRequest data.
 * @throws KubeError when Certificates themselves cannot be listed; ClusterUnreachableError.
 */
export async function loadTrustInput(opts: { context?: string } = {}): Promise<LoadedTrustInput> {
  const { context } = opts;
  const [certificates, secrets, issuers, clusterIssuers, tls, upstreams, bundles, namespaces] =
    await Promise.all([
      listCertificates({ context }),
      listTlsSecrets({ context }).catch((err: unknown) => {
        if (isDenied(err)) return undefined;
        throw err;
      }),
      optional(listIssuers({ context })),
      optional(listClusterIssuers({ context })),
      optional(listApisixTls({ context })),
      optional(listApisixUpstreams({ context })),
      optional(listBundles({ context })),
      optional(listNamespaces({ context })),
    ]);
  let secretFacts: SecretFacts[];
  let source: TrustDataSource = "secrets";
  if (secrets) {
    secretFacts = secrets.map(secretFactsFromTlsSecret);
    // Secrets APISIX objects reference that the kubernetes.io/tls list does not hold (APISIX's
    // Opaque cert / key layout, Opaque CA Secrets) are read one by one.
    const listed = new Set(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    const refs = [
      ...(tls ?? []).flatMap((t) => [
        {
          namespace: t.spec.secret?.namespace || t.metadata.namespace || "",
          name: t.spec.secret?.name ?? "",
        },
        ...(t.spec.client?.caSecret
          ? [
              {
                namespace: t.spec.client.caSecret.namespace || t.metadata.namespace || "",
                name: t.spec.client.caSecret.name,
              },
            ]
          : []),
      ]),
      ...(upstreams ?? []).flatMap((u) =>
        u.spec?.tlsSecret
          ? [
              {
                namespace: u.spec.tlsSecret.namespace || u.metadata.namespace || "",
                name: u.spec.tlsSecret.name,
              },
            ]
          : [],
      ),
    ].filter((r) => r.name && r.namespace && !listed.has(`${r.namespace}/${r.name}`));
    const unique = [...new Map(refs.map((r) => [`${r.namespace}/${r.name}`, r])).values()];
    const extra = await Promise.all(
      unique.map((r) => optional(getSecretFacts(r.namespace, r.name, { context }))),
    );
    for (const s of extra) if (s) secretFacts.push(secretFactsFromTlsSecret(s));
  } else {
    source = "certificate-requests";
    const requests = (await optional(listCertificateRequests({ context }))) ?? [];
    secretFacts = secretFactsFromRequests(certificates, requests);
  }
  const input: TrustGraphInput = {
    issuers: [
      ...(clusterIssuers ?? []).map((i) => issuerFacts(i, "ClusterIssuer")),
      ...(issuers ?? []).map((i) => issuerFacts(i, "Issuer")),
    ],
    certificates: certificates.map(certificateFacts),
    secrets: secretFacts,
    apisixTls: (tls ?? []).map((t) => ({
      namespace: t.metadata.namespace ?? "",
      name: t.metadata.name,
      hosts: t.spec.hosts ?? [],
      secret: t.spec.secret,
      ...(t.spec.client
        ? {
            client: {
              caSecret: t.spec.client.caSecret,
              ...(t.spec.client.depth !== undefined ? { depth: t.spec.client.depth } : {}),
            },
          }
        : {}),
    })),
    apisixUpstreams: (upstreams ?? []).map((u) => ({
      namespace: u.metadata.namespace ?? "",
      name: u.metadata.name,
      ...(u.spec?.scheme ? { scheme: u.spec.scheme } : {}),
      ...(u.spec?.tlsSecret ? { tlsSecret: u.spec.tlsSecret } : {}),
    })),
    ...(bundles ? { bundles: bundles.map(bundleFacts) } : {}),
    ...(namespaces ? { namespaces: namespaces.map(namespaceFacts) } : {}),
  };
  return source === "secrets" ? { input, source } : { input, source, notice: FORBIDDEN_NOTICE };
}

function restatus(node: TrustNode): void {
  node.status = worstSeverity(node.problems);
}

/**
 * Without Secret access a referenced Secret that no Certificate manages cannot be told apart
 * from a missing one: drop "secret-missing" findings and the `missing` flag instead of guessing.
 */
export function withoutUnknowableSecretFindings(graph: TrustGraph): TrustGraph {
  for (const node of graph.nodes) {
    if (node.kind === "secret" && node.missing) delete node.missing;
    const before = node.problems.length;
    node.problems = node.problems.filter((p) => p.code !== "secret-missing");
    if (node.problems.length !== before) restatus(node);
  }
  return graph;
}

/**
 * The part of the graph about `namespace`: its nodes, plus the direct neighbours of those
 * (cluster-scoped issuers, hosts, Secrets referenced across namespaces) so paths stay whole.
 */
export function scopeGraphToNamespace(graph: TrustGraph, namespace: string): TrustGraph {
  const inside = new Set(graph.nodes.filter((n) => n.namespace === namespace).map((n) => n.id));
  const keep = new Set(inside);
  for (const e of graph.edges) {
    if (inside.has(e.from)) keep.add(e.to);
    if (inside.has(e.to)) keep.add(e.from);
  }
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}

/** Problem counts by severity. */
export function countSeverities(rows: readonly { severity: Severity }[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const r of rows) counts[r.severity]++;
  return counts;
}

interface GraphOpts {
  context?: string;
  namespace?: string;
  /** Judge at this time; given, nothing kept is used (tests pin the clock). */
  now?: Date;
}

/** The watched kinds the trust graph reads; a change to any of them rebuilds the kept graph. */
const GRAPH_KINDS: readonly WatchKind[] = [
  "Certificate",
  "CertificateRequest",
  "Issuer",
  "ClusterIssuer",
  "Secret",
  "ApisixTls",
  "ApisixUpstream",
  "Bundle",
];

interface BaseExtra {
  source: TrustDataSource;
  notice?: string;
  /** What workloads may mount (workloads.ts `graphMountTargets`), found once per build. */
  targets: MountTarget[];
}

interface FullExtra {
  source: TrustDataSource;
  notice?: string;
  workloadsHidden?: string[];
  /** Every namespace that has a node. */
  namespaces: string[];
}

const g = globalThis as typeof globalThis & {
  __trustdeckTrustGraphs?: { base: GraphCache<BaseExtra>; full: GraphCache<FullExtra> };
};
function caches(): { base: GraphCache<BaseExtra>; full: GraphCache<FullExtra> } {
  g.__trustdeckTrustGraphs ??= {
    base: new GraphCache<BaseExtra>(scopeGraphToNamespace),
    full: new GraphCache<FullExtra>(scopeGraphToNamespace),
  };
  return g.__trustdeckTrustGraphs;
}

/** Forgets every kept trust graph (tests). */
export function resetTrustGraphCache(): void {
  caches().base.clear();
  caches().full.clear();
}

/** Key of the kept graphs: the context and who reads it (a person's own view, or the shared identity). */
function keyOf(context: string | undefined): string {
  const v = currentViewer();
  return `${context ?? ""}\u0000${v.kind === "person" ? v.key : v.kind}`;
}

/**
 * A person's graph is also rebuilt once their access answers may have changed (as the inventory
 * feed), and they wait for it; the shared identity's graph, which only the clock (and Namespace
 * labels) age, is rebuilt every CLOCK_MAX_AGE_MS and answers while it is rebuilt.
 */
function ageing(): { maxAgeMs: number; staleWhileRebuild: boolean } {
  const person = currentViewer().kind === "person";
  return person
    ? { maxAgeMs: Math.min(MAX_AGE_MS, getEnv().accessCacheTtlMs), staleWhileRebuild: false }
    : { maxAgeMs: CLOCK_MAX_AGE_MS, staleWhileRebuild: true };
}

function namespacesOf(graph: TrustGraph): string[] {
  return [...new Set(graph.nodes.flatMap((n) => (n.namespace ? [n.namespace] : [])))].sort();
}

/** The graph of issuers, Certificates, Secrets, APISIX objects and Bundles (no workloads), kept per generation. */
async function baseGraph(opts: { context?: string; now?: Date }) {
  return caches().base.get({
    key: keyOf(opts.context),
    generation: opts.now ? undefined : cacheGeneration(GRAPH_KINDS, opts.context),
    ...ageing(),
    build: async () => {
      const loaded = await loadTrustInput({ context: opts.context });
      let graph = buildTrustGraph(loaded.input, {
        now: opts.now ?? new Date(),
        clusterResourceNamespace: getEnv().clusterResourceNamespace,
        trustNamespace: getEnv().clusterResourceNamespace,
      });
      if (loaded.source === "certificate-requests") graph = withoutUnknowableSecretFindings(graph);
      const extra: BaseExtra = { source: loaded.source, targets: graphMountTargets(graph) };
      if (loaded.notice) extra.notice = loaded.notice;
      return { graph, extra };
    },
  });
}

/** One cluster's whole graph as the page draws it, with what it carries besides nodes and edges. */
interface FullGraph {
  graph: TrustGraph;
  views: (namespace?: string) => GraphViews;
  version: number;
  extra: FullExtra;
}

/**
 * The base graph with the workloads whose Pods mount a Bundle target, a client CA Secret or a CA
 * issuer's Secret (Pods are not watched: listed on every call; the graph with them is kept while
 * the base graph and the workloads found stay the same).
 */
async function fullGraph(opts: { context?: string; now?: Date }): Promise<FullGraph> {
  const base = await baseGraph(opts);
  const seen = await loadWorkloads(base.extra.targets, { context: opts.context });
  const live = !opts.now && cacheGeneration(GRAPH_KINDS, opts.context) !== undefined;
  return caches().full.get({
    key: keyOf(opts.context),
    generation: live ? String(base.version) : undefined,
    signature: JSON.stringify(seen),
    maxAgeMs: Number.POSITIVE_INFINITY,
    build: async () => {
      const graph = withWorkloads(base.graph, seen.workloads);
      const extra: FullExtra = { source: base.extra.source, namespaces: namespacesOf(graph) };
      if (base.extra.notice) extra.notice = base.extra.notice;
      if (seen.hidden.length > 0) extra.workloadsHidden = seen.hidden.map((h) => h.message);
      return { graph, extra };
    },
  });
}

/** The whole answer of one graph, optionally scoped to one namespace. */
function wholeDto(full: FullGraph, opts: GraphOpts, generatedAt: string): TrustGraphDto {
  const scoped = full.views(opts.namespace).graph;
  return {
    nodes: scoped.nodes,
    edges: scoped.edges,
    source: full.extra.source,
    ...(full.extra.notice ? { notice: full.extra.notice } : {}),
    ...(full.extra.workloadsHidden ? { workloadsHidden: full.extra.workloadsHidden } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    namespaces: full.extra.namespaces,
    generatedAt,
  };
}

/**
 * The trust graph as the identity of `context` sees it, optionally scoped to one namespace, with the
 * workloads whose Pods mount a Bundle target, a client CA Secret or a CA issuer's Secret (read-only
 * Pod list; where it is denied, `workloadsHidden` says so). Kept per watch-cache generation.
 */
export async function getTrustGraph(opts: GraphOpts = {}): Promise<TrustGraphDto> {
  return wholeDto(await fullGraph(opts), opts, (opts.now ?? new Date()).toISOString());
}

/** Every problem of the trust graph (worst first), optionally only those of one namespace. */
export async function getTrustReport(opts: GraphOpts = {}): Promise<TrustReportDto> {
  const base = await baseGraph(opts);
  const rows = buildAuditReport(base.graph).filter((r) => !opts.namespace || r.namespace === opts.namespace);
  return {
    rows,
    counts: countSeverities(rows),
    source: base.extra.source,
    ...(base.extra.notice ? { notice: base.extra.notice } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    generatedAt: (opts.now ?? new Date()).toISOString(),
  };
}

const gf = globalThis as typeof globalThis & { __trustdeckFleetGraphs?: GraphCache<FullExtra> };
function fleetCache(): GraphCache<FullExtra> {
  gf.__trustdeckFleetGraphs ??= new GraphCache<FullExtra>(scopeGraphToNamespace);
  return gf.__trustdeckFleetGraphs;
}

/**
 * The graph across the fleet (lib/k8s/fleet.ts `fleetTargets`): one cluster's graph, or every
 * cluster's graph side by side: node and edge ids prefixed by `${cluster}|` (objects of two
 * clusters never merge), each node with its `cluster`, the namespaces united, the clusters left
 * out noted. Each cluster's graph is kept per its generation, the merged one while its parts stay.
 * @throws the error of the only cluster, or of the first when none answered.
 */
async function fleetGraph(opts: GraphOpts): Promise<FullGraph & { merged: boolean }> {
  const { clusters, merged } = fleetTargets(opts.context);
  if (!merged) return { ...(await fullGraph(opts)), merged };
  const { ok, failed } = await acrossClusters(clusters, (c) => fullGraph({ ...opts, context: c }));
  if (ok.length === 0 && failed[0])
    return { ...(await fullGraph({ ...opts, context: failed[0].cluster })), merged };
  const live =
    !opts.now && failed.length === 0 && clusters.every((c) => cacheGeneration(GRAPH_KINDS, c) !== undefined);
  const full = await fleetCache().get({
    key: keyOf(opts.context),
    generation: live ? ok.map((p) => `${p.cluster}:${p.value.version}`).join("|") : undefined,
    maxAgeMs: Number.POSITIVE_INFINITY,
    build: async () => {
      const first = ok[0]!.value;
      const notices = [
        ...ok.flatMap((p) => (p.value.extra.notice ? [`${p.cluster}: ${p.value.extra.notice}`] : [])),
        ...failed.map((f) => `${f.cluster} left out: ${f.message}`),
      ];
      const graph: TrustGraph = {
        nodes: ok.flatMap((p) =>
          p.value.graph.nodes.map((n) => ({ ...n, id: `${p.cluster}|${n.id}`, cluster: p.cluster })),
        ),
        edges: ok.flatMap((p) =>
          p.value.graph.edges.map((e) => ({
            ...e,
            id: `${p.cluster}|${e.id}`,
            from: `${p.cluster}|${e.from}`,
            to: `${p.cluster}|${e.to}`,
          })),
        ),
      };
      const extra: FullExtra = {
        source: first.extra.source,
        namespaces: [...new Set(ok.flatMap((p) => p.value.extra.namespaces))].sort(),
      };
      if (notices.length) extra.notice = notices.join("; ");
      return { graph, extra };
    },
  });
  return { ...full, merged };
}

/**
 * The trust graph across the fleet, whole: one cluster's graph as `getTrustGraph` makes it, or,
 * with several clusters, every cluster's graph side by side (see `fleetGraph`).
 * @throws the error of the only cluster, or of the first when none answered.
 */
export async function getFleetTrustGraph(opts: GraphOpts = {}): Promise<TrustGraphDto> {
  return wholeDto(await fleetGraph(opts), opts, (opts.now ?? new Date()).toISOString());
}

/** The grouping a summary uses when the page names none: by cluster in a fleet, else by namespace. */
function defaultGroupBy(merged: boolean): SummaryGroupBy {
  return merged ? "cluster" : "namespace";
}

/**
 * What the trust page opens with (`/api/trust?view=auto`): the whole graph while it has at most
 * `summaryAt` (default `SUMMARY_AT`) objects or `groupBy` is "none"; else its summary by `groupBy`
 * (every group collapsed, with counts; nodes and edges empty), from which the page asks for the
 * groups it expands (`getTrustGroup`).
 * @throws as `getFleetTrustGraph`.
 */
export async function getTrustView(
  opts: GraphOpts & { groupBy?: SummaryGroupBy | "none"; summaryAt?: number } = {},
): Promise<TrustGraphDto> {
  const full = await fleetGraph(opts);
  const generatedAt = (opts.now ?? new Date()).toISOString();
  const views = full.views(opts.namespace);
  if (opts.groupBy === "none" || views.graph.nodes.length <= (opts.summaryAt ?? SUMMARY_AT))
    return wholeDto(full, opts, generatedAt);
  const summary = views.summary(opts.groupBy ?? defaultGroupBy(full.merged));
  return {
    ...wholeDto(full, opts, generatedAt),
    nodes: [],
    edges: [],
    summary,
    version: String(full.version),
    ...(full.merged ? { fleet: true } : {}),
  };
}

/**
 * One group of the summarised graph (`/api/trust?group=`): its nodes, every edge with an end in
 * it, and the group of each other end.
 * @throws HttpError 404 naming `group` when no object is in that group; as `getFleetTrustGraph`.
 */
export async function getTrustGroup(
  opts: GraphOpts & { groupBy?: SummaryGroupBy; group: string },
): Promise<TrustGroupDto> {
  const full = await fleetGraph(opts);
  const by = opts.groupBy ?? defaultGroupBy(full.merged);
  const detail = full.views(opts.namespace).group(by, opts.group);
  if (!detail) {
    throw new HttpError(
      404,
      `group: no group "${opts.group}" in the trust graph grouped by ${by}${opts.namespace ? ` (namespace ${opts.namespace})` : ""}`,
    );
  }
  return {
    ...detail,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    version: String(full.version),
    generatedAt: (opts.now ?? new Date()).toISOString(),
  };
}

/** Objects of the whole graph matching `search` (name, namespace or id), each with its group of `groupBy`. */
export async function searchTrustGraph(
  opts: GraphOpts & { groupBy?: SummaryGroupBy; search: string },
): Promise<TrustSearchDto> {
  const full = await fleetGraph(opts);
  const by = opts.groupBy ?? defaultGroupBy(full.merged);
  const views = full.views(opts.namespace);
  return { groupBy: by, hits: searchGraph(views.graph, opts.search, by, 8, views.groupKeys(by)) };
}

/**
 * The trust audit across the fleet (lib/k8s/fleet.ts `fleetTargets`): one cluster's report as
 * `getTrustReport` makes it, or, with several clusters, every cluster's rows tagged with their
 * `cluster` (worst first), the counts in total and per cluster, and the clusters left out.
 * @throws the error of the only cluster, or of the first when none answered.
 */
export async function getFleetTrustReport(opts: GraphOpts = {}): Promise<TrustReportDto> {
  const { clusters, merged } = fleetTargets(opts.context);
  if (!merged) return getTrustReport(opts);
  const { ok, failed } = await acrossClusters(clusters, (c) => getTrustReport({ ...opts, context: c }));
  if (ok.length === 0 && failed[0]) return getTrustReport({ ...opts, context: failed[0].cluster });
  const rank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
  const rows = ok
    .flatMap((p) => p.value.rows.map((r) => ({ ...r, cluster: p.cluster })))
    .sort((a, b) => rank[a.severity] - rank[b.severity]);
  const first = ok[0]!.value;
  return {
    rows,
    counts: countSeverities(rows),
    source: first.source,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    generatedAt: first.generatedAt,
    clusters: ok.map((p) => ({ cluster: p.cluster, counts: p.value.counts })),
    ...(failed.length ? { clusterErrors: failed } : {}),
  };
}

/**
 * The chain verdict of one Certificate: its Secret's tls.crt judged against its ca.crt, for the
 * Certificate's usages (or as a CA). Falls back to the current CertificateRequest when the
 * Secret may not be read, and to it as well when the Secret does not exist yet.
 * @throws KubeError 404 when the Certificate does not exist.
 */
export async function getCertificateChain(
  namespace: string,
  name: string,
  opts: { context?: string; now?: Date } = {},
): Promise<CertificateChainDto> {
  const { context } = opts;
  const now = opts.now ?? new Date();
  const cert = await getCertificate(namespace, name, { context });
  const secretName = cert.spec.secretName;
  const base: CertificateChainDto = {
    namespace,
    name,
    secretName,
    source: "none",
    generatedAt: now.toISOString(),
    ...(cert.status?.renewalTime ? { renewalTime: cert.status.renewalTime } : {}),
  };

  let tlsCrt: string | undefined;
  let caCrt: string | undefined;
  let notice: string | undefined;
  try {
    const secret = await getSecretFacts(namespace, secretName, { context });
    if (secret?.tlsCrt) {
      tlsCrt = secret.tlsCrt;
      caCrt = secret.caCrt;
      base.source = "secret";
    } else {
      notice = `Secret ${namespace}/${secretName} ${secret ? "has no tls.crt" : "does not exist"}.`;
    }
  } catch (err) {
    if (!isDenied(err)) throw err;
    notice = `This identity may not read Secret ${namespace}/${secretName}: the chain comes from the current CertificateRequest.`;
  }
  if (!tlsCrt) {
    const requests = (await optional(listCertificateRequests({ context, namespace }))) ?? [];
    const cr = currentRequestOf(cert, requests);
    if (cr?.status?.certificate) {
      tlsCrt = Buffer.from(cr.status.certificate, "base64").toString("utf8");
      caCrt = cr.status.ca ? Buffer.from(cr.status.ca, "base64").toString("utf8") : undefined;
      base.source = "certificate-request";
      base.requestName = cr.metadata.name;
    }
  }
  if (!tlsCrt) {
    return { ...base, notice: `${notice ?? ""} No certificate has been issued yet.`.trim() };
  }

  const isCA = cert.spec.isCA === true;
  const role: ChainRole | undefined = isCA ? "ca" : undefined;
  let verdict: CertificateChainDto["verdict"];
  try {
    verdict = verifyChain({
      bundle: parseCertificatesPemWithObjects(tlsCrt),
      ...(caCrt?.trim() ? { trusted: parseCertificatesPemWithObjects(caCrt) } : {}),
      ...(role ? { role } : { usages: cert.spec.usages ?? [] }),
      ...(cert.status?.renewalTime ? { renewalTime: new Date(cert.status.renewalTime) } : {}),
      now,
    });
  } catch (err) {
    return {
      ...base,
      notice: `The certificate could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  return { ...base, verdict, ...(notice && base.source !== "secret" ? { notice } : {}) };
}
