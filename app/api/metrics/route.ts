import { toErrorResponse } from "@/lib/http/errors";
import { contextFromRequest } from "@/lib/k8s/config";
import { collectMetrics } from "@/lib/metrics/collect";
import { EXPOSITION_CONTENT_TYPE } from "@/lib/metrics/exposition";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus scrape: certificate/Secret/CA expiries, Ready status, audit problems, watch and HTTP metrics. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const text = await collectMetrics(contextFromRequest(req));
    return new Response(text, {
      headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/metrics");
