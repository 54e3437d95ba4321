import { getAccess } from "@/lib/actions/access";
import { accessQuerySchema } from "@/lib/actions/schemas";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** What the current identity may do (per action), from SelfSubjectAccessReviews. */
export const GET = route({
  route: "/api/access",
  query: accessQuerySchema,
  handler: ({ ctx, query }) => getAccess(query.namespace, { context: ctx.kube }),
});
