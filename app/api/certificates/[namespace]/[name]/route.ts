import { namespacedNameParams } from "@/lib/http/params";
import { getCertificateDetail } from "@/lib/inventory/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** CertificateDetail of one Certificate. */
export const GET = route({
  route: "/api/certificates/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) => getCertificateDetail(params.namespace, params.name, { context: ctx.kube }),
});
