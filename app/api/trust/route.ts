import { z } from "zod";
import { dns1123Label } from "@/lib/http/params";
import { route } from "@/lib/server/route";
import { getFleetTrustGraph, getTrustGroup, getTrustView, searchTrustGraph } from "@/lib/trust/source";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const GROUPINGS = ["issuer", "namespace", "cluster"] as const;

const querySchema = z
  .object({
    namespace: dns1123Label.optional(),
    view: z.enum(["whole", "auto"], { message: 'must be "whole" or "auto"' }).optional(),
    groupBy: z
      .enum(["none", ...GROUPINGS], { message: 'must be "none", "issuer", "namespace" or "cluster"' })
      .optional(),
    group: z.string().min(1, "must not be empty").max(600, "must be at most 600 characters").optional(),
    search: z.string().max(200, "must be at most 200 characters").optional(),
    /** Objects from which `view=auto` answers a summary (default lib/trust/summary.ts SUMMARY_AT). */
    summaryAt: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(10_000_000, "must be at most 10000000")
      .optional(),
  })
  .refine((q) => !(q.groupBy === "none" && (q.group !== undefined || q.search !== undefined)), {
    path: ["groupBy"],
    message: 'must name a grouping (issuer, namespace or cluster) with "group" or "search"',
  })
  .refine((q) => !(q.group !== undefined && q.search !== undefined), {
    path: ["search"],
    message: 'cannot be combined with "group"',
  });

/**
 * `?namespace` → TrustGraphDto: issuers, certificates, Secrets, APISIX objects and hosts, with
 * problems, whole. The trust page asks `?view=auto&groupBy=` (a summary with every group collapsed
 * from SUMMARY_AT objects; `summaryAt` overrides that size), `?group=<key>&groupBy=` (one group's
 * nodes and edges; 404 naming `group` when there is none) and `?search=<text>&groupBy=` (matching
 * objects with their group).
 */
export const GET = route({
  route: "/api/trust",
  query: querySchema,
  handler: ({ ctx, query: q }) => {
    const base = { context: ctx.kube, namespace: q.namespace };
    const groupBy = q.groupBy === "none" ? undefined : q.groupBy;
    if (q.group !== undefined) return getTrustGroup({ ...base, groupBy, group: q.group });
    if (q.search !== undefined) return searchTrustGraph({ ...base, groupBy, search: q.search });
    if (q.view === "auto") return getTrustView({ ...base, groupBy: q.groupBy, summaryAt: q.summaryAt });
    return getFleetTrustGraph(base);
  },
});
