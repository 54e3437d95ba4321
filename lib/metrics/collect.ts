import "server-only";
import { diagnose } from "@/lib/doctor";
import { issuanceStuckFamily } from "@/lib/doctor/metrics";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { parseSecretFacts } from "@/lib/inventory/secret-certs";
import { indexSecretOwners, reshapeTlsSecret } from "@/lib/inventory/secrets";
import { getCertificateList } from "@/lib/inventory/service";
import { listCertificates } from "@/lib/k8s/certificates";
import { readAllDoctorInputs } from "@/lib/k8s/diagnosis";
import { acrossClusters, fleetTargets } from "@/lib/k8s/fleet";
import { listTlsSecrets } from "@/lib/k8s/secrets";
import { ensureWatching, getAllLiveStatuses } from "@/lib/k8s/watch-cache";
import { getTrustReport, optional } from "@/lib/trust/source";
import type { CertificateRow } from "@/lib/types";
import { clusterUpFamily, labelClusters } from "./clusters";
import { formatExposition, type MetricFamily } from "./exposition";
import { httpMetricFamily } from "./http";
import { buildMetricFamilies, type MetricsInput, type SecretMetricInput } from "./inventory";

const PAGE = 5000;

async function allCertificateRows(context: string | undefined, now: Date): Promise<CertificateRow[]> {
  const rows: CertificateRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const query = certificateQuerySchema.parse({ limit: PAGE, offset });
    const page = await getCertificateList(query, { context, now });
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

/**
 * Gathers one scrape for `context`: certificate, TLS Secret and CA expiries, Ready status, trust
 * audit problem counts, watch states and HTTP request durations, as exposition text. Secrets the
 * identity may not read are left out (their families stay empty) instead of failing the scrape; the
 * problem counts come from the same trust loader as `/api/trust/report` (with its CertificateRequest
 * fallback when Secrets are forbidden), so both agree for the same person.
 */
export async function collectMetrics(context?: string, now = new Date()): Promise<string> {
  const { clusters, merged } = fleetTargets(context);
  if (!merged) return formatExposition([...(await collectFamilies(context, now)), httpMetricFamily()]);
  // A fleet: every cluster's families, each series labelled with its `cluster`; a cluster that
  // does not answer is left out and reported by trustdeck_cluster_up 0.
  const { ok, failed } = await acrossClusters(clusters, (c) => collectFamilies(c, now, c));
  return formatExposition([
    ...labelClusters(ok.map((p) => ({ cluster: p.cluster, families: p.value }))),
    clusterUpFamily(
      clusters,
      failed.map((f) => f.cluster),
    ),
    httpMetricFamily(),
  ]);
}

/**
 * The metric families of one cluster (`context`); `only` keeps the watch states of that context
 * alone (a fleet scrape reports each cluster's watches under its own `cluster` label).
 */
async function collectFamilies(
  context: string | undefined,
  now: Date,
  only?: string,
): Promise<MetricFamily[]> {
  ensureWatching(context);
  const [rows, rawCertificates, secretFacts, report, doctorInputs] = await Promise.all([
    allCertificateRows(context, now),
    listCertificates({ context }),
    optional(listTlsSecrets({ context })),
    getTrustReport({ context, now }),
    optional(readAllDoctorInputs({ context, now })),
  ]);
  let secrets: SecretMetricInput[] | undefined;
  const problems: MetricsInput["chainProblems"] = report.counts;
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
        expiryLevel: row.expiryLevel,
      };
    });
  }
  const families = buildMetricFamilies({
    certificates: rows,
    secrets,
    chainProblems: problems,
    watches: getAllLiveStatuses().filter((w) => only === undefined || w.context === only),
  });
  const stuck = issuanceStuckFamily((doctorInputs ?? []).map(diagnose));
  return [...families, stuck];
}
