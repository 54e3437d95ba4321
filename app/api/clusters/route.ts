import { fleetHealth, isFleet } from "@/lib/k8s/fleet";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * → `{ fleet, clusters: ClusterHealth[] }`: every configured cluster (lib/fleet.ts) with its health
 * (reachable, Kubernetes version, cert-manager and APISIX CRDs served, watch state, error), probed
 * in parallel within 3 s each. `fleet` is true when more than one cluster is shown together.
 */
export const GET = route({
  route: "/api/clusters",
  handler: async () => ({ fleet: isFleet(), clusters: await fleetHealth() }),
});
