import { getEnv } from "@/lib/env";
import { route } from "@/lib/server/route";
import { getBundleList } from "@/lib/trust/bundles";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** ListResponse<BundleRow>: trust-manager's Bundles (sources, targets, Synced condition). */
export const GET = route({
  route: "/api/trust/bundles",
  handler: ({ ctx }) =>
    getBundleList({ context: ctx.kube, trustNamespace: getEnv().clusterResourceNamespace }),
});
