import { getHealth } from "@/lib/http/health";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Always 200 while the app runs; `cluster.reachable` tells whether the cluster answers. */
export const GET = withMetrics(
  async (req: Request) => json(await getHealth(contextFromRequest(req))),
  "/api/healthz",
);
