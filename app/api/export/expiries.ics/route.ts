import { buildIcs, expiryEvents } from "@/lib/export/ics";
import { exportCertificateRows } from "@/lib/export/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** iCalendar of renewal and expiry times, one event each per certificate; same filters as the list. */
export const GET = route({
  route: "/api/export/expiries.ics",
  handler: async ({ req, ctx }) =>
    new Response(buildIcs(expiryEvents(await exportCertificateRows(req.url, ctx.kube)), new Date()), {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": 'attachment; filename="trustdeck-expiries.ics"',
        "cache-control": "no-store",
      },
    }),
});
