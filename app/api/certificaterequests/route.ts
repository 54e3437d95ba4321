import { namespaceQuerySchema } from "@/lib/http/params";
import { listAcrossFleet } from "@/lib/inventory/fleet-lists";
import { getCertificateRequestList } from "@/lib/inventory/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace` → ListResponse<CertificateRequestRow>, newest first. */
export const GET = route({
  route: "/api/certificaterequests",
  query: namespaceQuerySchema,
  handler: ({ ctx, query }) =>
    listAcrossFleet(ctx.kube, (context) =>
      getCertificateRequestList({ namespace: query.namespace, context }),
    ),
});
