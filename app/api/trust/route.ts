import { toErrorResponse } from "@/lib/http/errors";
import { namespaceQuerySchema, searchParamsObject } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";
import { getTrustGraph } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → TrustGraphDto: issuers, certificates, Secrets, APISIX objects and hosts, with problems. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const { namespace } = namespaceQuerySchema.parse(searchParamsObject(req.url));
    return json(await getTrustGraph({ context: contextFromRequest(req), namespace }));
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/trust");
