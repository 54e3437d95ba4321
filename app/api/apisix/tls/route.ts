import { createTlsSchema } from "@/lib/apisix/schemas";
import { createTls } from "@/lib/apisix/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Creates an ApisixTls `{ namespace, name, hosts, secret }` for route hosts served without TLS. */
export const POST = route({
  route: "/api/apisix/tls",
  body: createTlsSchema,
  writes: "apisixtls-create",
  status: 201,
  handler: ({ ctx, body }) => createTls(body, { context: ctx.kube }),
});
