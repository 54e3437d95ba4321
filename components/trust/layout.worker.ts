/// <reference lib="webworker" />
// The trust graph's layout off the main thread: grouping, collapsing and the dagre layout of
// thousands of nodes run here, so the page stays responsive while a large graph is laid out.
// A summarised graph (lib/trust/summary.ts) arrives as a ready view and is only laid out.
import { type LayoutRequest, runLayoutJob } from "@/lib/trust/layout-job";
import type { TrustGraph } from "@/lib/trust/types";

let current: { id: string; graph: TrustGraph } | undefined;

self.onmessage = (e: MessageEvent<{ graph?: TrustGraph; request: LayoutRequest }>) => {
  const { graph, request } = e.data;
  if (graph) current = { id: request.graphId, graph };
  if (!request.view && (!current || current.id !== request.graphId)) {
    self.postMessage({ graphId: request.graphId, seq: request.seq, error: "graph not sent" });
    return;
  }
  try {
    self.postMessage(runLayoutJob(request.view ? undefined : current?.graph, request));
  } catch (err) {
    self.postMessage({
      graphId: request.graphId,
      seq: request.seq,
      error: err instanceof Error ? err.message : String(err),
    });
  }
};

// The bundler may finish loading this module after the page's first message was dispatched (and
// lost): the page sends nothing until it hears this.
self.postMessage({ ready: true });
