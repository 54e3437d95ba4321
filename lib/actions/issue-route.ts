import "server-only";
import { toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { assertMayChange } from "./guard";
import { readActionBody } from "./http";
import { issueCertificate } from "./issue";
import { issueInputSchema } from "./issue-schema";

/**
 * `POST /api/certificates`: validates the body (422 naming each bad field, 413 too large, 400
 * malformed), checks the issuer is Ready, creates the Certificate; 201 with what was created.
 * Mounted as `export async function POST` in `app/api/certificates/route.ts`.
 */
export async function postIssue(req: Request): Promise<Response> {
  try {
    assertMayChange();
    const input = await readActionBody(req, issueInputSchema);
    return json(await issueCertificate(input, { context: contextFromRequest(req) }), 201);
  } catch (err) {
    return toErrorResponse(err);
  }
}
