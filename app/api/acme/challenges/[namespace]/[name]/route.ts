import { getChallengeDetail } from "@/lib/acme/orders";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** AcmeChallengeDetail: one ACME Challenge with its links and Events; 404 when it does not exist. */
export const GET = route({
  route: "/api/acme/challenges/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) => getChallengeDetail(params.namespace, params.name, { context: ctx.kube }),
});
