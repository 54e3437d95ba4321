import { tlsSecretQuerySchema } from "@/lib/http/params";
import { listAcrossFleet } from "@/lib/inventory/fleet-lists";
import { getTlsSecretList } from "@/lib/inventory/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace&managed=true|false` → ListResponse<TlsSecretRow>; a 403 on Secrets is returned as is. */
export const GET = route({
  route: "/api/secrets/tls",
  query: tlsSecretQuerySchema,
  handler: ({ ctx, query }) =>
    listAcrossFleet(ctx.kube, (context) =>
      getTlsSecretList({ namespace: query.namespace, managed: query.managed, context }),
    ),
});
