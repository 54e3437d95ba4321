import { worse } from "@/lib/severity";
import type { SeverityCounts } from "./dto";
import {
  drawnEnds,
  GROUP_NODE_PREFIX,
  type GroupBy,
  groupKeys,
  groupLabel,
  groupSublabel,
  type ViewEdge,
  type ViewGraph,
  type ViewNode,
  viewNodeOf,
} from "./layout";
import type { Severity, TrustEdge, TrustEdgeKind, TrustGraph, TrustNode, TrustNodeKind } from "./types";

/**
 * The trust graph at scale: above `SUMMARY_AT` objects the page is sent a summary (every group of
 * the chosen grouping collapsed, with counts) instead of the graph, and asks for one group's nodes
 * and edges when the user expands it. Pure: the server (lib/trust/graph-cache.ts) computes the
 * summary and groups from the graph it keeps; the page (components/trust) joins them into the
 * view it lays out. `summaryView(summarizeGraph(g), details)` draws what
 * `buildViewGraph(g, { collapsed: every group not in details })` draws.
 */

/**
 * Above this many objects the page opens grouped with every group collapsed, and the server answers
 * `/api/trust?view=auto` with a summary (the same size: a graph the page would draw collapsed is
 * never sent whole).
 */
export const SUMMARY_AT = 120;

/** The groupings a summary can be made by (`none` is the whole graph). */
export type SummaryGroupBy = Exclude<GroupBy, "none">;

/** One collapsed group of a summary. */
export interface SummaryGroup {
  /** Group key (an issuer's node id, a namespace, a cluster; see layout.ts `groupKeys`). */
  key: string;
  label: string;
  /** Objects in the group. */
  size: number;
  /** Worst status of its objects. */
  status: Severity | "ok";
  /** Problems of its objects, in total and by severity. */
  problemCount: number;
  severities: SeverityCounts;
  /** Objects by kind. */
  kinds: Partial<Record<TrustNodeKind, number>>;
}

/** Graph edges between two different groups, as drawn (dependency → dependent), counted. */
export interface SummaryEdge {
  kind: TrustEdgeKind;
  source: string;
  target: string;
  count: number;
}

/** The summary of a graph by one grouping. */
export interface TrustSummary {
  groupBy: SummaryGroupBy;
  /** Every group, by label. */
  groups: SummaryGroup[];
  edges: SummaryEdge[];
  /** The whole graph's size and problems (what the Problems list counts). */
  total: { nodes: number; edges: number; problemCount: number; severities: SeverityCounts };
}

/** One group's part of the graph: its nodes, every edge with an end in it, and the group of each other end. */
export interface TrustGroupDetail {
  groupBy: SummaryGroupBy;
  key: string;
  label: string;
  nodes: TrustNode[];
  edges: TrustEdge[];
  /** Node id → group key of each edge end outside this group. */
  outside: Record<string, string>;
}

function emptyCounts(): SeverityCounts {
  return { critical: 0, warning: 0, info: 0 };
}

function addProblems(counts: SeverityCounts, node: TrustNode): void {
  for (const p of node.problems) counts[p.severity]++;
}

/**
 * The summary of `graph` grouped by `groupBy`; `keys` are the graph's group keys when already
 * computed (layout.ts `groupKeys`).
 */
export function summarizeGraph(
  graph: TrustGraph,
  groupBy: SummaryGroupBy,
  keys: ReadonlyMap<string, string> = groupKeys(graph, groupBy),
): TrustSummary {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, SummaryGroup>();
  const total = {
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    problemCount: 0,
    severities: emptyCounts(),
  };
  for (const n of graph.nodes) {
    const key = keys.get(n.id) ?? "";
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        label: groupLabel(key, graph, byId),
        size: 0,
        status: "ok",
        problemCount: 0,
        severities: emptyCounts(),
        kinds: {},
      };
      groups.set(key, g);
    }
    g.size++;
    g.status = worse(g.status, n.status);
    g.problemCount += n.problems.length;
    addProblems(g.severities, n);
    g.kinds[n.kind] = (g.kinds[n.kind] ?? 0) + 1;
    total.problemCount += n.problems.length;
    addProblems(total.severities, n);
  }
  const edges = new Map<string, SummaryEdge>();
  for (const e of graph.edges) {
    const ends = drawnEnds(e);
    const source = keys.get(ends.source);
    const target = keys.get(ends.target);
    if (source === undefined || target === undefined || source === target) continue;
    const id = `${e.kind}:${source}->${target}`;
    const existing = edges.get(id);
    if (existing) existing.count++;
    else edges.set(id, { kind: e.kind, source, target, count: 1 });
  }
  return {
    groupBy,
    groups: [...groups.values()].sort((a, b) => a.label.localeCompare(b.label)),
    edges: [...edges.values()],
    total,
  };
}

/**
 * The part of `graph` in group `key` of `groupBy`, or undefined when no node is in that group.
 * Edges with one end outside carry that end's group in `outside`, so the page can point them at
 * the other group (collapsed) or its node (expanded).
 */
export function groupDetail(
  graph: TrustGraph,
  groupBy: SummaryGroupBy,
  key: string,
  keys: ReadonlyMap<string, string> = groupKeys(graph, groupBy),
): TrustGroupDetail | undefined {
  const nodes = graph.nodes.filter((n) => keys.get(n.id) === key);
  if (nodes.length === 0) return undefined;
  const inside = new Set(nodes.map((n) => n.id));
  const edges: TrustEdge[] = [];
  const outside: Record<string, string> = {};
  for (const e of graph.edges) {
    const a = inside.has(e.from);
    const b = inside.has(e.to);
    if (!a && !b) continue;
    edges.push(e);
    for (const end of [e.from, e.to]) {
      if (inside.has(end)) continue;
      const g = keys.get(end);
      if (g !== undefined) outside[end] = g;
    }
  }
  // A group named by a node (an issuer) holds that node itself.
  const own = new Map(nodes.map((n) => [n.id, n]));
  return { groupBy, key, label: groupLabel(key, graph, own), nodes, edges, outside };
}

/**
 * The view the page draws from a summary and the groups it has expanded (their details): each
 * expanded group's nodes, every other group as one node with its count, worst status and
 * problems, and the edges between them, deduplicated and counted as layout.ts `buildViewGraph`
 * does. Groups expanded but not loaded yet stay collapsed.
 */
export function summaryView(
  summary: TrustSummary,
  expanded: ReadonlyMap<string, TrustGroupDetail>,
): ViewGraph {
  const open = (key: string) => expanded.has(key);
  const nodes: ViewNode[] = [];
  const drawnId = new Map<string, string>();
  for (const g of summary.groups) {
    const detail = expanded.get(g.key);
    if (detail) {
      for (const n of detail.nodes) {
        nodes.push(viewNodeOf(n, g.key));
        drawnId.set(n.id, n.id);
      }
    } else {
      nodes.push({
        id: `${GROUP_NODE_PREFIX}${g.key}`,
        kind: "group",
        label: g.label,
        sublabel: groupSublabel(summary.groupBy),
        status: g.status,
        problemCount: g.problemCount,
        group: g.key,
        count: g.size,
      });
    }
  }
  const edges = new Map<string, ViewEdge>();
  const add = (kind: TrustEdgeKind, source: string, target: string, count: number) => {
    if (source === target) return;
    const id = `${kind}:${source}->${target}`;
    const existing = edges.get(id);
    if (existing) existing.count += count;
    else edges.set(id, { id, kind, source, target, count });
  };
  // Between two collapsed groups: the summary's counted edges.
  for (const e of summary.edges) {
    if (open(e.source) || open(e.target)) continue;
    add(e.kind, `${GROUP_NODE_PREFIX}${e.source}`, `${GROUP_NODE_PREFIX}${e.target}`, e.count);
  }
  // With an end in an expanded group: that group's edges, each once (an edge between two expanded
  // groups is in both details: it is taken from the first).
  const done = new Set<string>();
  const known = new Set(summary.groups.map((g) => g.key));
  for (const detail of expanded.values()) {
    if (!known.has(detail.key)) continue;
    done.add(detail.key);
    for (const e of detail.edges) {
      const other = detail.outside[e.from] ?? detail.outside[e.to];
      if (other !== undefined && other !== detail.key && done.has(other)) continue;
      const ends = drawnEnds(e);
      const at = (id: string) => {
        const drawn = drawnId.get(id);
        if (drawn) return drawn;
        const g = detail.outside[id];
        return g !== undefined && !open(g) ? `${GROUP_NODE_PREFIX}${g}` : undefined;
      };
      const source = at(ends.source);
      const target = at(ends.target);
      if (source && target) add(e.kind, source, target, 1);
    }
  }
  return {
    nodes,
    edges: [...edges.values()],
    groups: summary.groups.map((g) => ({ key: g.key, label: g.label, size: g.size })),
  };
}

/** A node found by the server-side search of a summarised graph, with the group to expand to see it. */
export interface SummarySearchHit {
  id: string;
  label: string;
  sublabel: string;
  group: string;
}

/**
 * Nodes whose name, namespace or id contains `query` (case-insensitive), best first as layout.ts
 * `searchNodes` ranks them, at most `limit`, each with its group of `groupBy`.
 */
export function searchGraph(
  graph: TrustGraph,
  query: string,
  groupBy: SummaryGroupBy,
  limit = 8,
  keys: ReadonlyMap<string, string> = groupKeys(graph, groupBy),
): SummarySearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const score = (name: string) => (name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : 3);
  return graph.nodes
    .filter((n) => n.name.toLowerCase().includes(q) || n.id.toLowerCase().includes(q))
    .map((n) => ({ n, s: score(n.name.toLowerCase()) }))
    .sort((a, b) => a.s - b.s || a.n.name.localeCompare(b.n.name))
    .slice(0, limit)
    .map(({ n }) => {
      const v = viewNodeOf(n, keys.get(n.id));
      return { id: n.id, label: v.label, sublabel: v.sublabel, group: keys.get(n.id) ?? "" };
    });
}
