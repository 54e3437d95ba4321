import { certificatesToCsv } from "@/lib/export/csv";
import { exportCertificateRows, exportFileName } from "@/lib/export/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The certificate list as RFC 4180 CSV; same filters as `GET /api/certificates`. */
export const GET = route({
  route: "/api/export/certificates.csv",
  handler: async ({ req, ctx }) =>
    new Response(certificatesToCsv(await exportCertificateRows(req.url, ctx.kube)), {
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="${exportFileName("certificates", "csv")}"`,
        "cache-control": "no-store",
      },
    }),
});
