import { postIssue } from "@/lib/actions/issue-route";
import { toErrorResponse } from "@/lib/http/errors";
import { searchParamsObject } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList } from "@/lib/inventory/service";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace&q&issuer&state&sort&dir&limit&offset` → ListResponse<CertificateRow> + namespaces + facets. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const query = certificateQuerySchema.parse(searchParamsObject(req.url));
    const list = await getCertificateList(query, { context: contextFromRequest(req) });
    return json({ ...list, issuers: [...new Set(list.facets.issuers.map((f) => f.name))] });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/certificates");

/** Issue: creates a Certificate from the form's body (422 naming each bad field; nothing created then). */
export async function POST(req: Request) {
  return postIssue(req);
}
