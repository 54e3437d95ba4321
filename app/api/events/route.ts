import { liveEventStream } from "@/lib/live/sse";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Server-Sent Events: `change` ({kind, type, namespace, name}), `status` (watch state), heartbeats. */
export const GET = route({
  route: "/api/events",
  handler: ({ req, ctx }) =>
    new Response(liveEventStream({ context: ctx.kube, signal: req.signal }), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    }),
});
