import "server-only";
import { mayListIn, onAccessDropped } from "@/lib/k8s/access-filter";
import { currentViewer, type Viewer } from "@/lib/k8s/config";
import {
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

/** The browser's view of a change: kind, type and name only, never the object. */
export function toChangeDto(e: ChangeEvent): LiveChangeDto {
  return { kind: e.kind, type: e.type, ...(e.namespace ? { namespace: e.namespace } : {}), name: e.name };
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
      const name = ensureWatching(opts.context);
      if (!name) {
        sendStatus({ state: "offline", kinds: [] });
      } else {
        sendStatus(toStatusDto(getLiveStatus(name)));
        // One chain per stream: each change waits for its access answer, in arrival order.
        let queue: Promise<void> = Promise.resolve();
        const change = (e: ChangeEvent) => {
          queue = queue.then(async () => {
            if (closed) return;
            if (await mayListIn(viewer, KINDS[e.kind], e.namespace ?? "", name)) {
              send(sseMessage("change", toChangeDto(e)));
            }
          });
        };
        unsubscribe = subscribeLive(name, {
          change,
          status: (s) => sendStatus(toStatusDto(s)),
        });
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
