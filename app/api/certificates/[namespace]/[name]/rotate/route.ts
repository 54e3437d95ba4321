import { rotateCertificate } from "@/lib/actions/renew";
import { renewBodySchema } from "@/lib/actions/schemas";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Sets rotationPolicy Always when needed, then renews: the next certificate has a new key. */
export const POST = route({
  route: "/api/certificates/[namespace]/[name]/rotate",
  params: namespacedNameParams,
  body: renewBodySchema,
  bodyOptional: true,
  writes: "rotate",
  handler: ({ ctx, params, body }) =>
    rotateCertificate(params.namespace, params.name, { context: ctx.kube, message: body.message }),
});
