import { mtlsToggleSchema } from "@/lib/apisix/schemas";
import { setTlsMtls } from "@/lib/apisix/service";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Turns client mTLS of an ApisixTls on (`spec.client`) or off (removes it); audited with an Event. */
export const PUT = route({
  route: "/api/apisix/tls/[namespace]/[name]/mtls",
  params: namespacedNameParams,
  body: mtlsToggleSchema,
  writes: "mtls-toggle",
  handler: ({ ctx, params, body }) => setTlsMtls(params.namespace, params.name, body, { context: ctx.kube }),
});
