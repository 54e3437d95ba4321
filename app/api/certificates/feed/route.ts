import { z } from "zod";
import { certificateFeedJson } from "@/lib/inventory/feed-service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * `?since=<version>` → CertificateFeedDto (lib/inventory/row-feed.ts): every certificate row,
 * packed, or only what changed since the version the browser holds. No page limit.
 */
export const GET = route({
  route: "/api/certificates/feed",
  query: z.object({ since: z.string().max(64).optional() }),
  handler: async ({ ctx, query }) =>
    new Response(
      await certificateFeedJson({
        context: ctx.kube,
        person: ctx.user?.username ?? "",
        since: query.since,
      }),
      { headers: { "content-type": "application/json", "cache-control": "no-store" } },
    ),
});
