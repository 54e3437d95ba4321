"use client";

import { useEffect, useRef, useState } from "react";
import type { GroupBy, LayoutOptions, ViewGraph } from "@/lib/trust/layout";
import { type LayoutRequest, type LayoutResult, runLayoutJob } from "@/lib/trust/layout-job";
import type { TrustGraph } from "@/lib/trust/types";

type WorkerAnswer = LayoutResult | { graphId: string; seq: number; error: string } | { ready: true };

/** How long a worker may take to start before the page lays out inline instead, ms. */
const WORKER_START_MS = 4000;

function startWorker(): Worker | null {
  try {
    return typeof Worker === "undefined"
      ? null
      : new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
}

/** A worker started before the graph arrived (`prewarmLayoutWorker`), with whether it said ready. */
let prewarmed: { worker: Worker; ready: boolean } | undefined;

/**
 * Starts the layout worker while the page still waits for the graph, so its start-up (loading
 * the worker's module, dagre) overlaps the request instead of following it. The next
 * `useGraphLayout` takes it over; calling again while one waits does nothing.
 */
export function prewarmLayoutWorker(): void {
  if (prewarmed) return;
  const worker = startWorker();
  if (!worker) return;
  const slot = { worker, ready: false };
  worker.onmessage = (e: MessageEvent<WorkerAnswer>) => {
    if ("ready" in e.data) slot.ready = true;
  };
  prewarmed = slot;
}

function takePrewarmed(): { worker: Worker; ready: boolean } | undefined {
  const p = prewarmed;
  prewarmed = undefined;
  return p;
}

/**
 * Lays the trust graph out in a Web Worker (components/trust/layout.worker.ts): the graph is sent
 * once per `graphId`, then each grouping / collapse change sends only the request; a ready view
 * (`{ view }`, a summarised graph, lib/trust/summary.ts) is sent with each request. Where no Worker
 * can start (tests), the same job runs inline after the current frame. Returns the latest answer
 * for `graphId` (the previous one stays drawn while a new layout runs), or undefined before the first.
 */
export function useGraphLayout(
  source: { graph: TrustGraph } | { view: ViewGraph },
  graphId: string,
  groupBy: GroupBy,
  collapsed: readonly string[] | "all",
  layout: LayoutOptions,
): (LayoutResult & { engine: "worker" | "inline" }) | undefined {
  const worker = useRef<Worker | null | undefined>(undefined);
  const sent = useRef<string | undefined>(undefined);
  const seq = useRef(0);
  const latest = useRef<{ graph: TrustGraph | undefined; request: LayoutRequest } | undefined>(undefined);
  const ready = useRef(false);
  const [result, setResult] = useState<(LayoutResult & { engine: "worker" | "inline" }) | undefined>(
    undefined,
  );

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = undefined;
      ready.current = false;
    },
    [],
  );

  const collapsedKey = collapsed === "all" ? "all" : collapsed.join("\u0000");
  const graph = "graph" in source ? source.graph : undefined;
  const view = "view" in source ? source.view : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `collapsedKey` stands for `collapsed` (a new array each render)
  useEffect(() => {
    const request: LayoutRequest = {
      graphId,
      seq: ++seq.current,
      groupBy,
      collapsed,
      layout,
      ...(view ? { view } : {}),
    };
    latest.current = { graph, request };
    const inline = () => {
      const id = setTimeout(() => {
        if (latest.current?.request.seq === request.seq)
          setResult({ ...runLayoutJob(graph, request), engine: "inline" });
      }, 0);
      return () => clearTimeout(id);
    };
    if (worker.current === undefined) {
      const warm = takePrewarmed();
      if (warm) {
        worker.current = warm.worker;
        ready.current = warm.ready;
      } else worker.current = startWorker();
      if (worker.current) {
        const w = worker.current;
        const started = setTimeout(() => {
          if (ready.current || worker.current !== w) return;
          // The worker did not start in time: lay out here from now on.
          w.terminate();
          worker.current = null;
          const now = latest.current;
          if (now) setResult({ ...runLayoutJob(now.graph, now.request), engine: "inline" });
        }, WORKER_START_MS);
        w.onmessage = (e: MessageEvent<WorkerAnswer>) => {
          const now = latest.current;
          if ("ready" in e.data) {
            ready.current = true;
            clearTimeout(started);
            if (now) {
              w.postMessage(
                now.graph ? { graph: now.graph, request: now.request } : { request: now.request },
              );
              if (now.graph) sent.current = now.request.graphId;
            }
            return;
          }
          if (!now || e.data.seq !== now.request.seq) return;
          if ("error" in e.data) {
            // The worker lost the graph or failed: lay out here instead.
            setResult({ ...runLayoutJob(now.graph, now.request), engine: "inline" });
            return;
          }
          setResult({ ...e.data, engine: "worker" });
        };
        worker.current.onerror = () => {
          worker.current?.terminate();
          worker.current = null;
          const now = latest.current;
          if (now) setResult({ ...runLayoutJob(now.graph, now.request), engine: "inline" });
        };
      }
    }
    const w = worker.current;
    if (!w) return inline();
    // Not started yet: the ready message sends the latest request.
    if (!ready.current) return undefined;
    if (!graph) {
      w.postMessage({ request });
      return undefined;
    }
    w.postMessage(sent.current === graphId ? { request } : { graph, request });
    sent.current = graphId;
    return undefined;
  }, [graph, view, graphId, groupBy, collapsedKey, layout]);

  return result && result.graphId === graphId ? result : undefined;
}
