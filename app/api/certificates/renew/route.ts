import { bulkRenew } from "@/lib/actions/bulk-renew";
import { assertMayChange } from "@/lib/actions/guard";
import { readActionBody } from "@/lib/actions/http";
import { bulkRenewBodySchema } from "@/lib/actions/schemas";
import { toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";

/** Bulk renew: `dryRun` resolves the selection (with an ACME warning); otherwise renews, 4 at a time. */
export async function POST(req: Request) {
  try {
    const body = await readActionBody(req, bulkRenewBodySchema);
    if (!body.dryRun) assertMayChange(); // a dry run changes nothing: allowed read-only
    return json(await bulkRenew(body, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
