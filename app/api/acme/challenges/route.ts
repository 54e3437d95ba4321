import { getChallengeList } from "@/lib/acme/orders";
import { namespaceQuerySchema } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → ListResponse<AcmeChallengeRow>: cert-manager's ACME Challenges (never their key). */
export const GET = route({
  route: "/api/acme/challenges",
  query: namespaceQuerySchema,
  handler: ({ ctx, query }) => getChallengeList({ namespace: query.namespace, context: ctx.kube }),
});
