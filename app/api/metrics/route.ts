import { collectMetrics } from "@/lib/metrics/collect";
import { EXPOSITION_CONTENT_TYPE } from "@/lib/metrics/exposition";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus scrape: certificate/Secret/CA expiries, Ready status, audit problems, watch and HTTP metrics. */
export const GET = route({
  route: "/api/metrics",
  handler: async ({ ctx }) =>
    new Response(await collectMetrics(ctx.kube), {
      headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" },
    }),
});
