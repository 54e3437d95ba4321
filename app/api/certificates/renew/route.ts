import { bulkRenew } from "@/lib/actions/bulk-renew";
import { assertMayChange } from "@/lib/actions/guard";
import { actionResponse, readActionBody } from "@/lib/actions/http";
import { bulkRenewBodySchema } from "@/lib/actions/schemas";
import { toErrorResponse } from "@/lib/http/errors";
import { contextFromRequest } from "@/lib/k8s/config";

export const dynamic = "force-dynamic";

/** Bulk renew: `dryRun` resolves the selection (with an ACME warning); otherwise renews, 4 at a time. */
export async function POST(req: Request) {
  try {
    assertMayChange(req);
    const body = await readActionBody(req, bulkRenewBodySchema);
    return actionResponse(await bulkRenew(body, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
