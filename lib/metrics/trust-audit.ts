import "server-only";
import { getEnv } from "@/lib/env";
import { conditionStatus } from "@/lib/inventory/conditions";
import { issuerType } from "@/lib/inventory/issuers";
import { listApisixTls, listApisixUpstreams } from "@/lib/k8s/apisix";
import { listCertificates, type RawCertificate } from "@/lib/k8s/certificates";
import { KubeError } from "@/lib/k8s/errors";
import { listClusterIssuers, listIssuers } from "@/lib/k8s/issuers";
import { listTlsSecrets, type TlsSecretFacts } from "@/lib/k8s/secrets";
import { buildTrustGraph } from "@/lib/trust/graph";
import { buildAuditReport } from "@/lib/trust/report";
import { secretFactsFromData } from "@/lib/trust/secret-facts";
import type { AuditRow, IssuerFacts, TrustGraphInput } from "@/lib/trust/types";

/** A 403/404 of an optional read becomes `undefined`; anything else propagates. */
export async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeError && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}

function b64(pem: string | undefined): string | undefined {
  return pem ? Buffer.from(pem, "utf8").toString("base64") : undefined;
}

/**
 * Runs the trust audit (lib/trust) over every certificate, issuer, TLS Secret and APISIX
 * reference the identity can read; pass lists already loaded to avoid reading them twice.
 * Secret data reaches the trust model as public PEMs only.
 */
export async function auditRows(
  context: string | undefined,
  certificates: RawCertificate[],
  secrets: TlsSecretFacts[],
  now: Date,
): Promise<AuditRow[]> {
  const [issuers, clusterIssuers, tls, upstreams] = await Promise.all([
    optional(listIssuers({ context })),
    optional(listClusterIssuers({ context })),
    optional(listApisixTls({ context })),
    optional(listApisixUpstreams({ context })),
  ]);
  const issuerFacts: IssuerFacts[] = [
    ...(clusterIssuers ?? []).map((i) => ({ i, kind: "ClusterIssuer" as const })),
    ...(issuers ?? []).map((i) => ({ i, kind: "Issuer" as const })),
  ].map(({ i, kind }) => ({
    kind,
    ...(kind === "Issuer" ? { namespace: i.metadata.namespace } : {}),
    name: i.metadata.name,
    type: issuerType(i),
    ...(i.spec?.ca?.secretName ? { caSecret: { name: i.spec.ca.secretName } } : {}),
    ready: conditionStatus(i.status?.conditions, "Ready"),
  }));
  const input: TrustGraphInput = {
    issuers: issuerFacts,
    certificates: certificates.map((c) => ({
      namespace: c.metadata.namespace ?? "",
      name: c.metadata.name,
      issuerRef: c.spec.issuerRef,
      secretName: c.spec.secretName,
      isCA: c.spec.isCA === true,
      usages: c.spec.usages ?? [],
      dnsNames: c.spec.dnsNames,
      commonName: c.spec.commonName,
      renewalTime: c.status?.renewalTime,
    })),
    // The trust model takes Secret data as the API encodes it; only the public PEMs are passed.
    secrets: secrets.map((s) => {
      const data: Record<string, string> = {};
      const crt = b64(s.tlsCrt);
      const ca = b64(s.caCrt);
      if (crt) data["tls.crt"] = crt;
      if (ca) data["ca.crt"] = ca;
      return secretFactsFromData(s.metadata.namespace, s.metadata.name, data, s.type);
    }),
    apisixTls: (tls ?? []).map((t) => ({
      namespace: t.metadata.namespace ?? "",
      name: t.metadata.name,
      hosts: t.spec.hosts ?? [],
      secret: t.spec.secret,
      ...(t.spec.client ? { client: { caSecret: t.spec.client.caSecret, depth: t.spec.client.depth } } : {}),
    })),
    apisixUpstreams: (upstreams ?? []).map((u) => ({
      namespace: u.metadata.namespace ?? "",
      name: u.metadata.name,
      scheme: u.spec?.scheme,
      tlsSecret: u.spec?.tlsSecret,
    })),
  };
  const graph = buildTrustGraph(input, { now, clusterResourceNamespace: getEnv().clusterResourceNamespace });
  return buildAuditReport(graph);
}

/** Problem counts by severity. */
export function countBySeverity(rows: readonly AuditRow[]): Record<"critical" | "warning" | "info", number> {
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const row of rows) counts[row.severity]++;
  return counts;
}

/**
 * The trust audit of `context`: its rows and counts by severity, or `undefined` rows when TLS
 * Secrets may not be listed (the audit needs them).
 */
export async function getTrustAudit(
  context?: string,
  now = new Date(),
): Promise<{ rows: AuditRow[]; counts: Record<"critical" | "warning" | "info", number> } | undefined> {
  const [certificates, secrets] = await Promise.all([
    listCertificates({ context }),
    optional(listTlsSecrets({ context })),
  ]);
  if (!secrets) return undefined;
  const rows = await auditRows(context, certificates, secrets, now);
  return { rows, counts: countBySeverity(rows) };
}
