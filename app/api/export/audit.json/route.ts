import { toErrorResponse } from "@/lib/http/errors";
import { json } from "@/lib/http/respond";
import { contextFromRequest } from "@/lib/k8s/config";
import { withMetrics } from "@/lib/metrics/http";
import { getTrustAudit } from "@/lib/metrics/trust-audit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The trust audit: `{ available, counts: {critical, warning, info}, rows }`; unavailable when Secrets are forbidden. */
export const GET = withMetrics(async (req: Request) => {
  try {
    const audit = await getTrustAudit(contextFromRequest(req));
    return json(audit ? { available: true, ...audit } : { available: false, counts: null, rows: [] });
  } catch (err) {
    return toErrorResponse(err);
  }
}, "/api/export/audit.json");
