import { getOrderList } from "@/lib/acme/orders";
import { namespaceQuerySchema } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → ListResponse<AcmeOrderRow>: cert-manager's ACME Orders. */
export const GET = route({
  route: "/api/acme/orders",
  query: namespaceQuerySchema,
  handler: ({ ctx, query }) => getOrderList({ namespace: query.namespace, context: ctx.kube }),
});
