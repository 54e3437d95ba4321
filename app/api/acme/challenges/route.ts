import { getChallengeList } from "@/lib/acme/orders";
import { acmeListQuerySchema } from "@/lib/http/params";
import { listAcrossFleet } from "@/lib/inventory/fleet-lists";
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
  handler: ({ ctx, query }) =>
    // The ACME page's list merges every cluster (rows tagged with theirs); one object's Orders
    // (`certificate`, `certificateRequest`: its page) are read in the page's cluster alone.
    query.certificate || query.certificateRequest
      ? getChallengeList({ ...query, context: ctx.kube })
      : listAcrossFleet(ctx.kube, (context) => getChallengeList({ ...query, context })),
});
