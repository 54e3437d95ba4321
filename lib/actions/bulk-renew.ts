import "server-only";
import { HttpError } from "@/lib/http/errors";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList } from "@/lib/inventory/service";
import { CERTIFICATES, getCertificate, type RawCertificate } from "@/lib/k8s/certificates";
import { listCustom } from "@/lib/k8s/custom";
import { KubeError } from "@/lib/k8s/errors";
import { listClusterIssuers, listIssuers, type RawIssuer } from "@/lib/k8s/issuers";
import { BULK_RENEW_MAX, checkBulkRenewRequest, checkBulkRenewResolved } from "@/lib/security/bulk-guard";
import { mapLimit } from "./concurrency";
import { renewCertificate } from "./renew";
import type { BulkRenewBody, BulkSelection } from "./schemas";
import type { BulkDryRunResult, BulkRunResult, BulkTarget } from "./types";

/** How many renewals run at once: gentle on the API server and on ACME servers. */
export const BULK_CONCURRENCY = 4;

const key = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;

async function acmeIssuers(namespaces: string[], context?: string): Promise<Set<string>> {
  const out = new Set<string>();
  const add = (kind: string, list: RawIssuer[]) => {
    for (const i of list)
      if (i.spec.acme)
        out.add(`${kind}:${key(kind === "Issuer" ? i.metadata.namespace : "", i.metadata.name)}`);
  };
  const tolerate = <T>(p: Promise<T[]>) =>
    p.catch((err: unknown) => {
      if (err instanceof KubeError && err.status === 403) return [] as T[];
      throw err;
    });
  const [cluster, ...namespaced] = await Promise.all([
    tolerate(listClusterIssuers({ context })),
    ...namespaces.map((namespace) => tolerate(listIssuers({ context, namespace }))),
  ]);
  add("ClusterIssuer", cluster ?? []);
  for (const list of namespaced) add("Issuer", list);
  return out;
}

/**
 * Resolves a bulk selection to the Certificates it names: explicit `names`, or the certificates
 * list (same filters as `GET /api/certificates`) narrowed by `namespace` and `labelSelector`.
 * Each target says whether its issuer is ACME.
 */
export async function resolveSelection(selection: BulkSelection, context?: string): Promise<BulkTarget[]> {
  let refs: { namespace: string; name: string; issuer: { name: string; kind: string } }[];
  if (selection.names && selection.names.length > 0) {
    const certs = await mapLimit(selection.names, 8, (n) =>
      getCertificate(n.namespace, n.name, { context }).catch((err: unknown) => {
        if (err instanceof KubeError && err.status === 404) return undefined;
        throw err;
      }),
    );
    refs = selection.names.map((n, i) => {
      const c: RawCertificate | undefined = certs[i];
      return {
        ...n,
        issuer: { name: c?.spec.issuerRef.name ?? "", kind: c?.spec.issuerRef.kind ?? "Issuer" },
      };
    });
  } else {
    const namespace = selection.namespace ?? selection.filter?.namespace;
    const query = certificateQuerySchema.parse({
      ...selection.filter,
      namespace,
      limit: BULK_RENEW_MAX,
      offset: 0,
    });
    const list = await getCertificateList(query, { context });
    const tooMany = checkBulkRenewResolved({ selection, dryRun: true }, list.total);
    if (tooMany) throw new HttpError(tooMany.status, tooMany.message);
    const rows = list.items;
    let allowed: Set<string> | undefined;
    if (selection.labelSelector) {
      const labelled = await listCustom<RawCertificate>(CERTIFICATES, {
        context,
        namespace,
        labelSelector: selection.labelSelector,
      });
      allowed = new Set(labelled.map((c) => key(c.metadata.namespace, c.metadata.name)));
    }
    refs = rows
      .filter((r) => !allowed || allowed.has(key(r.namespace, r.name)))
      .map((r) => ({
        namespace: r.namespace,
        name: r.name,
        issuer: { name: r.issuerRef.name, kind: r.issuerRef.kind },
      }));
  }
  const namespaces = [
    ...new Set(refs.filter((r) => r.issuer.kind !== "ClusterIssuer").map((r) => r.namespace)),
  ];
  const acme = await acmeIssuers(namespaces, context);
  return refs.map((r) => ({
    ...r,
    acme: acme.has(
      `${r.issuer.kind === "ClusterIssuer" ? "ClusterIssuer" : "Issuer"}:${key(r.issuer.kind === "ClusterIssuer" ? "" : r.namespace, r.issuer.name)}`,
    ),
  }));
}

/** The rate-limit warning for a selection with ACME-issued certificates, if any. */
export function acmeWarning(acme: readonly BulkTarget[]): string | undefined {
  if (acme.length === 0) return undefined;
  const issuers = [...new Set(acme.map((t) => `${t.issuer.kind}/${t.issuer.name}`))].join(", ");
  return `${acme.length} of these certificates ${acme.length === 1 ? "is" : "are"} issued by an ACME issuer (${issuers}): each renewal places a new order with the ACME server and counts toward its rate limits (Let's Encrypt allows 5 duplicate certificates per week).`;
}

/**
 * Bulk renew: with `dryRun`, the resolved list, its count and an ACME rate-limit warning; otherwise
 * renews each (at most BULK_CONCURRENCY at a time) and reports every result. Never throws for
 * one certificate's failure.
 */
export async function bulkRenew(
  body: BulkRenewBody,
  opts: { context?: string } = {},
): Promise<BulkDryRunResult | BulkRunResult> {
  const refused = checkBulkRenewRequest(body);
  if (refused) throw new HttpError(refused.status, refused.message);
  const targets = await resolveSelection(body.selection, opts.context);
  const changed = checkBulkRenewResolved(body, targets.length);
  if (changed) throw new HttpError(changed.status, changed.message);
  if (body.dryRun) {
    const acme = targets.filter((t) => t.acme);
    const warning = acmeWarning(acme);
    return { dryRun: true, count: targets.length, items: targets, acme, ...(warning ? { warning } : {}) };
  }
  const results = await mapLimit(targets, BULK_CONCURRENCY, async (t) => {
    try {
      await renewCertificate(t.namespace, t.name, {
        context: opts.context,
        message: body.message ?? "bulk renew",
      });
      return { namespace: t.namespace, name: t.name, ok: true };
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      return {
        namespace: t.namespace,
        name: t.name,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
        status: typeof status === "number" ? status : 500,
      };
    }
  });
  const succeeded = results.filter((r) => r.ok).length;
  return { dryRun: false, count: targets.length, succeeded, failed: results.length - succeeded, results };
}
