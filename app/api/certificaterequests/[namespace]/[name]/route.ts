import { toErrorResponse } from "@/lib/http/errors";
import { namespacedNameParams } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { getCertificateRequestDetail } from "@/lib/inventory/request-detail";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Ctx = { params: Promise<{ namespace: string; name: string }> };

/** CertificateRequestDetail of one CertificateRequest: its row, spec and decoded CSR. */
export const GET = withMetrics(async (req: Request, ctx: Ctx) => {
  try {
    const { namespace, name } = namespacedNameParams.parse(await ctx.params);
    return json(await getCertificateRequestDetail(namespace, name, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/certificaterequests/[namespace]/[name]");
