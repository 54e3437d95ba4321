import { issueCertificate } from "@/lib/actions/issue";
import { issueInputSchema } from "@/lib/actions/issue-schema";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList } from "@/lib/inventory/service";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?namespace&q&issuer&state&sort&dir&limit&offset` → ListResponse<CertificateRow> + namespaces + facets. */
export const GET = route({
  route: "/api/certificates",
  query: certificateQuerySchema,
  handler: async ({ ctx, query }) => {
    const list = await getCertificateList(query, { context: ctx.kube });
    return { ...list, issuers: [...new Set(list.facets.issuers.map((f) => f.name))] };
  },
});

/** Issue: creates a Certificate from the form's body (422 naming each bad field; nothing created then). */
export const POST = route({
  route: "/api/certificates",
  body: issueInputSchema,
  writes: "issue",
  status: 201,
  handler: ({ ctx, body }) => issueCertificate(body, { context: ctx.kube }),
});
