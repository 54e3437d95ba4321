import { authorizeScraper } from "@/lib/auth/metrics-access";
import { runAsTrustdeck } from "@/lib/k8s/config";
import { collectMetrics } from "@/lib/metrics/collect";
import { EXPOSITION_CONTENT_TYPE } from "@/lib/metrics/exposition";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Prometheus scrape: certificate/Secret/CA expiries, Ready status, audit problems, watch and HTTP
 * metrics. With a session, as the signed-in identity; without one, a bearer token whose identity
 * the cluster authenticates (TokenReview) and allows to `get` TRUSTDECK_METRICS_AUTH_PATH
 * (SubjectAccessReview), and then as Trustdeck's own identity.
 */
export const GET = route({
  route: "/api/metrics",
  handler: async ({ req, ctx }) => {
    const bearer = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const body =
      !ctx.user && bearer
        ? await authorizeScraper(bearer).then(() => runAsTrustdeck(() => collectMetrics(ctx.kube)))
        : await collectMetrics(ctx.kube);
    return new Response(body, {
      headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" },
    });
  },
});
