import { mayReadHealthDetail, publicHealth } from "@/lib/auth/health-access";
import { getHealth } from "@/lib/http/health";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Always 200 while the app runs; `cluster.reachable` tells whether the cluster answers. Without a
 * session only `{ ok, version }` (the context cookie is not used).
 */
export const GET = route({
  route: "/api/healthz",
  handler: async ({ req, ctx }) => ((await mayReadHealthDetail(req)) ? getHealth(ctx.kube) : publicHealth()),
});
