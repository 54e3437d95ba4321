import "server-only";
import { mayListIn, onAccessDropped } from "@/lib/k8s/access-filter";
import { currentViewer, type Viewer } from "@/lib/k8s/config";
import {
  aggregateState,
  type ChangeEvent,
  ensureWatching,
  getLiveStatus,
  type LiveStatus,
  subscribeLive,
} from "@/lib/k8s/watch-cache";
import { KINDS } from "@/lib/kinds";
import type { LiveChangeDto, LiveStatusDto } from "./types";

/** Interval of the keep-alive comment, in ms. */
export const HEARTBEAT_MS = 15_000;

/** One Server-Sent Events message (`event:` + one `data:` line per line of the JSON). */
export function sseMessage(event: string, data: unknown): string {
  const body = JSON.stringify(data)
    .split("\n")
    .map((l) => `data: ${l}`)
    .join("\n");
  return `event: ${event}\n${body}\n\n`;
}

/**
 * The browser's view of a change: kind, type and name only, never the object; with `cluster` (the
 * fleet cluster it happened in) when the stream carries several clusters.
 */
export function toChangeDto(e: ChangeEvent, cluster?: string): LiveChangeDto {
  return {
    kind: e.kind,
    type: e.type,
    ...(e.namespace ? { namespace: e.namespace } : {}),
    name: e.name,
    ...(cluster ? { cluster } : {}),
  };
}

/** The browser's view of the watch state. */
export function toStatusDto(
  s: LiveStatus | undefined,
  fallback: LiveStatusDto["state"] = "syncing",
): LiveStatusDto {
  if (!s) return { state: fallback, kinds: [] };
  return {
    state: s.state,
    kinds: s.kinds.map((k) => ({ kind: k.kind, state: k.state, restarts: k.restarts })),
  };
}

/**
 * The watch state of a stream over several clusters: each cluster's own state in `clusters`; the
 * overall `state` and `kinds` are those of the clusters whose watches work (live or syncing), so one
 * unreachable cluster shows in its own entry (and the overview's health strip) without turning the
 * whole stream "offline"; when no cluster's watches work, the worst state of all
 * (`aggregateState`'s order: offline, reconnecting, syncing, live).
 */
export function toFleetStatusDto(
  statuses: readonly { cluster: string; status?: LiveStatus }[],
): LiveStatusDto {
  const per = statuses.map(({ cluster, status }) => ({ cluster, dto: toStatusDto(status) }));
  const working = per.filter((p) => p.dto.state === "live" || p.dto.state === "syncing");
  const counted = working.length > 0 ? working : per;
  return {
    state: aggregateState(counted.map((p) => p.dto.state)),
    kinds: counted.flatMap((p) => p.dto.kinds),
    clusters: per.map((p) => ({ cluster: p.cluster, state: p.dto.state })),
  };
}

/**
 * The `/api/events` stream for `context`: `status` at once and on every state change, `change` per
 * object change, a comment every `heartbeatMs`. Starts the context's watches if needed. Everything
 * it registered is released when `signal` aborts (client gone) or the reader cancels.
 *
 * A `change` is sent only when `viewer` (default: the person bound to the current request, captured
 * when the stream opens) may list the object's kind in its namespace (lib/k8s/access-filter.ts), so
 * the stream never names an object their `kubectl get` could not list. Changes keep their order.
 * When the person's kept access answers are dropped (sign-in, sign-out: `dropAccessCache`), their
 * streams end; the browser reconnects and its session is judged again.
 */
export function liveEventStream(opts: {
  context?: string;
  /**
   * Several fleet clusters (context names, lib/k8s/fleet.ts `fleetTargets`): the stream carries the
   * changes of every one, each `change` with its `cluster`, and `status` per cluster
   * (`toFleetStatusDto`). Each cluster's watches run on their own: one that fails (unreachable,
   * forbidden) never stops the others' changes. Overrides `context`.
   */
  clusters?: readonly string[];
  signal: AbortSignal;
  heartbeatMs?: number;
  viewer?: Viewer;
}): ReadableStream<Uint8Array> {
  const viewer = opts.viewer ?? currentViewer();
  const encoder = new TextEncoder();
  let cleanup: () => void = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let lastStatus = "";
      let unsubscribe: (() => void) | undefined;
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      const unwatchDrops =
        viewer.kind === "person"
          ? onAccessDropped((key) => {
              if (key === undefined || key === viewer.key) cleanup();
            })
          : () => {};
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe?.();
        unwatchDrops();
        opts.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the reader
        }
      };
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const sendStatus = (dto: LiveStatusDto) => {
        const text = sseMessage("status", dto);
        if (text === lastStatus) return;
        lastStatus = text;
        send(text);
      };
      if (opts.signal.aborted) {
        cleanup();
        return;
      }
      opts.signal.addEventListener("abort", cleanup, { once: true });
      send("retry: 2000\n\n");
      const fleet = opts.clusters && opts.clusters.length > 1 ? opts.clusters : undefined;
      const names = (fleet ?? [opts.context]).flatMap((c) => ensureWatching(c) ?? []);
      const [first] = names;
      if (first === undefined) {
        sendStatus({ state: "offline", kinds: [] });
      } else {
        const status = () =>
          fleet
            ? toFleetStatusDto(names.map((cluster) => ({ cluster, status: getLiveStatus(cluster) })))
            : toStatusDto(getLiveStatus(first));
        sendStatus(status());
        // One chain per stream: each change waits for its access answer, in arrival order.
        let queue: Promise<void> = Promise.resolve();
        const unsubscribes = names.map((name) =>
          subscribeLive(name, {
            change: (e: ChangeEvent) => {
              queue = queue.then(async () => {
                if (closed) return;
                try {
                  if (await mayListIn(viewer, KINDS[e.kind], e.namespace ?? "", name)) {
                    send(sseMessage("change", toChangeDto(e, fleet ? name : undefined)));
                  }
                } catch {
                  // An access answer that fails (its cluster gone) drops that change only.
                }
              });
            },
            status: () => sendStatus(status()),
          }),
        );
        unsubscribe = () => {
          for (const u of unsubscribes) u();
        };
      }
      heartbeat = setInterval(
        () => send(`: heartbeat ${new Date().toISOString()}\n\n`),
        opts.heartbeatMs ?? HEARTBEAT_MS,
      );
    },
    cancel() {
      cleanup();
    },
  });
}
