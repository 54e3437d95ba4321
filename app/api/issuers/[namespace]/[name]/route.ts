import { namespacedNameParams } from "@/lib/http/params";
import { getIssuerDetail } from "@/lib/inventory/issuer-detail";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** IssuerDetail of one namespaced Issuer: type, Ready, ACME account, the Certificates it signs, Events. */
export const GET = route({
  route: "/api/issuers/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) =>
    getIssuerDetail("Issuer", params.namespace, params.name, { context: ctx.kube }),
});
