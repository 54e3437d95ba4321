import { clusterNameParams } from "@/lib/http/params";
import { getIssuerDetail } from "@/lib/inventory/issuer-detail";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** IssuerDetail of one ClusterIssuer; its Events are read where cert-manager records them. */
export const GET = route({
  route: "/api/clusterissuers/[name]",
  params: clusterNameParams,
  handler: ({ ctx, params }) =>
    getIssuerDetail("ClusterIssuer", undefined, params.name, { context: ctx.kube }),
});
