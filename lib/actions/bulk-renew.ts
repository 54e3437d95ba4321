import "server-only";
import { HttpError } from "@/lib/http/errors";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import { getCertificateList } from "@/lib/inventory/service";
import { CERTIFICATES, getCertificate, type RawCertificate } from "@/lib/k8s/certificates";
import { isFleetCluster } from "@/lib/k8s/config";
import { listCustom } from "@/lib/k8s/custom";
import { KubeError } from "@/lib/k8s/errors";
import { acrossClusters, type ClusterFailure, fleetTargets, isFleet, resolvedName } from "@/lib/k8s/fleet";
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

/**
 * Resolves a bulk selection in the fleet (lib/k8s/fleet.ts): explicit `names` each in its own
 * `cluster` (the request's cluster when absent); a filter in every cluster the request reads (all of
 * them, merged, unless it names one), each target tagged with its cluster. With one cluster and no
 * name naming a cluster, exactly `resolveSelection` (targets untagged). A cluster that cannot be read
 * during a merged filter resolution is left out and named in `failed`.
 * @throws HttpError 422 naming `selection.names[i].cluster` when it is not a configured cluster.
 */
export async function resolveFleetSelection(
  selection: BulkSelection,
  context?: string,
): Promise<{ targets: BulkTarget[]; failed: ClusterFailure[] }> {
  const names = selection.names ?? [];
  if (names.some((n) => n.cluster)) {
    const here = resolvedName(context);
    const groups = new Map<string, { namespace: string; name: string }[]>();
    for (const [i, n] of names.entries()) {
      const cluster = n.cluster ?? here;
      if (n.cluster && !isFleetCluster(n.cluster)) {
        throw new HttpError(422, `selection.names[${i}].cluster: "${n.cluster}" is not a configured cluster`);
      }
      groups.set(cluster, [...(groups.get(cluster) ?? []), { namespace: n.namespace, name: n.name }]);
    }
    const parts = await Promise.all(
      [...groups].map(async ([cluster, list]) =>
        (await resolveSelection({ names: list }, cluster)).map((t) => ({ cluster, ...t })),
      ),
    );
    return { targets: parts.flat(), failed: [] };
  }
  if (!isFleet()) return { targets: await resolveSelection(selection, context), failed: [] };
  const { clusters, merged } = fleetTargets(context);
  if (!merged || names.length > 0) {
    const cluster = resolvedName(context);
    return {
      targets: (await resolveSelection(selection, context)).map((t) => ({ cluster, ...t })),
      failed: [],
    };
  }
  const { ok, failed } = await acrossClusters(clusters, (c) => resolveSelection(selection, c));
  const first = failed[0];
  if (ok.length === 0 && first) {
    // Every cluster failed: the first is resolved again for its real error (status, denied verb).
    const targets = await resolveSelection(selection, first.cluster);
    return { targets: targets.map((t) => ({ cluster: first.cluster, ...t })), failed: failed.slice(1) };
  }
  return { targets: ok.flatMap((p) => p.value.map((t) => ({ cluster: p.cluster, ...t }))), failed };
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
 * one certificate's failure. With several clusters each target carries its cluster and is renewed
 * there (`resolveFleetSelection`).
 */
export async function bulkRenew(
  body: BulkRenewBody,
  opts: { context?: string } = {},
): Promise<BulkDryRunResult | BulkRunResult> {
  const refused = checkBulkRenewRequest(body);
  if (refused) throw new HttpError(refused.status, refused.message);
  const { targets, failed } = await resolveFleetSelection(body.selection, opts.context);
  const changed = checkBulkRenewResolved(body, targets.length);
  if (changed) throw new HttpError(changed.status, changed.message);
  if (body.dryRun) {
    const acme = targets.filter((t) => t.acme);
    const warning = acmeWarning(acme);
    return {
      dryRun: true,
      count: targets.length,
      items: targets,
      acme,
      ...(warning ? { warning } : {}),
      ...(failed.length > 0 ? { clusterErrors: failed } : {}),
    };
  }
  const results = await mapLimit(targets, BULK_CONCURRENCY, async (t) => {
    // Each Certificate is renewed (and its Event recorded) in its own cluster.
    const where = t.cluster ? { cluster: t.cluster } : {};
    try {
      await renewCertificate(t.namespace, t.name, {
        context: t.cluster ?? opts.context,
        message: body.message ?? "bulk renew",
      });
      return { ...where, namespace: t.namespace, name: t.name, ok: true };
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      return {
        ...where,
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
