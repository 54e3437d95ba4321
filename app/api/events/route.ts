import { contextFromRequest } from "@/lib/k8s/config";
import { liveEventStream } from "@/lib/live/sse";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Server-Sent Events: `change` ({kind, type, namespace, name}), `status` (watch state), heartbeats. */
export const GET = withMetrics(async (req: Request) => {
  const stream = liveEventStream({ context: contextFromRequest(req), signal: req.signal });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}, "/api/events");
