import { decideCertificateRequest } from "@/lib/actions/approval";
import { approvalBodySchema } from "@/lib/actions/schemas";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Approves a pending CertificateRequest as `cmctl approve` does (409 when already approved or denied). */
export const POST = route({
  route: "/api/certificaterequests/[namespace]/[name]/approve",
  params: namespacedNameParams,
  body: approvalBodySchema,
  bodyOptional: true,
  writes: "approve",
  handler: ({ ctx, params, body }) =>
    decideCertificateRequest(params.namespace, params.name, "approve", body, { context: ctx.kube }),
});
