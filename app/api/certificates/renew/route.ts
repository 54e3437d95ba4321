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
    assertMayChange();
    const body = await readActionBody(req, bulkRenewBodySchema);
    return json(await bulkRenew(body, { context: contextFromRequest(req) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
