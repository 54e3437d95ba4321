import { getEnv } from "@/lib/env";
import { listAcrossFleet } from "@/lib/inventory/fleet-lists";
import { route } from "@/lib/server/route";
import { getBundleList } from "@/lib/trust/bundles";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * ListResponse<BundleRow>: trust-manager's Bundles (sources, targets, Synced condition), each with
 * its `cluster`; across the fleet when several clusters are configured.
 */
export const GET = route({
  route: "/api/trust/bundles",
  handler: ({ ctx }) =>
    listAcrossFleet(ctx.kube, (context) =>
      getBundleList({ context, trustNamespace: getEnv().clusterResourceNamespace }),
    ),
});
