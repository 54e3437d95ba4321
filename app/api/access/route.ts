import { getAccess } from "@/lib/actions/access";
import { actionResponse } from "@/lib/actions/http";
import { accessQuerySchema } from "@/lib/actions/schemas";
import { toErrorResponse } from "@/lib/http/errors";
import { searchParamsObject } from "@/lib/http/params";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";

/** What the current identity may do (per action), from SelfSubjectAccessReviews. */
export async function GET(req: Request) {
  try {
    const { namespace } = accessQuerySchema.parse(searchParamsObject(req.url));
    return actionResponse(await getAccess(namespace, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
