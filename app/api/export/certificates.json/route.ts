import { exportCertificateRows, exportFileName } from "@/lib/export/service";
import { toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The certificate list as JSON `{ exportedAt, total, items }`; same filters as `GET /api/certificates`. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const items = await exportCertificateRows(req.url, contextFromRequest(req));
    return json({ exportedAt: new Date().toISOString(), total: items.length, items }, 200, {
      "content-disposition": `attachment; filename="${exportFileName("certificates", "json")}"`,
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/export/certificates.json");
