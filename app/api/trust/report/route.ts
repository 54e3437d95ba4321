import { z } from "zod";
import { dns1123Label } from "@/lib/http/params";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/server/route";
import { auditReportToCsv } from "@/lib/trust/report";
import { getFleetTrustReport } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const querySchema = z.object({
  namespace: dns1123Label.optional(),
  format: z.enum(["json", "csv"], { message: 'must be "json" or "csv"' }).optional(),
});

/** `?namespace&format=json|csv` (or `Accept: text/csv`) → every trust problem with severity, object and fix. */
export const GET = route({
  route: "/api/trust/report",
  query: querySchema,
  handler: async ({ req, ctx, query: { namespace, format } }) => {
    const csv = format === "csv" || (!format && (req.headers.get("accept") ?? "").includes("text/csv"));
    const report = await getFleetTrustReport({ context: ctx.kube, namespace });
    if (!csv) return json(report);
    const file = `trustdeck-trust-audit${namespace ? `-${namespace}` : ""}.csv`;
    return new Response(auditReportToCsv(report.rows), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file}"`,
        "cache-control": "no-store",
      },
    });
  },
});
