import { getOrderDetail } from "@/lib/acme/orders";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** AcmeOrderDetail: one ACME Order with its links and Events; 404 when it does not exist. */
export const GET = route({
  route: "/api/acme/orders/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) => getOrderDetail(params.namespace, params.name, { context: ctx.kube }),
});
