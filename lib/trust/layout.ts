import dagre from "@dagrejs/dagre";
import { worse } from "@/lib/severity";
import type { Severity, TrustEdge, TrustEdgeKind, TrustGraph, TrustNode, TrustNodeKind } from "./types";

/**
 * Pure helpers of the trust graph page: grouping by issuer or namespace, collapsing groups into
 * one node with a count, and a left-to-right dagre layout (issuers → CA certificates → leaves →
 * Secrets → APISIX objects → hosts). No React, no DOM.
 */

export type GroupBy = "none" | "issuer" | "namespace" | "cluster";

/** A node as the page draws it: an object of the graph, or a collapsed group of them. */
export interface ViewNode {
  id: string;
  kind: TrustNodeKind | "group";
  label: string;
  /** Namespace, or "cluster" for cluster-scoped objects; for a group, what it groups. */
  sublabel: string;
  status: Severity | "ok";
  problemCount: number;
  /** Key of the group the node belongs to (when grouping). */
  group?: string;
  /** Collapsed groups: how many objects they stand for. */
  count?: number;
  /** The graph node, for nodes that are not collapsed groups. */
  node?: TrustNode;
}

export interface ViewEdge {
  id: string;
  kind: TrustEdgeKind;
  /** Ends as drawn, left to right (dependency → dependent). */
  source: string;
  target: string;
  /** How many graph edges a collapsed edge stands for. */
  count: number;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Every group key with its label and member count (empty when not grouping). */
  groups: { key: string; label: string; size: number }[];
}

export const GROUP_NODE_PREFIX = "group:";
const CLUSTER_GROUP = "(cluster-scoped)";
const NO_ISSUER_GROUP = "(no issuer)";

/** Human name of each node kind. */
export const KIND_LABEL: Record<TrustNodeKind, string> = {
  clusterissuer: "ClusterIssuer",
  issuer: "Issuer",
  "ca-certificate": "CA certificate",
  "leaf-certificate": "Certificate",
  secret: "Secret",
  "apisix-tls": "ApisixTls",
  "apisix-upstream": "ApisixUpstream",
  host: "Host",
  bundle: "Bundle",
  configmap: "ConfigMap",
  workload: "Workload",
};

/** Human name of each edge kind. */
export const EDGE_LABEL: Record<TrustEdgeKind, string> = {
  "issued-by": "issued by",
  "signed-by": "signed by",
  "stored-in": "stored in",
  "served-for-host": "served for host",
  "trusted-as-client-ca-by": "trusted as client CA by",
  "presented-to-upstream": "presented to upstream",
  "bundle-source": "source of bundle",
  "distributed-to": "distributed to",
  "mounted-by": "mounted by",
};

/**
 * Edge ends left to right: `issued-by` and `signed-by` point from dependent to dependency in
 * the model, so they are reversed to read issuer → certificate → Secret → APISIX → host.
 */
export function drawnEnds(edge: Pick<TrustEdge, "kind" | "from" | "to">): { source: string; target: string } {
  return edge.kind === "issued-by" || edge.kind === "signed-by"
    ? { source: edge.to, target: edge.from }
    : { source: edge.from, target: edge.to };
}

/**
 * Group key of every node. By namespace: the node's namespace (cluster-scoped objects and hosts
 * share one group). By issuer: the issuer a node's trust comes from: an issuer is its own group;
 * a Certificate belongs to its issuer; a Secret to its Certificate's issuer (else to the issuer of
 * the CA that signed it); APISIX objects and hosts to the Secret they serve or present.
 */
export function groupKeys(graph: TrustGraph, by: Exclude<GroupBy, "none">): Map<string, string> {
  const keys = new Map<string, string>();
  if (by === "namespace") {
    for (const n of graph.nodes) keys.set(n.id, n.namespace ?? CLUSTER_GROUP);
    return keys;
  }
  if (by === "cluster") {
    // A merged fleet graph: each object under its cluster (lib/trust/source.ts getFleetTrustGraph).
    for (const n of graph.nodes) keys.set(n.id, n.cluster ?? "default");
    return keys;
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // Edges by end, in graph order: each lookup below reads a node's few edges, not every edge.
  const fromIndex = new Map<string, TrustEdge[]>();
  const toIndex = new Map<string, TrustEdge[]>();
  for (const e of graph.edges) {
    const f = fromIndex.get(e.from);
    if (f) f.push(e);
    else fromIndex.set(e.from, [e]);
    const t = toIndex.get(e.to);
    if (t) t.push(e);
    else toIndex.set(e.to, [e]);
  }
  const out = (kind: TrustEdgeKind, from: string) =>
    (fromIndex.get(from) ?? []).filter((e) => e.kind === kind).map((e) => e.to);
  const into = (kind: TrustEdgeKind, to: string) =>
    (toIndex.get(to) ?? []).filter((e) => e.kind === kind).map((e) => e.from);

  const isIssuer = (id: string) => {
    const k = byId.get(id)?.kind;
    return k === "issuer" || k === "clusterissuer";
  };
  const certGroup = (certId: string) => out("issued-by", certId).find(isIssuer);
  const secretGroup = (secretId: string, depth = 0): string | undefined => {
    const owner = into("stored-in", secretId)[0];
    const g = owner ? certGroup(owner) : undefined;
    if (g) return g;
    if (depth > 4) return undefined;
    const ca = out("signed-by", secretId).find((id) => byId.get(id)?.kind === "secret");
    return ca ? secretGroup(ca, depth + 1) : undefined;
  };

  for (const n of graph.nodes) {
    let g: string | undefined;
    switch (n.kind) {
      case "issuer":
      case "clusterissuer":
        g = n.id;
        break;
      case "ca-certificate":
      case "leaf-certificate":
        g = certGroup(n.id);
        break;
      case "secret":
        g = secretGroup(n.id);
        break;
      case "apisix-tls":
      case "apisix-upstream": {
        const secret = (toIndex.get(n.id) ?? []).find(
          (e) => e.kind === "served-for-host" || e.kind === "presented-to-upstream",
        )?.from;
        g = secret ? secretGroup(secret) : undefined;
        break;
      }
      case "workload": {
        const mounted = into("mounted-by", n.id).find((id) => byId.get(id)?.kind === "secret");
        g = mounted ? secretGroup(mounted) : undefined;
        break;
      }
      case "host":
        break;
    }
    keys.set(n.id, g ?? NO_ISSUER_GROUP);
  }
  // Hosts follow the ApisixTls that serves them.
  for (const n of graph.nodes) {
    if (n.kind !== "host") continue;
    const tls = into("served-for-host", n.id)[0];
    const g = tls ? keys.get(tls) : undefined;
    if (g) keys.set(n.id, g);
  }
  return keys;
}

/**
 * Label of a group key: an issuer's "Kind ns/name", or the namespace itself. `byId` (the graph's
 * nodes by id) spares a scan of every node per call.
 */
export function groupLabel(key: string, graph: TrustGraph, byId?: ReadonlyMap<string, TrustNode>): string {
  const n = byId ? byId.get(key) : graph.nodes.find((x) => x.id === key);
  if (n) return `${KIND_LABEL[n.kind]} ${n.namespace ? `${n.namespace}/` : ""}${n.name}`;
  return key;
}

/** What a collapsed group node says it groups ("issuer group", "namespace", "cluster"). */
export function groupSublabel(by: GroupBy): string {
  return by === "issuer" ? "issuer group" : by;
}

/** A graph node as drawn (not collapsed), in group `group` when grouping. */
export function viewNodeOf(n: TrustNode, group: string | undefined): ViewNode {
  const v: ViewNode = {
    id: n.id,
    kind: n.kind,
    label: n.name,
    sublabel: n.kind === "host" ? "host" : (n.namespace ?? "cluster"),
    status: n.status,
    problemCount: n.problems.length,
    node: n,
  };
  if (group !== undefined) v.group = group;
  return v;
}

/**
 * The graph as drawn: nodes of collapsed groups merged into one node per group (with a count,
 * the worst status and the sum of problems), edges re-pointed at them, deduplicated, and
 * edges inside a collapsed group dropped.
 */
export function buildViewGraph(
  graph: TrustGraph,
  opts: { groupBy: GroupBy; collapsed?: ReadonlySet<string> } = { groupBy: "none" },
): ViewGraph {
  const collapsed = opts.collapsed ?? new Set<string>();
  const keys = opts.groupBy === "none" ? undefined : groupKeys(graph, opts.groupBy);
  const nodes: ViewNode[] = [];
  const groupNodes = new Map<string, ViewNode>();
  const sizes = new Map<string, number>();
  const drawnId = new Map<string, string>();
  const byId = keys ? new Map(graph.nodes.map((n) => [n.id, n])) : undefined;

  for (const n of graph.nodes) {
    const g = keys?.get(n.id);
    if (g !== undefined) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    if (g !== undefined && collapsed.has(g)) {
      const id = `${GROUP_NODE_PREFIX}${g}`;
      let gn = groupNodes.get(g);
      if (!gn) {
        gn = {
          id,
          kind: "group",
          label: groupLabel(g, graph, byId),
          sublabel: groupSublabel(opts.groupBy),
          status: "ok",
          problemCount: 0,
          group: g,
          count: 0,
        };
        groupNodes.set(g, gn);
        nodes.push(gn);
      }
      gn.count = (gn.count ?? 0) + 1;
      gn.problemCount += n.problems.length;
      gn.status = worse(gn.status, n.status);
      drawnId.set(n.id, id);
    } else {
      nodes.push(viewNodeOf(n, g));
      drawnId.set(n.id, n.id);
    }
  }

  const edges = new Map<string, ViewEdge>();
  for (const e of graph.edges) {
    const ends = drawnEnds(e);
    const source = drawnId.get(ends.source);
    const target = drawnId.get(ends.target);
    if (!source || !target || source === target) continue;
    const id = `${e.kind}:${source}->${target}`;
    const existing = edges.get(id);
    if (existing) existing.count++;
    else edges.set(id, { id, kind: e.kind, source, target, count: 1 });
  }

  const groups = [...sizes.entries()]
    .map(([key, size]) => ({ key, label: groupLabel(key, graph, byId), size }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { nodes, edges: [...edges.values()], groups };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Positioned {
  /** Top-left corner of each node, by id. */
  nodes: Map<string, Box>;
  /** Bounding box (with padding) of each expanded group, by group key. */
  groups: Map<string, Box>;
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  /** Horizontal gap between ranks. */
  rankSep?: number;
  /** Vertical gap between nodes of one rank. */
  nodeSep?: number;
  /** Lay out and frame each expanded group on its own, frames packed in rows. */
  frameGroups?: boolean;
  /** Row width at which framed groups wrap (default 2400). */
  maxRowWidth?: number;
}

function dagreLayout(
  nodes: readonly ViewNode[],
  edges: readonly ViewEdge[],
  opts: Required<Omit<LayoutOptions, "frameGroups" | "maxRowWidth">>,
): { boxes: Map<string, Box>; width: number; height: number } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", ranksep: opts.rankSep, nodesep: opts.nodeSep, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: opts.nodeWidth, height: opts.nodeHeight });
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const boxes = new Map<string, Box>();
  let width = 0;
  let height = 0;
  for (const n of nodes) {
    const p = g.node(n.id);
    const box = {
      x: p.x - opts.nodeWidth / 2,
      y: p.y - opts.nodeHeight / 2,
      width: opts.nodeWidth,
      height: opts.nodeHeight,
    };
    boxes.set(n.id, box);
    width = Math.max(width, box.x + box.width);
    height = Math.max(height, box.y + box.height);
  }
  return { boxes, width, height };
}

const FRAME_PAD = 14;
const FRAME_TITLE = 30;
const FRAME_GAP = 40;

/**
 * Left-to-right dagre layout of a view graph; positions are top-left corners. With
 * `frameGroups`, each expanded group is laid out on its own and framed, and the frames (plus one
 * block of the remaining nodes) are packed in rows: several small dagre runs stay fast at a few
 * hundred nodes where one compound layout does not.
 */
export function layoutViewGraph(view: ViewGraph, opts: LayoutOptions = {}): Positioned {
  const o = {
    nodeWidth: opts.nodeWidth ?? 220,
    nodeHeight: opts.nodeHeight ?? 56,
    rankSep: opts.rankSep ?? 90,
    nodeSep: opts.nodeSep ?? 18,
  };
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  if (!opts.frameGroups) {
    const r = dagreLayout(view.nodes, view.edges, o);
    return { nodes: r.boxes, groups, width: r.width, height: r.height };
  }

  const parts = new Map<string, ViewNode[]>();
  const loose: ViewNode[] = [];
  for (const n of view.nodes) {
    if (n.kind === "group" || n.group === undefined) loose.push(n);
    else {
      const list = parts.get(n.group);
      if (list) list.push(n);
      else parts.set(n.group, [n]);
    }
  }
  const blocks: { key?: string; layout: ReturnType<typeof dagreLayout>; framed: boolean }[] = [];
  if (loose.length > 0) blocks.push({ layout: dagreLayout(loose, view.edges, o), framed: false });
  const order = view.groups.map((g) => g.key).filter((k) => parts.has(k));
  for (const key of order)
    blocks.push({ key, layout: dagreLayout(parts.get(key)!, view.edges, o), framed: true });

  const maxRow = Math.max(opts.maxRowWidth ?? 2400, ...blocks.map((b) => b.layout.width + 2 * FRAME_PAD));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const b of blocks) {
    const outerW = b.layout.width + 2 * FRAME_PAD;
    const outerH = b.layout.height + FRAME_TITLE + FRAME_PAD;
    if (x > 0 && x + outerW > maxRow) {
      x = 0;
      y += rowHeight + FRAME_GAP;
      rowHeight = 0;
    }
    for (const [id, box] of b.layout.boxes) {
      nodes.set(id, { ...box, x: box.x + x + FRAME_PAD, y: box.y + y + FRAME_TITLE });
    }
    if (b.framed && b.key !== undefined) groups.set(b.key, { x, y, width: outerW, height: outerH });
    x += outerW + FRAME_GAP;
    rowHeight = Math.max(rowHeight, outerH);
    width = Math.max(width, x - FRAME_GAP);
  }
  return { nodes, groups, width, height: y + rowHeight };
}

/**
 * Nodes whose name, namespace or id contains `query` (case-insensitive), best match first:
 * exact name, then name prefix, then anything else.
 */
export function searchNodes(nodes: readonly ViewNode[], query: string): ViewNode[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const score = (n: ViewNode) => {
    const name = n.label.toLowerCase();
    if (name === q) return 0;
    if (name.startsWith(q)) return 1;
    if (name.includes(q)) return 2;
    return 3;
  };
  return nodes
    .filter((n) => n.label.toLowerCase().includes(q) || n.id.toLowerCase().includes(q))
    .sort((a, b) => score(a) - score(b) || a.label.localeCompare(b.label));
}

/**
 * Everything a node relies on, transitively: drawn edges followed backwards (its Secret's
 * signing CA, the Certificate stored in it, that Certificate's issuer, the issuer's CA Secret...).
 * Start excluded.
 */
export function upstreamOf(graph: TrustGraph, nodeId: string): string[] {
  const parents = new Map<string, string[]>();
  for (const e of graph.edges) {
    const { source, target } = drawnEnds(e);
    // Only dependency edges: an ApisixTls does not rely on the hosts it serves, nor on what else
    // trusts the same CA.
    if (e.kind === "served-for-host" && graph.nodes.find((n) => n.id === target)?.kind === "host") continue;
    if (e.kind === "trusted-as-client-ca-by" || e.kind === "presented-to-upstream") continue;
    const list = parents.get(target);
    if (list) list.push(source);
    else parents.set(target, [source]);
  }
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  const out: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const p of parents.get(id) ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(p);
      queue.push(p);
    }
  }
  return out;
}

/** What an ApisixTls trusts, or a host through the ApisixTls objects serving it. */
export interface RouteTrust {
  /** The ApisixTls objects considered. */
  tls: string[];
  /** Secrets accepted as client CA (`client.caSecret`); empty when client mTLS is off. */
  clientCas: string[];
  /** What those CA Secrets rely on: the CA Certificate, its issuer, higher CAs. */
  chain: string[];
}

/** Answers "what does this route trust?" for an ApisixTls or host node; undefined for other kinds. */
export function routeTrust(graph: TrustGraph, nodeId: string): RouteTrust | undefined {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || (node.kind !== "apisix-tls" && node.kind !== "host")) return undefined;
  const tls =
    node.kind === "apisix-tls"
      ? [nodeId]
      : graph.edges.filter((e) => e.kind === "served-for-host" && e.to === nodeId).map((e) => e.from);
  const clientCas = [
    ...new Set(
      graph.edges
        .filter((e) => e.kind === "trusted-as-client-ca-by" && tls.includes(e.to))
        .map((e) => e.from),
    ),
  ];
  const chain = [...new Set(clientCas.flatMap((id) => upstreamOf(graph, id)))].filter(
    (id) => !clientCas.includes(id),
  );
  return { tls, clientCas, chain };
}
