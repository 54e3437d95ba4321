import { mtlsToggleSchema } from "@/lib/apisix/schemas";
import { setTlsMtls } from "@/lib/apisix/service";
import { getEnv } from "@/lib/env";
import { readJsonBody, toErrorResponse } from "@/lib/http/errors";
import { namespacedNameParams } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Ctx = { params: Promise<{ namespace: string; name: string }> };

/** Turns client mTLS of an ApisixTls on (`spec.client`) or off (removes it); audited with an Event. */
export async function PUT(req: Request, ctx: Ctx) {
  try {
    const { namespace, name } = namespacedNameParams.parse(await ctx.params);
    const body = await readJsonBody(req, mtlsToggleSchema, getEnv().maxBodyBytes);
    return json(await setTlsMtls(namespace, name, body, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
