import { namespaceQuerySchema } from "@/lib/http/params";
import { route } from "@/lib/server/route";
import { getFleetTrustGraph } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → TrustGraphDto: issuers, certificates, Secrets, APISIX objects and hosts, with problems. */
export const GET = route({
  route: "/api/trust",
  query: namespaceQuerySchema,
  handler: ({ ctx, query }) => getFleetTrustGraph({ context: ctx.kube, namespace: query.namespace }),
});
