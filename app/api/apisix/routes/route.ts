import { getGatewayMatrix } from "@/lib/apisix/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The gateway matrix: every ApisixRoute rule × host, with a verdict per hop. */
export const GET = route({
  route: "/api/apisix/routes",
  handler: ({ ctx }) => getGatewayMatrix({ context: ctx.kube }),
});
