import { namespacedNameParams } from "@/lib/http/params";
import { getSecretDetail } from "@/lib/inventory/secret-detail";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** SecretDetail of one Secret: its certificates, chain verdict and users; never its data. */
export const GET = route({
  route: "/api/secrets/[namespace]/[name]",
  params: namespacedNameParams,
  handler: ({ ctx, params }) => getSecretDetail(params.namespace, params.name, { context: ctx.kube }),
});
