import { getGatewayMatrix } from "@/lib/apisix/service";
import { toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The gateway matrix: every ApisixRoute rule × host, with a verdict per hop. */
export async function GET(req: Request) {
  try {
    return json(await getGatewayMatrix({ context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
