import { getChallengeList } from "@/lib/acme/orders";
import { acmeListQuerySchema } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * `?namespace&certificate&certificateRequest` → ListResponse<AcmeChallengeRow>: cert-manager's ACME
 * Challenges, optionally only those serving one Certificate or CertificateRequest.
 */
export const GET = route({
  route: "/api/acme/challenges",
  query: acmeListQuerySchema,
  handler: ({ ctx, query }) => getChallengeList({ ...query, context: ctx.kube }),
});
