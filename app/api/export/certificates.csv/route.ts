import { certificatesToCsv } from "@/lib/export/csv";
import { exportCertificateRows, exportFileName } from "@/lib/export/service";
import { toErrorResponse } from "@/lib/http/errors";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The certificate list as RFC 4180 CSV; same filters as `GET /api/certificates`. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const rows = await exportCertificateRows(req.url, contextFromRequest(req));
    return new Response(certificatesToCsv(rows), {
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="${exportFileName("certificates", "csv")}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/export/certificates.csv");
