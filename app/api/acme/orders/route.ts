import { getOrderList } from "@/lib/acme/orders";
import { acmeListQuerySchema } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * `?namespace&certificate&certificateRequest` → ListResponse<AcmeOrderRow>: cert-manager's ACME
 * Orders, optionally only those serving one Certificate or CertificateRequest.
 */
export const GET = route({
  route: "/api/acme/orders",
  query: acmeListQuerySchema,
  handler: ({ ctx, query }) => getOrderList({ ...query, context: ctx.kube }),
});
