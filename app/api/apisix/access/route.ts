import { accessQuerySchema } from "@/lib/actions/schemas";
import { getGatewayAccess } from "@/lib/apisix/access";
import { toErrorResponse } from "@/lib/http/errors";
import { searchParamsObject } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";

/** What the current identity may do with APISIX objects (per Gateway write), from SelfSubjectAccessReviews. */
export async function GET(req: Request) {
  try {
    const { namespace } = accessQuerySchema.parse(searchParamsObject(req.url));
    return json(await getGatewayAccess(namespace, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
