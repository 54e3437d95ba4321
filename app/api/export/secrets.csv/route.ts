import { secretsToCsv } from "@/lib/export/csv";
import { exportFileName, exportSecretRows } from "@/lib/export/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The TLS Secret list as RFC 4180 CSV; `?namespace&managed&state` as the Secrets list filters. */
export const GET = route({
  route: "/api/export/secrets.csv",
  handler: async ({ req, ctx }) =>
    new Response(secretsToCsv(await exportSecretRows(req.url, ctx.kube)), {
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="${exportFileName("secrets", "csv")}"`,
        "cache-control": "no-store",
      },
    }),
});
