import { streamOwner, tooManyStreams } from "@/lib/auth/stream-owner";
import { getEnv } from "@/lib/env";
import { fleetTargets } from "@/lib/k8s/fleet";
import { liveEventStream } from "@/lib/live/sse";
import { acquireStream } from "@/lib/security/streams";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Server-Sent Events: `change` ({kind, type, namespace, name; cluster with several clusters}),
 * `status` (watch state; per cluster with several), heartbeats.
 */
/** The clusters of a merged stream, or nothing (one cluster, or no usable kubeconfig: "offline" then). */
function fleetOf(kube: string | undefined): { clusters?: string[] } {
  try {
    const { clusters, merged } = fleetTargets(kube);
    return merged ? { clusters } : {};
  } catch {
    return {};
  }
}

export const GET = route({
  route: "/api/events",
  handler: async ({ req, ctx }) => {
    // At most TRUSTDECK_MAX_STREAMS_PER_SESSION open streams per session (issue 16 item 12).
    const release = acquireStream(await streamOwner(req), getEnv().maxStreamsPerSession);
    if (!release) return tooManyStreams();
    req.signal.addEventListener("abort", release, { once: true });
    // Several clusters (no ?cluster=, no context cookie): every cluster's changes, each tagged.
    const stream = liveEventStream({
      context: ctx.kube,
      ...fleetOf(ctx.kube),
      signal: req.signal,
    }).pipeThrough(new TransformStream({ flush: release }));
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
});
