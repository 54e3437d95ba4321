import { namespaceQuerySchema } from "@/lib/http/params";
import { listAcrossFleet } from "@/lib/inventory/fleet-lists";
import { getIssuerList } from "@/lib/inventory/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → ListResponse<IssuerRow> (Issuers of the namespace, or all, plus every ClusterIssuer). */
export const GET = route({
  route: "/api/issuers",
  query: namespaceQuerySchema,
  handler: ({ ctx, query }) =>
    listAcrossFleet(ctx.kube, (context) => getIssuerList({ namespace: query.namespace, context })),
});
