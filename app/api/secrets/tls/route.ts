import { toErrorResponse } from "@/lib/http/errors";
import { searchParamsObject, tlsSecretQuerySchema } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { getTlsSecretList } from "@/lib/inventory/service";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace&managed=true|false` → ListResponse<TlsSecretRow>; a 403 on Secrets is returned as is. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const { namespace, managed } = tlsSecretQuerySchema.parse(searchParamsObject(req.url));
    return json(await getTlsSecretList({ namespace, managed, context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/secrets/tls");
