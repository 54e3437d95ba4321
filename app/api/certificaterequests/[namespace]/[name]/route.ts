import { namespacedNameParams } from "@/lib/http/params";
import { getCertificateRequestDetail } from "@/lib/inventory/request-detail";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** CertificateRequestDetail of one CertificateRequest: its row, spec and decoded CSR. */
export const GET = route({
  route: "/api/certificaterequests/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) =>
    getCertificateRequestDetail(params.namespace, params.name, { context: ctx.kube }),
});
