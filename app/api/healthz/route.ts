import { mayReadHealthDetail, publicHealth } from "@/lib/auth/health-access";
import { getHealth } from "@/lib/http/health";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Always 200 while the app runs; `cluster.reachable` tells whether the cluster answers. Without a
 * session only `{ ok, version }` (and the context cookie is not read).
 */
export const GET = withMetrics(
  async (req: Request) =>
    mayReadHealthDetail(req) ? json(await getHealth(contextFromRequest(req))) : json(publicHealth()),
  "/api/healthz",
);
