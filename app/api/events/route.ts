import { streamOwner, tooManyStreams } from "@/lib/auth/stream-owner";
import { getEnv } from "@/lib/env";
import { contextFromRequest } from "@/lib/k8s/config";
import { liveEventStream } from "@/lib/live/sse";
import { withMetrics } from "@/lib/metrics/http";
import { acquireStream } from "@/lib/security/streams";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Server-Sent Events: `change` ({kind, type, namespace, name}), `status` (watch state), heartbeats. */
export const GET = withMetrics(async (req: Request) => {
  const release = acquireStream(streamOwner(req), getEnv().maxStreamsPerSession);
  if (!release) return tooManyStreams();
  req.signal.addEventListener("abort", release, { once: true });
  const stream = liveEventStream({ context: contextFromRequest(req), signal: req.signal }).pipeThrough(
    new TransformStream({ flush: release }),
  );
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}, "/api/events");
