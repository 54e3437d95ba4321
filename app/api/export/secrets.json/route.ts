import { exportFileName, exportSecretRows } from "@/lib/export/service";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The TLS Secret list as JSON `{ exportedAt, total, items }`; `?namespace&managed&state`. */
export const GET = route({
  route: "/api/export/secrets.json",
  handler: async ({ req, ctx }) => {
    const items = await exportSecretRows(req.url, ctx.kube);
    return json({ exportedAt: new Date().toISOString(), total: items.length, items }, 200, {
      "content-disposition": `attachment; filename="${exportFileName("secrets", "json")}"`,
    });
  },
});
