import "server-only";
import { getEnv } from "@/lib/env";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { conditionStatus } from "@/lib/inventory/conditions";
import { issuerType } from "@/lib/inventory/issuers";
import { parseSecretFacts } from "@/lib/inventory/secret-certs";
import { indexSecretOwners, reshapeTlsSecret } from "@/lib/inventory/secrets";
import { getCertificateList } from "@/lib/inventory/service";
import { listApisixTls, listApisixUpstreams } from "@/lib/k8s/apisix";
import { listCertificates, type RawCertificate } from "@/lib/k8s/certificates";
import { KubeError } from "@/lib/k8s/errors";
import { listClusterIssuers, listIssuers } from "@/lib/k8s/issuers";
import { listTlsSecrets, type TlsSecretFacts } from "@/lib/k8s/secrets";
import { ensureWatching, getAllLiveStatuses } from "@/lib/k8s/watch-cache";
import { buildTrustGraph } from "@/lib/trust/graph";
import { buildAuditReport } from "@/lib/trust/report";
import { secretFactsFromData } from "@/lib/trust/secret-facts";
import type { IssuerFacts, TrustGraphInput } from "@/lib/trust/types";
import type { CertificateRow } from "@/lib/types";
import { formatExposition } from "./exposition";
import { httpMetricFamily } from "./http";
import { buildMetricFamilies, type MetricsInput, type SecretMetricInput } from "./inventory";

const PAGE = 5000;

/** A 403/404 of an optional read becomes `undefined`; anything else propagates. */
async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeError && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}

async function allCertificateRows(context: string | undefined, now: Date): Promise<CertificateRow[]> {
  const rows: CertificateRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const query = certificateQuerySchema.parse({ limit: PAGE, offset });
    const page = await getCertificateList(query, { context, now });
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

function b64(pem: string | undefined): string | undefined {
  return pem ? Buffer.from(pem, "utf8").toString("base64") : undefined;
}

/** Counts trust-audit problems by severity over every certificate, issuer, Secret and APISIX reference. */
async function chainProblems(
  context: string | undefined,
  certificates: RawCertificate[],
  secrets: TlsSecretFacts[],
  now: Date,
): Promise<MetricsInput["chainProblems"]> {
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
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const row of buildAuditReport(graph)) counts[row.severity]++;
  return counts;
}

/**
 * Gathers one scrape for `context`: certificate, TLS Secret and CA expiries, Ready status, trust
 * audit problem counts, watch states and HTTP request durations, as exposition text. Secrets the
 * identity may not read are left out (their families stay empty) instead of failing the scrape.
 */
export async function collectMetrics(context?: string, now = new Date()): Promise<string> {
  ensureWatching(context);
  const [rows, rawCertificates, secretFacts] = await Promise.all([
    allCertificateRows(context, now),
    listCertificates({ context }),
    optional(listTlsSecrets({ context })),
  ]);
  let secrets: SecretMetricInput[] | undefined;
  let problems: MetricsInput["chainProblems"];
  if (secretFacts) {
    const owners = indexSecretOwners(rawCertificates);
    secrets = secretFacts.map((f) => {
      const parsed = parseSecretFacts(f);
      const row = reshapeTlsSecret(f, parsed, owners, now);
      return {
        namespace: row.namespace,
        name: row.name,
        managed: row.managed,
        certificates: parsed.certificates,
        ca: parsed.ca,
      };
    });
    problems = await chainProblems(context, rawCertificates, secretFacts, now);
  }
  const families = buildMetricFamilies({
    certificates: rows,
    secrets,
    chainProblems: problems,
    watches: getAllLiveStatuses(),
  });
  return formatExposition([...families, httpMetricFamily()]);
}
