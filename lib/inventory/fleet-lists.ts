import "server-only";
import { tagCluster } from "@/lib/fleet";
import { acrossClusters, fleetTargets } from "@/lib/k8s/fleet";
import type { ListResponse } from "@/lib/types";

/**
 * One list across the fleet: `load` runs for each cluster the request reads (lib/k8s/fleet.ts
 * `fleetTargets`: the one it names, or every cluster merged), every item gets its `cluster`, and the
 * lists are joined in fleet order (each cluster's own order kept). A cluster that fails (unreachable,
 * forbidden, too slow) is left out and named in `clusterErrors`; when every cluster fails (or the
 * one asked for), its error is thrown as before.
 * @throws the error of the only (or first) cluster when no cluster answered.
 */
export async function listAcrossFleet<T extends object>(
  kube: string | undefined,
  load: (context: string | undefined) => Promise<ListResponse<T>>,
): Promise<ListResponse<T & { cluster: string }>> {
  const { clusters, merged } = fleetTargets(kube);
  if (!merged) {
    // One cluster: exactly the single-cluster read of before (errors thrown as they come).
    const list = await load(kube);
    return { ...list, items: tagCluster(list.items, clusters[0]!) };
  }
  const { ok, failed } = await acrossClusters(clusters, (c) => load(c));
  if (ok.length === 0) {
    const first = failed[0];
    // Re-read the first cluster for its real error object (status, denied verb) when all failed.
    if (first) return load(first.cluster).then((l) => ({ ...l, items: tagCluster(l.items, first.cluster) }));
  }
  return mergeLists(ok, failed);
}

/**
 * Joins per-cluster lists: items tagged with their cluster, totals summed, namespace menus united,
 * issuer facets summed by (kind, name). Pure.
 */
export function mergeLists<T extends object>(
  parts: readonly { cluster: string; value: ListResponse<T> }[],
  failed: readonly { cluster: string; message: string; status: number }[] = [],
): ListResponse<T & { cluster: string }> {
  const items = parts.flatMap((p) => tagCluster(p.value.items, p.cluster));
  const total = parts.reduce((n, p) => n + p.value.total, 0);
  const out: ListResponse<T & { cluster: string }> = { items, total };
  if (parts.some((p) => p.value.namespaces)) {
    out.namespaces = [...new Set(parts.flatMap((p) => p.value.namespaces ?? []))].sort();
  }
  const facetParts = parts.flatMap((p) => p.value.facets?.issuers ?? []);
  if (parts.some((p) => p.value.facets?.issuers)) {
    const byKey = new Map<string, { name: string; kind: string; count: number }>();
    for (const f of facetParts) {
      const key = `${f.kind}/${f.name}`;
      const had = byKey.get(key);
      byKey.set(key, had ? { ...had, count: had.count + f.count } : { ...f });
    }
    out.facets = { issuers: [...byKey.values()] };
  }
  if (failed.length > 0) out.clusterErrors = failed.map((f) => ({ ...f }));
  return out;
}
