import {
  buildViewGraph,
  type GroupBy,
  type LayoutOptions,
  layoutViewGraph,
  type Positioned,
  type ViewGraph,
} from "./layout";
import type { TrustGraph } from "./types";

/**
 * One layout of the trust graph page, as the layout Web Worker (components/trust/layout.worker.ts)
 * runs it off the main thread: group, collapse, lay out. Pure, so the page can also run it inline
 * where there is no Worker (tests).
 */

/** What the page asks for. `collapsed: "all"` = every group of `groupBy` collapsed (the default of a large graph). */
export interface LayoutRequest {
  /** Which graph (the page sends the graph itself once per id). */
  graphId: string;
  /** Increases with every request; an answer to an older one is ignored. */
  seq: number;
  groupBy: GroupBy;
  collapsed: readonly string[] | "all";
  layout: LayoutOptions;
  /**
   * A view built elsewhere (from the server's summary, lib/trust/summary.ts `summaryView`): laid
   * out as it is, without a graph; `groupBy` and `collapsed` are then ignored.
   */
  view?: ViewGraph;
}

export interface LayoutResult {
  graphId: string;
  seq: number;
  view: ViewGraph;
  positions: Positioned;
  /** The collapsed group keys the answer used (resolves "all"). */
  collapsed: string[];
  /** Time the layout took in the worker, ms. */
  ms: number;
}

/** Runs `req` on `graph` (unused when the request carries its `view`). */
export function runLayoutJob(graph: TrustGraph | undefined, req: LayoutRequest): LayoutResult {
  const t0 = performance.now();
  if (req.view) {
    const positions = layoutViewGraph(req.view, req.layout);
    const collapsed = req.view.nodes.flatMap((n) =>
      n.kind === "group" && n.group !== undefined ? [n.group] : [],
    );
    return {
      graphId: req.graphId,
      seq: req.seq,
      view: req.view,
      positions,
      collapsed,
      ms: performance.now() - t0,
    };
  }
  if (!graph) throw new Error("graph not sent");
  const collapsed =
    req.collapsed === "all"
      ? req.groupBy === "none"
        ? []
        : buildViewGraph(graph, { groupBy: req.groupBy }).groups.map((g) => g.key)
      : [...req.collapsed];
  const view = buildViewGraph(graph, { groupBy: req.groupBy, collapsed: new Set(collapsed) });
  const positions = layoutViewGraph(view, req.layout);
  return { graphId: req.graphId, seq: req.seq, view, positions, collapsed, ms: performance.now() - t0 };
}
