import { upstreamMtlsSchema } from "@/lib/apisix/schemas";
import { setUpstreamMtls } from "@/lib/apisix/service";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Upstream mTLS: enabled → scheme https + tlsSecret; disabled → tlsSecret removed. Audited. */
export const PUT = route({
  route: "/api/apisix/upstreams/[namespace]/[name]/mtls",
  params: namespacedNameParams,
  body: upstreamMtlsSchema,
  writes: "upstream-mtls-toggle",
  handler: ({ ctx, params, body }) =>
    setUpstreamMtls(params.namespace, params.name, body, { context: ctx.kube }),
});
