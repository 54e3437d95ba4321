import { exportCertificateRows, exportFileName } from "@/lib/export/service";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The certificate list as JSON `{ exportedAt, total, items }`; same filters as `GET /api/certificates`. */
export const GET = route({
  route: "/api/export/certificates.json",
  handler: async ({ req, ctx }) => {
    const items = await exportCertificateRows(req.url, ctx.kube);
    return json({ exportedAt: new Date().toISOString(), total: items.length, items }, 200, {
      "content-disposition": `attachment; filename="${exportFileName("certificates", "json")}"`,
    });
  },
});
