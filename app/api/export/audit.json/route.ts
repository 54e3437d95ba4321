import { route } from "@/lib/server/route";
import { getFleetTrustReport } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The trust audit: `{ available, counts: {critical, warning, info}, rows, source }`, from the same
 * loader as `/api/trust/report` (CertificateRequests stand in for Secrets the identity may not read).
 */
export const GET = route({
  route: "/api/export/audit.json",
  handler: async ({ ctx }) => {
    const report = await getFleetTrustReport({ context: ctx.kube });
    return {
      available: true,
      counts: report.counts,
      rows: report.rows,
      source: report.source,
      ...(report.notice ? { notice: report.notice } : {}),
    };
  },
});
