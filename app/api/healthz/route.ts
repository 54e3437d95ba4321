import { getHealth } from "@/lib/http/health";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Always 200 while the app runs; `cluster.reachable` tells whether the cluster answers. */
export const GET = route({
  route: "/api/healthz",
  handler: ({ ctx }) => getHealth(ctx.kube),
});
