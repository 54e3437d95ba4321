import "server-only";
import { z } from "zod";
import { tagCluster } from "@/lib/fleet";
import { searchParamsObject, tlsSecretQuerySchema } from "@/lib/http/params";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList, getTlsSecretList } from "@/lib/inventory/service";
import { acrossClusters, fleetTargets } from "@/lib/k8s/fleet";
import { type CertificateRow, EXPIRY_LEVELS, type TlsSecretRow } from "@/lib/types";

const MAX_ROWS = 5000;

/**
 * Every certificate row matching the query of `url` (the filters and sort of
 * `GET /api/certificates`: namespace, q, issuer, state, sort, dir), unpaged: `limit`/`offset`
 * are ignored so an export holds the whole filtered list (up to 5,000 rows per page, all pages).
 * @throws ZodError (→ 422) for invalid parameters.
 */
export async function exportCertificateRows(url: string, context?: string): Promise<CertificateRow[]> {
  return acrossFleet(context, (c) => clusterCertificateRows(url, c));
}

/**
 * Runs one cluster's export for every cluster the request reads (lib/k8s/fleet.ts): the one it
 * names, or each cluster of the fleet (one that fails is left out; when all fail, the first's error
 * is thrown). Every row gets its `cluster`.
 */
async function acrossFleet<T extends object>(
  context: string | undefined,
  load: (context: string | undefined) => Promise<T[]>,
): Promise<(T & { cluster: string })[]> {
  const { clusters, merged } = fleetTargets(context);
  if (!merged) return tagCluster(await load(context), clusters[0]!);
  const { ok, failed } = await acrossClusters(clusters, (c) => load(c));
  if (ok.length === 0 && failed[0]) return tagCluster(await load(failed[0].cluster), failed[0].cluster);
  return ok.flatMap((p) => tagCluster(p.value, p.cluster));
}

async function clusterCertificateRows(url: string, context?: string): Promise<CertificateRow[]> {
  const { limit: _limit, offset: _offset, ...params } = searchParamsObject(url);
  const rows: CertificateRow[] = [];
  for (let offset = 0; ; offset += MAX_ROWS) {
    const query = certificateQuerySchema.parse({ ...params, limit: MAX_ROWS, offset });
    const page = await getCertificateList(query, { context });
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

/** `trustdeck-certificates-20260201.csv`: a download name with the UTC date. */
export function exportFileName(base: string, ext: string, now = new Date()): string {
  return `trustdeck-${base}-${now.toISOString().slice(0, 10).replaceAll("-", "")}.${ext}`;
}

/** Query of the Secret exports: the Secrets list's (`namespace`, `managed`) and its `state` (an expiry level). */
export const secretExportQuerySchema = tlsSecretQuerySchema.extend({
  state: z.enum(EXPIRY_LEVELS, { message: `must be one of ${EXPIRY_LEVELS.join(", ")}` }).optional(),
});

/**
 * Every TLS Secret row matching the query of `url` (the filters of the Secrets list: namespace,
 * managed, state), as the list shows it — public facts only, never key material.
 * @throws ZodError (→ 422) for invalid parameters.
 */
export async function exportSecretRows(url: string, context?: string): Promise<TlsSecretRow[]> {
  const query = secretExportQuerySchema.parse(searchParamsObject(url));
  return acrossFleet(context, (c) => clusterSecretRows(query, c));
}

async function clusterSecretRows(
  query: z.infer<typeof secretExportQuerySchema>,
  context?: string,
): Promise<TlsSecretRow[]> {
  const list = await getTlsSecretList({ context, namespace: query.namespace, managed: query.managed });
  return list.items.filter(
    (s) =>
      (query.managed === undefined || s.managed === query.managed) &&
      (!query.state || s.expiryLevel === query.state),
  );
}
