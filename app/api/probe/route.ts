import { probeSchema } from "@/lib/probe/schema";
import { runProbe } from "@/lib/probe/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Live TLS probe of an allow-listed `host:port`: served chain, drift, client-certificate demands. */
export const POST = route({
  route: "/api/probe",
  body: probeSchema,
  handler: ({ ctx, body }) => runProbe(body, { context: ctx.kube }),
});
