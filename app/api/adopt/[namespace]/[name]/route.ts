import { z } from "zod";
import { adoptSecret, getAdoption } from "@/lib/adopt/service";
import { namespacedNameParams } from "@/lib/http/params";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const issuerRef = z.object({ kind: z.enum(["Issuer", "ClusterIssuer"]), name: z.string().min(1).max(253) });

/** `?issuerKind&issuerName` → AdoptionProposal: the Certificate that would adopt this TLS Secret. */
export const GET = route({
  route: "/api/adopt/[namespace]/[name]",
  params: namespacedNameParams,
  query: z.object({
    issuerKind: z.enum(["Issuer", "ClusterIssuer"]).optional(),
    issuerName: z.string().min(1).max(253).optional(),
  }),
  handler: ({ ctx, params, query }) =>
    getAdoption(params.namespace, params.name, {
      context: ctx.kube,
      ...(query.issuerKind && query.issuerName
        ? { choose: { kind: query.issuerKind, name: query.issuerName } }
        : {}),
    }),
});

/** `{ issuer, reissueNow? }` → AdoptResult: creates the Certificate (a TrustdeckAdopt Event). */
export const POST = route({
  route: "/api/adopt/[namespace]/[name]",
  params: namespacedNameParams,
  body: z.object({ issuer: issuerRef, reissueNow: z.boolean().optional() }),
  writes: "adopt",
  handler: ({ ctx, params, body }) => adoptSecret(params.namespace, params.name, body, { context: ctx.kube }),
});
