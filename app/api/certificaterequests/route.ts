import { toErrorResponse } from "@/lib/http/errors";
import { namespaceQuerySchema, searchParamsObject } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { getCertificateRequestList } from "@/lib/inventory/service";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → ListResponse<CertificateRequestRow>, newest first. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const { namespace } = namespaceQuerySchema.parse(searchParamsObject(req.url));
    return json(await getCertificateRequestList({ namespace, context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/certificaterequests");
