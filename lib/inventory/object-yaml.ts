import "server-only";
import { z } from "zod";
import { dns1123Label, dns1123Subdomain } from "@/lib/http/params";
import { CERTIFICATE_REQUESTS } from "@/lib/k8s/certificate-requests";
import { CERTIFICATES } from "@/lib/k8s/certificates";
import { getCustom } from "@/lib/k8s/custom";
import { KubeError } from "@/lib/k8s/errors";
import { CLUSTER_ISSUERS, ISSUERS } from "@/lib/k8s/issuers";
import { getSecretFacts } from "@/lib/k8s/secrets";
import { publicObject, publicSecret, toYaml } from "@/lib/security/manifest";

/** The kinds "view YAML" can show. */
export const YAML_KINDS = ["Certificate", "Issuer", "ClusterIssuer", "CertificateRequest", "Secret"] as const;
export type YamlKind = (typeof YAML_KINDS)[number];

const RESOURCES = {
  Certificate: CERTIFICATES,
  Issuer: ISSUERS,
  ClusterIssuer: CLUSTER_ISSUERS,
  CertificateRequest: CERTIFICATE_REQUESTS,
} as const;

/**
 * Query of `GET /api/yaml`: `kind`, `name`, and `namespace` (required for every kind but
 * ClusterIssuer, refused for it).
 */
export const yamlQuerySchema = z
  .object({
    kind: z.enum(YAML_KINDS, { message: `must be one of ${YAML_KINDS.join(", ")}` }),
    namespace: dns1123Label.optional(),
    name: dns1123Subdomain,
  })
  .superRefine((q, ctx) => {
    if (q.kind === "ClusterIssuer" && q.namespace)
      ctx.addIssue({ code: "custom", path: ["namespace"], message: "must be empty for a ClusterIssuer" });
    if (q.kind !== "ClusterIssuer" && !q.namespace)
      ctx.addIssue({ code: "custom", path: ["namespace"], message: `is required for a ${q.kind}` });
  });

/** `GET /api/yaml`'s answer. */
export interface ObjectYaml {
  kind: YamlKind;
  namespace?: string;
  name: string;
  /** The manifest as it may be shown (lib/security/manifest.ts). */
  yaml: string;
}

/**
 * One object as YAML, by the rules of lib/security/manifest.ts (a Secret: metadata, type and data
 * key names only).
 * @throws KubeError 404 when the object does not exist, 403 when it may not be read.
 */
export async function getObjectYaml(
  q: { kind: YamlKind; namespace?: string; name: string },
  opts: { context?: string } = {},
): Promise<ObjectYaml> {
  const { context } = opts;
  let yaml: string;
  if (q.kind === "Secret") {
    const facts = await getSecretFacts(q.namespace ?? "", q.name, { context });
    if (!facts) throw new KubeError(404, `Secret ${q.namespace}/${q.name} does not exist`, "NotFound");
    yaml = toYaml(publicSecret(facts));
  } else {
    const raw = await getCustom<unknown>(RESOURCES[q.kind], q.name, {
      context,
      namespace: q.kind === "ClusterIssuer" ? undefined : q.namespace,
    });
    yaml = toYaml(publicObject(raw));
  }
  return { kind: q.kind, ...(q.namespace ? { namespace: q.namespace } : {}), name: q.name, yaml };
}
