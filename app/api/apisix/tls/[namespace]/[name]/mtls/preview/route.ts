import { mtlsToggleSchema } from "@/lib/apisix/schemas";
import { previewTlsMtls } from "@/lib/apisix/service";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** What an mTLS toggle would change and whom it would lock out. Changes nothing. */
export const POST = route({
  route: "/api/apisix/tls/[namespace]/[name]/mtls/preview",
  params: namespacedNameParams,
  body: mtlsToggleSchema,
  handler: ({ ctx, params, body }) =>
    previewTlsMtls(params.namespace, params.name, body, { context: ctx.kube }),
});
