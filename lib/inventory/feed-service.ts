import "server-only";
import { getEnv } from "@/lib/env";
import { tagCluster } from "@/lib/fleet";
import { currentViewer } from "@/lib/k8s/config";
import { acrossClusters, type ClusterFailure, fleetTargets } from "@/lib/k8s/fleet";
import { cacheGeneration } from "@/lib/k8s/watch-cache";
import type { CertificateRow } from "@/lib/types";
import type { CertificateFeedDto } from "./row-feed";
import { RowFeed } from "./row-feed";
import { CertificateRowIndex } from "./row-index";
import { loadCertificateRows } from "./service";

/**
 * The server side of the certificate feed (`GET /api/certificates/feed`, see row-feed.ts): one
 * `RowFeed` per kube context and person. The rows are rebuilt when the watch cache's Certificates
 * or Secrets changed, when the cache is not live (reads go direct), or after `MAX_AGE_MS` (days
 * left and expiry levels move with the clock); between rebuilds a request costs a scan of the
 * kept rows. The full answer is serialised once per version.
 */

/** Rows older than this are rebuilt even when nothing changed in the cluster (they depend on the clock). */
export const MAX_AGE_MS = 30_000;
/** How many (context, person) feeds are kept; the least recently used goes first. */
const MAX_FEEDS = 32;

interface FeedEntry {
  feed: RowFeed;
  generation?: string;
  builtAt: number;
  /** The full answer's JSON, per version. */
  fullJson?: { version: string; text: string };
  /** A rebuild in flight, shared by concurrent requests. */
  building?: Promise<void>;
  /** Clusters of a merged feed left out at the last rebuild (unreachable, forbidden, too slow). */
  failed?: ClusterFailure[];
  /** The query index over the rows, per version (the page's first screen reads it). */
  index?: { version: string; index: CertificateRowIndex };
}

const g = globalThis as typeof globalThis & { __trustdeckCertificateFeeds?: Map<string, FeedEntry> };
function feeds(): Map<string, FeedEntry> {
  g.__trustdeckCertificateFeeds ??= new Map();
  return g.__trustdeckCertificateFeeds;
}

function entryFor(key: string): FeedEntry {
  const all = feeds();
  let e = all.get(key);
  if (e) {
    all.delete(key);
    all.set(key, e);
    return e;
  }
  e = { feed: new RowFeed(), builtAt: 0 };
  all.set(key, e);
  if (all.size > MAX_FEEDS) {
    const oldest = all.keys().next().value;
    if (oldest !== undefined) all.delete(oldest);
  }
  return e;
}

/**
 * Rebuilds `e`'s rows when they are stale (see the module doc). With `staleOk`, rows that are stale
 * only by age (nothing changed in the watch cache, single-user mode, no failed cluster) are kept
 * for this caller while the rebuild runs in the background.
 */
async function refresh(
  e: FeedEntry,
  context: string | undefined,
  now: number,
  opts: { staleOk?: boolean } = {},
): Promise<void> {
  const { clusters, merged } = fleetTargets(context);
  const generations = clusters.map((c) => cacheGeneration(["Certificate", "Secret"], merged ? c : context));
  const generation = generations.includes(undefined) ? undefined : generations.join("|");
  // A person's rows are also rebuilt once their access answers may have changed
  // (TRUSTDECK_ACCESS_CACHE_SECONDS, lib/k8s/access-filter.ts): a RoleBinding change shows within it.
  const maxAge =
    currentViewer().kind === "person" ? Math.min(MAX_AGE_MS, getEnv().accessCacheTtlMs) : MAX_AGE_MS;
  // A merged feed with a failed cluster is rebuilt every time (lib/k8s/fleet.ts keeps that cheap).
  const stale = !!e.failed?.length;
  const sameData = !stale && generation !== undefined && generation === e.generation;
  if (sameData && now - e.builtAt < maxAge) return;
  const agedOnly = sameData && e.builtAt > 0 && currentViewer().kind !== "person";
  e.building ??= (async () => {
    try {
      let rows: CertificateRow[];
      if (!merged) {
        // One cluster: rows as before (keys `namespace/name`; the cluster is the one the page names).
        rows = await loadCertificateRows({ context, now: new Date(now) });
        e.failed = undefined;
      } else {
        const { ok, failed } = await acrossClusters(clusters, (c) =>
          loadCertificateRows({ context: c, now: new Date(now) }),
        );
        rows = ok.flatMap((p) => tagCluster(p.value, p.cluster));
        e.failed = failed;
      }
      e.feed.update(rows);
      e.generation = generation;
      e.builtAt = now;
    } finally {
      e.building = undefined;
    }
  })();
  if (opts.staleOk && agedOnly) {
    // The caller that asked for this build reports its failure; this one keeps the rows it has.
    e.building.catch(() => {});
    return;
  }
  await e.building;
}

/**
 * The feed answer for a browser holding `since` (see `RowFeed.since`), as JSON text.
 * `person` keys the feed (the signed-in user, or "" for the shared identity).
 * @throws KubeError when Certificates cannot be listed.
 */
export async function certificateFeedJson(opts: {
  context?: string;
  person?: string;
  since?: string;
  now?: number;
}): Promise<string> {
  const e = entryFor(`${opts.context ?? ""}\u0000${opts.person ?? ""}`);
  await refresh(e, opts.context, opts.now ?? Date.now());
  const clusterErrors = e.failed?.length ? { clusterErrors: e.failed } : {};
  if (e.feed.canDelta(opts.since)) return JSON.stringify({ ...e.feed.since(opts.since), ...clusterErrors });
  const version = e.feed.currentVersion();
  if (e.fullJson?.version !== version || e.failed?.length) {
    const dto: CertificateFeedDto = { ...e.feed.since(undefined), ...clusterErrors };
    e.fullJson = { version, text: JSON.stringify(dto) };
  }
  return e.fullJson.text;
}

/**
 * The query index over every certificate row the person may see (the page's first screen), built
 * once per feed version. Rows stale only by age are served while they are rebuilt (`refresh`'s
 * `staleOk`): the first screen may be up to `MAX_AGE_MS` plus one rebuild old, and the browser
 * replaces it with the feed it fetches next.
 * @throws KubeError when Certificates cannot be listed.
 */
export async function certificateRowIndex(opts: {
  context?: string;
  person?: string;
  now?: number;
}): Promise<CertificateRowIndex> {
  const e = entryFor(`${opts.context ?? ""}\u0000${opts.person ?? ""}`);
  await refresh(e, opts.context, opts.now ?? Date.now(), { staleOk: true });
  const version = e.feed.currentVersion();
  if (e.index?.version !== version) e.index = { version, index: new CertificateRowIndex(e.feed.allRows()) };
  return e.index.index;
}
