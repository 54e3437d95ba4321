"use client";

import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  MiniMap,
  type Node,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTheme } from "@/components/layout/theme-provider";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { controlClass } from "@/components/ui/field";
import { GraphIcon, InfoIcon, SearchIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { oneOf, useUrlParams } from "@/components/ui/use-url-params";
import type { TrustGraphDto } from "@/lib/trust/dto";
import {
  buildViewGraph,
  EDGE_LABEL,
  GROUP_NODE_PREFIX,
  type GroupBy,
  type LayoutOptions,
  type Positioned,
  routeTrust,
  searchNodes,
  type ViewGraph,
} from "@/lib/trust/layout";
import { SUMMARY_AT, type SummaryGroupBy, summaryView, type TrustSummary } from "@/lib/trust/summary";
import { downstreamOf } from "@/lib/trust/traverse";
import type { TrustEdgeKind, TrustGraph } from "@/lib/trust/types";
import { type Answer, NodeDetails } from "./node-details";
import { type FrameData, GroupFrameNode, TrustGraphNode, type TrustNodeData } from "./trust-node";
import { prewarmLayoutWorker, useGraphLayout } from "./use-graph-layout";
import { useTrustGroups, useTrustSearch, useTrustView } from "./use-trust-view";

const NODE_W = 200;
const NODE_H = 52;
const LAYOUT: LayoutOptions = { nodeWidth: NODE_W, nodeHeight: NODE_H, rankSep: 64, nodeSep: 14 };
const LAYOUT_FRAMED: LayoutOptions = { ...LAYOUT, frameGroups: true };
const EMPTY_VIEW: ViewGraph = { nodes: [], edges: [], groups: [] };
const EMPTY_POSITIONS: Positioned = { nodes: new Map(), groups: new Map(), width: 0, height: 0 };
const GROUPINGS = ["none", "issuer", "namespace", "cluster"] as const;
/**
 * Above this many objects the page starts grouped by namespace, groups collapsed (and the server
 * sends a summary instead of the graph, lib/trust/summary.ts).
 */
const AUTO_GROUP_AT = SUMMARY_AT;
const NO_GROUPS: readonly string[] = [];

const EDGE_COLOR: Record<TrustEdgeKind, string> = {
  "issued-by": "#8b5cf6",
  "signed-by": "#0ea5e9",
  "stored-in": "#94a3b8",
  "served-for-host": "#f97316",
  "trusted-as-client-ca-by": "#10b981",
  "presented-to-upstream": "#eab308",
  "bundle-source": "#14b8a6",
  "distributed-to": "#14b8a6",
  "mounted-by": "#64748b",
};

const nodeTypes = { trust: TrustGraphNode, frame: GroupFrameNode };

function Legend() {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[11px] text-zinc-500 dark:text-zinc-400">
      {(Object.keys(EDGE_COLOR) as TrustEdgeKind[]).map((k) => (
        <span key={k} className="inline-flex items-center gap-1.5">
          <svg width="22" height="6" aria-hidden="true">
            <line
              x1="0"
              y1="3"
              x2="22"
              y2="3"
              stroke={EDGE_COLOR[k]}
              strokeWidth="2"
              strokeDasharray={k === "trusted-as-client-ca-by" ? "4 3" : undefined}
            />
          </svg>
          {EDGE_LABEL[k]}
        </span>
      ))}
      <span className="inline-flex items-center gap-1.5">
        <span className="size-3 rounded-full ring-2 ring-red-500" /> critical
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span className="size-3 rounded-full ring-2 ring-amber-400" /> warning
      </span>
    </div>
  );
}

function answerIds(answer: Answer | undefined): Set<string> | undefined {
  if (!answer) return undefined;
  if (answer.kind === "downstream") return new Set(answer.ids);
  return new Set([...answer.trust.tls, ...answer.trust.clientCas, ...answer.trust.chain]);
}

/** A search suggestion: a node on screen, or one the server found inside a collapsed group. */
interface Suggestion {
  id: string;
  label: string;
  sublabel: string;
  group?: string;
}

/** "1 object", "2,345 objects". */
function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** The summary strip of a summarised graph: every object and problem counted, not only those drawn. */
function SummaryStrip({ summary, loading }: { summary: TrustSummary; loading: number }) {
  const t = summary.total;
  return (
    <p
      data-testid="trust-summary"
      data-nodes={t.nodes}
      data-groups={summary.groups.length}
      data-critical={t.severities.critical}
      data-warning={t.severities.warning}
      data-info={t.severities.info}
      className="text-xs text-zinc-500 dark:text-zinc-400"
    >
      {plural(t.nodes, "object")} in {plural(summary.groups.length, "group")}
      {" · "}
      <span className={t.severities.critical ? "text-red-600 dark:text-red-400" : undefined}>
        {t.severities.critical.toLocaleString("en-US")} critical
      </span>
      {" · "}
      <span className={t.severities.warning ? "text-amber-700 dark:text-amber-300" : undefined}>
        {plural(t.severities.warning, "warning")}
      </span>
      {" · "}
      {t.severities.info.toLocaleString("en-US")} info. Click a group to load its objects.
      {loading > 0 ? ` Loading ${loading} group${loading === 1 ? "" : "s"}…` : ""}
    </p>
  );
}

function Canvas({ data, summaryAt }: { data: TrustGraphDto; summaryAt?: number }) {
  const { get, update } = useUrlParams();
  const { resolved } = useTheme();
  const flow = useReactFlow();
  const summary = data.summary;
  const whole: TrustGraph = useMemo(() => ({ nodes: data.nodes, edges: data.edges }), [data]);
  const objects = summary ? summary.total.nodes : whole.nodes.length;
  const big = objects > (summaryAt ?? AUTO_GROUP_AT);
  // A merged fleet graph (nodes carry their cluster) opens grouped by cluster.
  const fleet = summary ? !!data.fleet : whole.nodes.some((n) => n.cluster);
  const groupings = fleet ? GROUPINGS : GROUPINGS.filter((g) => g !== "cluster");
  const groupBy: GroupBy =
    summary?.groupBy ?? oneOf(get("group"), groupings) ?? (fleet ? "cluster" : big ? "namespace" : "none");
  const [selected, setSelected] = useState<string | undefined>(get("node"));
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const [query, setQuery] = useState("");

  // A large graph opens with every group collapsed (with counts); the user expands what they need.
  const graphId = useMemo(
    () => `${data.generatedAt}:${data.namespace ?? ""}:${data.nodes.length}:${data.version ?? ""}`,
    [data],
  );
  const groupsKey = `${graphId}|${groupBy}`;
  const [collapsedState, setCollapsedState] = useState<{ key: string; keys: readonly string[] | "all" }>();
  const collapsedReq: readonly string[] | "all" =
    collapsedState?.key === groupsKey ? collapsedState.keys : big && groupBy !== "none" ? "all" : [];

  // A summarised graph: the groups expanded are asked for one by one; the rest stay collapsed.
  const [expandedState, setExpandedState] = useState<{ key: string; keys: readonly string[] }>();
  const expandedKeys =
    summary && expandedState?.key === `${data.namespace ?? ""}|${groupBy}` ? expandedState.keys : NO_GROUPS;
  const loadedGroups = useTrustGroups({
    namespace: data.namespace,
    groupBy: (summary?.groupBy ?? "namespace") as SummaryGroupBy,
    keys: summary ? expandedKeys : NO_GROUPS,
    version: data.version ?? "",
  });
  const summarised = useMemo(
    () => (summary ? summaryView(summary, loadedGroups.groups) : undefined),
    [summary, loadedGroups.groups],
  );
  // What the details panel and the questions read: the whole graph, or the groups loaded so far.
  const graph: TrustGraph = useMemo(() => {
    if (!summary) return whole;
    const nodes = [...loadedGroups.groups.values()].flatMap((d) => d.nodes);
    const seen = new Set<string>();
    const edges = [...loadedGroups.groups.values()]
      .flatMap((d) => d.edges)
      .filter((e) => !seen.has(e.id) && !!seen.add(e.id));
    return { nodes, edges };
  }, [summary, whole, loadedGroups.groups]);
  const summaryId = `${graphId}|${groupBy}|${[...loadedGroups.groups.keys()].join("\u0000")}`;

  // Grouping, collapsing and the layout run in a Web Worker (use-graph-layout.ts).
  const laid = useGraphLayout(
    summarised ? { view: summarised } : { graph: whole },
    summarised ? summaryId : graphId,
    groupBy,
    collapsedReq,
    groupBy === "none" ? LAYOUT : LAYOUT_FRAMED,
  );
  const view: ViewGraph = laid?.view ?? EMPTY_VIEW;
  const positions = laid?.positions ?? EMPTY_POSITIONS;
  const setCollapsed = useCallback(
    (keys: readonly string[] | "all") => {
      if (summary) {
        const all = summary.groups.map((g) => g.key);
        setExpandedState({
          key: `${data.namespace ?? ""}|${groupBy}`,
          keys: keys === "all" ? [] : all.filter((k) => !keys.includes(k)),
        });
      } else setCollapsedState({ key: groupsKey, keys });
    },
    [summary, data.namespace, groupBy, groupsKey],
  );
  const lit = useMemo(() => answerIds(answer), [answer]);

  const toggleGroup = useCallback(
    (key: string) => {
      if (summary) {
        const now = new Set(expandedKeys);
        if (now.has(key)) now.delete(key);
        else now.add(key);
        setExpandedState({ key: `${data.namespace ?? ""}|${groupBy}`, keys: [...now] });
        return;
      }
      const now = new Set(laid?.collapsed ?? []);
      if (now.has(key)) now.delete(key);
      else now.add(key);
      setCollapsed([...now]);
    },
    [summary, expandedKeys, data.namespace, groupBy, laid, setCollapsed],
  );

  const nodes: Node[] = useMemo(() => {
    const out: Node[] = [];
    for (const [key, box] of positions.groups) {
      const info = view.groups.find((g) => g.key === key);
      out.push({
        id: `frame:${key}`,
        type: "frame",
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        style: { width: box.width, height: box.height },
        selectable: false,
        draggable: false,
        focusable: false,
        zIndex: -1,
        data: {
          label: info?.label ?? key,
          size: info?.size ?? 0,
          onCollapse: () => toggleGroup(key),
        } satisfies FrameData,
      });
    }
    for (const v of view.nodes) {
      const box = positions.nodes.get(v.id);
      if (!box) continue;
      const highlighted = !!lit?.has(v.id);
      out.push({
        id: v.id,
        type: "trust",
        position: { x: box.x, y: box.y },
        width: NODE_W,
        height: NODE_H,
        style: { width: NODE_W, height: NODE_H },
        selected: v.id === selected,
        draggable: false,
        data: {
          view: v,
          highlighted,
          dimmed: !!lit && !highlighted && answer?.origin !== v.id,
          origin: answer?.origin === v.id,
        } satisfies TrustNodeData,
      });
    }
    return out;
  }, [positions, view, lit, answer, selected, toggleGroup]);

  const edges: Edge[] = useMemo(() => {
    const groupOf = new Map(view.nodes.map((v) => [v.id, v.group]));
    return view.edges.map((e) => {
      const inAnswer =
        !!lit &&
        (lit.has(e.source) || answer?.origin === e.source) &&
        (lit.has(e.target) || answer?.origin === e.target);
      const color = EDGE_COLOR[e.kind];
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: "default",
        animated: inAnswer,
        markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14 },
        style: {
          stroke: color,
          strokeWidth: inAnswer ? 2.5 : 1.5,
          strokeDasharray: e.kind === "trusted-as-client-ca-by" ? "5 4" : undefined,
          // Edges between groups are context, not the group's own structure: drawn fainter.
          opacity:
            lit && !inAnswer
              ? 0.12
              : groupBy !== "none" && groupOf.get(e.source) !== groupOf.get(e.target)
                ? 0.3
                : 0.9,
        },
        ariaLabel: `${e.source} ${EDGE_LABEL[e.kind]} ${e.target}`,
        domAttributes: {
          "data-testid": "trust-edge",
          "data-kind": e.kind,
          "data-source": e.source,
          "data-target": e.target,
        } as Record<string, string>,
      } satisfies Edge;
    });
  }, [view, lit, answer, groupBy]);

  const selectedNode = selected ? graph.nodes.find((n) => n.id === selected) : undefined;

  const focus = useCallback(
    (id: string, inGroup?: string) => {
      // A node inside a collapsed group: expand the group first, then centre on the node.
      const member = view.nodes.find((v) => v.id === id);
      if (!member) {
        const g = inGroup ?? buildViewGraph(graph, { groupBy }).nodes.find((v) => v.id === id)?.group;
        if (g && !(summary && expandedKeys.includes(g))) toggleGroup(g);
      }
      setSelected(id);
      requestAnimationFrame(() => {
        const n = flow.getNode(id);
        if (n)
          flow.setCenter(n.position.x + NODE_W / 2, n.position.y + NODE_H / 2, { zoom: 1.1, duration: 400 });
      });
    },
    [view, graph, groupBy, flow, toggleGroup, summary, expandedKeys],
  );

  const matches = useMemo(() => searchNodes(view.nodes, query).slice(0, 8), [view, query]);
  const allMatches = useMemo(
    () =>
      query.trim() && !summary
        ? searchNodes(buildViewGraph(graph, { groupBy: "none" }).nodes, query).slice(0, 8)
        : [],
    [graph, query, summary],
  );
  // A summarised graph is searched on the server (the objects of collapsed groups are not here).
  const found = useTrustSearch({
    namespace: data.namespace,
    groupBy: (summary?.groupBy ?? "namespace") as SummaryGroupBy,
    text: query,
    enabled: !!summary && matches.length === 0,
  });
  // A node named in the URL (`?node=`, e.g. from a certificate's blast radius) inside a collapsed
  // group of a summary: its group is found on the server and expanded once.
  const [linkedNode] = useState(() => get("node"));
  const linked = useTrustSearch({
    namespace: data.namespace,
    groupBy: (summary?.groupBy ?? "namespace") as SummaryGroupBy,
    text: linkedNode ?? "",
    enabled: !!summary && !!linkedNode,
  });
  const linkedGroup = linked.data?.hits.find((h) => h.id === linkedNode)?.group;
  const [linkedDone, setLinkedDone] = useState(false);
  useEffect(() => {
    if (!summary || linkedDone || linkedGroup === undefined) return;
    setLinkedDone(true);
    if (!expandedKeys.includes(linkedGroup)) toggleGroup(linkedGroup);
  }, [summary, linkedDone, linkedGroup, expandedKeys, toggleGroup]);

  const suggestions: Suggestion[] =
    matches.length > 0 ? matches : summary ? (query.trim() ? (found.data?.hits ?? []) : []) : allMatches;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <form
          className="relative"
          aria-label="Find a node"
          onSubmit={(e) => {
            e.preventDefault();
            const first = suggestions[0];
            if (first) {
              focus(first.id, first.group);
              setQuery("");
            }
          }}
        >
          <SearchIcon
            size={14}
            className="-translate-y-1/2 pointer-events-none absolute top-1/2 left-2.5 text-zinc-400"
          />
          <input
            type="search"
            data-page-search=""
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Find a certificate, Secret, host…"
            aria-label="Find a node"
            data-testid="trust-search"
            className={`${controlClass} w-72 pr-3 pl-8`}
          />
          {query.trim() && suggestions.length > 0 ? (
            <ul className="absolute top-9 left-0 z-20 w-80 overflow-hidden rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
              {suggestions.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    data-testid="trust-search-result"
                    onClick={() => {
                      focus(s.id, s.group);
                      setQuery("");
                    }}
                    className="flex w-full items-center justify-between gap-2 px-3 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  >
                    <span className="truncate text-zinc-900 dark:text-zinc-100">{s.label}</span>
                    <span className="shrink-0 text-[11px] text-zinc-500">{s.sublabel}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </form>

        <fieldset className="flex items-center gap-1 rounded-lg border border-zinc-200 p-0.5 dark:border-zinc-700/80">
          <legend className="sr-only">Group by</legend>
          {groupings.map((g) => (
            <button
              key={g}
              type="button"
              aria-pressed={groupBy === g}
              data-testid={`group-${g}`}
              onClick={() => update({ group: g }, { replace: true })}
              className={`h-7 rounded-md px-2.5 text-xs ${
                groupBy === g
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
              }`}
            >
              {g === "none" ? "No groups" : `By ${g}`}
            </button>
          ))}
        </fieldset>
        {groupBy !== "none" ? (
          <div className="flex gap-1">
            <Button size="sm" variant="ghost" onClick={() => setCollapsed("all")}>
              Collapse all
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setCollapsed([])}>
              Expand all
            </Button>
          </div>
        ) : null}

        <label className="ml-auto flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          Namespace
          <select
            value={data.namespace ?? ""}
            data-testid="trust-namespace"
            onChange={(e) => update({ namespace: e.target.value, node: undefined })}
            className={`${controlClass} px-2`}
          >
            <option value="">All namespaces</option>
            {data.namespaces.map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
          </select>
        </label>
      </div>

      {data.notice ? (
        <p
          data-testid="trust-notice"
          className="flex items-start gap-2 rounded-lg border border-amber-300/70 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/[0.07] dark:text-amber-200"
        >
          <InfoIcon size={14} className="mt-px shrink-0" />
          {data.notice}
        </p>
      ) : null}

      {data.workloadsHidden?.length ? (
        <p data-testid="trust-workloads-hidden" className="text-xs text-amber-800 dark:text-amber-300">
          {data.workloadsHidden.join("; ")}
        </p>
      ) : null}

      {summary ? <SummaryStrip summary={summary} loading={loadedGroups.loading} /> : null}
      {loadedGroups.error ? <ErrorPanel error={loadedGroups.error} /> : null}

      <Card className="flex h-[calc(100vh-15rem)] min-h-[520px] overflow-hidden">
        <div
          className="relative min-w-0 flex-1"
          data-testid="trust-canvas"
          data-layout-engine={laid?.engine ?? "pending"}
          data-layout-ms={laid ? Math.round(laid.ms) : undefined}
        >
          {laid ? null : (
            <div
              data-testid="trust-layout-pending"
              className="absolute inset-0 z-10 flex items-center justify-center text-sm text-zinc-500 dark:text-zinc-400"
            >
              Laying out {(summarised ? summarised.nodes.length : objects).toLocaleString("en-US")}{" "}
              {summarised ? "groups and objects" : "objects"}…
            </div>
          )}
          {laid ? (
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              colorMode={resolved}
              fitView
              fitViewOptions={{ padding: 0.08, maxZoom: 1.1 }}
              minZoom={0.05}
              maxZoom={2}
              nodesConnectable={false}
              nodesDraggable={false}
              elementsSelectable
              onlyRenderVisibleElements={view.nodes.length > 200}
              onNodeClick={(_, n) => {
                if (n.type === "frame") return;
                if (n.id.startsWith(GROUP_NODE_PREFIX)) {
                  toggleGroup(n.id.slice(GROUP_NODE_PREFIX.length));
                  return;
                }
                setSelected(n.id);
              }}
              onPaneClick={() => setSelected(undefined)}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} size={1} color={resolved === "dark" ? "#27272a" : "#e4e4e7"} />
              <Controls showInteractive={false} position="bottom-left" />
              <MiniMap
                pannable
                zoomable
                position="bottom-right"
                nodeColor={(n) => {
                  const v = (n.data as Partial<TrustNodeData>).view;
                  if (!v) return "transparent";
                  return v.status === "critical"
                    ? "#ef4444"
                    : v.status === "warning"
                      ? "#f59e0b"
                      : resolved === "dark"
                        ? "#52525b"
                        : "#a1a1aa";
                }}
                maskColor={resolved === "dark" ? "rgba(9,9,11,0.6)" : "rgba(244,244,245,0.6)"}
                className="!bg-white dark:!bg-zinc-900"
              />
            </ReactFlow>
          ) : null}
        </div>
        {selectedNode ? (
          <div className="w-[380px] max-w-[45%] shrink-0 border-zinc-200 border-l p-2 dark:border-zinc-800">
            <NodeDetails
              node={selectedNode}
              graph={graph}
              answer={answer}
              onClose={() => setSelected(undefined)}
              onClear={() => setAnswer(undefined)}
              onFocus={focus}
              onDownstream={() =>
                setAnswer({
                  kind: "downstream",
                  origin: selectedNode.id,
                  ids: downstreamOf(graph, selectedNode.id).map((n) => n.id),
                })
              }
              onTrusted={() => {
                const trust = routeTrust(graph, selectedNode.id);
                if (trust) setAnswer({ kind: "trusted", origin: selectedNode.id, trust });
              }}
            />
          </div>
        ) : null}
      </Card>
      <Legend />
    </div>
  );
}

/** The trust graph page body: toolbar, React Flow canvas, details panel. */
export function TrustGraphView() {
  const { get } = useUrlParams();
  const namespace = get("namespace");
  const group = oneOf(get("group"), GROUPINGS);
  // `?summaryAt=` (tests): the size from which the server sends a summary instead of the graph.
  const summaryAtParam = Number(get("summaryAt"));
  const summaryAt = Number.isInteger(summaryAtParam) && summaryAtParam > 0 ? summaryAtParam : undefined;
  const { data, error, isPending, refetch } = useTrustView(namespace, group, summaryAt);
  // The layout worker starts while the graph is on its way.
  useEffect(() => prewarmLayoutWorker(), []);

  if (error && !data) {
    return (
      <ErrorPanel
        error={error}
        action={
          <Button size="sm" onClick={() => refetch()}>
            Retry
          </Button>
        }
      />
    );
  }
  if (isPending || !data) return <Skeleton className="h-[560px] w-full rounded-xl" />;
  if (data.nodes.length === 0 && !data.summary?.groups.length) {
    return (
      <Card>
        <EmptyState
          icon={<GraphIcon size={20} />}
          title="Nothing to draw"
          description="No issuers, certificates, TLS Secrets or APISIX objects were found for this identity."
        />
      </Card>
    );
  }
  return (
    <ReactFlowProvider>
      <Canvas data={data} summaryAt={summaryAt} />
    </ReactFlowProvider>
  );
}
