import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";
import { getCertificateChain } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** CertificateChainDto: the chain verdict of the Certificate's Secret (or current CertificateRequest). */
export const GET = route({
  route: "/api/certificates/[namespace]/[name]/chain",
  params: namespacedNameParams,
  handler: ({ ctx, params }) => getCertificateChain(params.namespace, params.name, { context: ctx.kube }),
});
