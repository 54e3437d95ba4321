import { getObjectYaml, yamlQuerySchema } from "@/lib/inventory/object-yaml";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * `?kind&namespace&name` → ObjectYaml: a Certificate, Issuer, ClusterIssuer, CertificateRequest or
 * Secret as YAML, without managedFields and scrubbed (a Secret: its data key names only).
 */
export const GET = route({
  route: "/api/yaml",
  query: yamlQuerySchema,
  handler: ({ ctx, query }) => getObjectYaml(query, { context: ctx.kube }),
});
