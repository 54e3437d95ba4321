import { toErrorResponse } from "@/lib/http/errors";
import { namespacedNameParams } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";
import { getCertificateChain } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Ctx = { params: Promise<{ namespace: string; name: string }> };

/** CertificateChainDto: the chain verdict of the Certificate's Secret (or current CertificateRequest). */
export const GET = withMetrics(async (req: Request, ctx: Ctx) => {
  try {
    const { namespace, name } = namespacedNameParams.parse(await ctx.params);
    return json(await getCertificateChain(namespace, name, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/certificates/[namespace]/[name]/chain");
