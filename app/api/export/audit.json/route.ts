import { getTrustAudit } from "@/lib/metrics/trust-audit";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The trust audit: `{ available, counts: {critical, warning, info}, rows }`; unavailable when Secrets are forbidden. */
export const GET = route({
  route: "/api/export/audit.json",
  handler: async ({ ctx }) => {
    const audit = await getTrustAudit(ctx.kube);
    return audit ? { available: true, ...audit } : { available: false, counts: null, rows: [] };
  },
});
