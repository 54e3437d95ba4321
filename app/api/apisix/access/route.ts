import { accessQuerySchema } from "@/lib/actions/schemas";
import { getGatewayAccess } from "@/lib/apisix/access";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** What the current identity may do with APISIX objects (per Gateway write), from SelfSubjectAccessReviews. */
export const GET = route({
  route: "/api/apisix/access",
  query: accessQuerySchema,
  handler: ({ ctx, query }) => getGatewayAccess(query.namespace, { context: ctx.kube }),
});
