import { buildIcs, expiryEvents } from "@/lib/export/ics";
import { exportCertificateRows } from "@/lib/export/service";
import { toErrorResponse } from "@/lib/http/errors";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** iCalendar of renewal and expiry times, one event each per certificate; same filters as the list. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const rows = await exportCertificateRows(req.url, contextFromRequest(req));
    return new Response(buildIcs(expiryEvents(rows), new Date()), {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": 'attachment; filename="trustdeck-expiries.ics"',
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/export/expiries.ics");
