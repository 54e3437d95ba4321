import { renewCertificate } from "@/lib/actions/renew";
import { renewBodySchema } from "@/lib/actions/schemas";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Triggers re-issuance as `cmctl renew` does. */
export const POST = route({
  route: "/api/certificates/[namespace]/[name]/renew",
  params: namespacedNameParams,
  body: renewBodySchema,
  bodyOptional: true,
  writes: "renew",
  handler: ({ ctx, params, body }) =>
    renewCertificate(params.namespace, params.name, { context: ctx.kube, message: body.message }),
});
