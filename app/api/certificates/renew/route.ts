import { bulkRenew } from "@/lib/actions/bulk-renew";
import { bulkRenewBodySchema } from "@/lib/actions/schemas";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Bulk renew: `dryRun` resolves the selection (with an ACME warning); otherwise renews, 4 at a time. */
export const POST = route({
  route: "/api/certificates/renew",
  body: bulkRenewBodySchema,
  writes: ({ body }) => (body.dryRun ? undefined : "renew"),
  handler: ({ ctx, body }) => bulkRenew(body, { context: ctx.kube }),
});
