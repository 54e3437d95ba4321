import "server-only";
import { ApisApi } from "@kubernetes/client-node";
import { getEnv, personalCredentials } from "@/lib/env";
import { describeTarget, kubeCall, listFleet, makeClient } from "./config";
import { ClusterUnreachableError } from "./errors";
import { probeCluster } from "./version";
import { ensureWatching, getLiveStatus, type LiveState } from "./watch-cache";

/**
 * Reads across the fleet (lib/fleet.ts): which clusters a request reads, one call per cluster in
 * parallel with a bounded wait, and each cluster's health for the overview strip.
 *
 * One unreachable or forbidden cluster never blanks or slows the others: each cluster's call is
 * cut off after `FLEET_CALL_TIMEOUT_MS` (its error is reported, the others are served), and a
 * cluster that failed is not asked again for `FAILURE_MEMO_MS` (its last error is reported at once).
 */

/** Longest wait for one cluster in a merged read, in ms (or TRUSTDECK_REQUEST_TIMEOUT_MS when lower). */
export const FLEET_CALL_TIMEOUT_MS = 5_000;
/** How long a failed cluster is skipped in merged reads, in ms. */
export const FAILURE_MEMO_MS = 10_000;

/** One cluster's failure in a merged read: its name and the error in plain words. */
export interface ClusterFailure {
  cluster: string;
  message: string;
  /** HTTP status of the failure (403 forbidden, 503 unreachable, ...). */
  status: number;
}

const g = globalThis as typeof globalThis & {
  __trustdeckFleetFailures?: Map<string, { at: number; failure: ClusterFailure }>;
};
function failures(): Map<string, { at: number; failure: ClusterFailure }> {
  g.__trustdeckFleetFailures ??= new Map();
  return g.__trustdeckFleetFailures;
}

/**
 * The clusters a request reads: `{ clusters: [kube], merged: false }` when the request names one
 * (`?cluster=` or the context cookie) or the fleet has one cluster; else every cluster of the fleet,
 * merged. In token and oidc sign-in modes reads never fan out (a person's bearer token is sent to
 * one API server only: the default, or the one they chose).
 */
export function fleetTargets(kube?: string): { clusters: string[]; merged: boolean } {
  if (kube) return { clusters: [kube], merged: false };
  const fleet = listFleet();
  if (fleet.length <= 1 || personalCredentials(getEnv().auth.mode)) {
    return { clusters: [resolvedName(undefined)], merged: false };
  }
  return { clusters: fleet, merged: true };
}

/** The context name `kube` resolves to (the default one when undefined). */
export function resolvedName(kube?: string): string {
  try {
    return describeTarget(kube).context ?? kube ?? "default";
  } catch {
    return kube ?? "default";
  }
}

/** True when more than one cluster is configured (the UI then shows Cluster columns and filters). */
export function isFleet(): boolean {
  try {
    return listFleet().length > 1 && !personalCredentials(getEnv().auth.mode);
  } catch {
    return false;
  }
}

function failureOf(cluster: string, err: unknown): ClusterFailure {
  const status =
    typeof (err as { status?: unknown })?.status === "number" ? (err as { status: number }).status : 500;
  return { cluster, message: err instanceof Error ? err.message : String(err), status };
}

function withTimeout<T>(cluster: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ClusterUnreachableError(`cluster "${cluster}" did not answer within ${ms} ms`, {
            context: cluster,
          }),
        ),
      ms,
    );
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `fn` for every cluster of `clusters` in parallel; each is cut off after
 * FLEET_CALL_TIMEOUT_MS (TRUSTDECK_REQUEST_TIMEOUT_MS while its watch cache makes its first list), and a cluster that failed within FAILURE_MEMO_MS is skipped (its last
 * failure is reported again). Never throws: each cluster ends in `ok` or `failed`, in `clusters` order.
 */
export async function acrossClusters<T>(
  clusters: readonly string[],
  fn: (cluster: string) => Promise<T>,
): Promise<{ ok: { cluster: string; value: T }[]; failed: ClusterFailure[] }> {
  const { requestTimeoutMs } = getEnv();
  const memo = failures();
  const now = Date.now();
  const settled = await Promise.all(
    clusters.map(async (cluster) => {
      const last = memo.get(cluster);
      if (last && now - last.at < FAILURE_MEMO_MS) return { cluster, failure: last.failure };
      // A cluster whose watches are making their first list answered and is large, not gone: its
      // read may take as long as any direct read (TRUSTDECK_REQUEST_TIMEOUT_MS) rather than being
      // cut off at FLEET_CALL_TIMEOUT_MS and skipped (10,000 Certificates + Secrets take longer).
      const syncing = getLiveStatus(cluster)?.state === "syncing";
      const ms = syncing ? requestTimeoutMs : Math.min(FLEET_CALL_TIMEOUT_MS, requestTimeoutMs);
      try {
        const value = await withTimeout(cluster, fn(cluster), ms);
        memo.delete(cluster);
        return { cluster, value };
      } catch (err) {
        const failure = failureOf(cluster, err);
        // A 403 is the person's answer, not the cluster's state: never memoised.
        if (failure.status !== 403) memo.set(cluster, { at: Date.now(), failure });
        return { cluster, failure };
      }
    }),
  );
  const ok: { cluster: string; value: T }[] = [];
  const failed: ClusterFailure[] = [];
  for (const s of settled) {
    if ("failure" in s && s.failure) failed.push(s.failure);
    else ok.push({ cluster: s.cluster, value: (s as { value: T }).value });
  }
  return { ok, failed };
}

/** Forgets remembered failures (tests). */
export function resetFleetFailures(): void {
  failures().clear();
}

/** One cluster's health, for the overview strip and `/api/clusters`. */
export interface ClusterHealth {
  name: string;
  server?: string;
  reachable: boolean;
  /** The API server's `gitVersion` (e.g. v1.35.4). */
  version?: string;
  /** Whether the API server serves the cert-manager.io group (the cert-manager CRDs are installed). */
  certManager?: boolean;
  /** Whether it serves apisix.apache.org (the APISIX ingress controller's CRDs). */
  apisix?: boolean;
  /** The watch cache's state for the cluster ("off" when it is not watched). */
  watch: LiveState | "off";
  /** Why it is not reachable, or what could not be read, in plain words. */
  error?: string;
}

/** The API groups a cluster served when last asked (CRDs change rarely): a slow answer keeps them. */
const lastGroups = new Map<string, { certManager: boolean; apisix: boolean }>();

/** Health probes wait this long for `/version` and `/apis`, in ms. */
const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The health of every cluster of the fleet (or of `kube` alone when given), each probed in
 * parallel within 5 s: `/version`, the API groups (`/apis`) for the cert-manager and APISIX CRDs
 * (the last answer is kept when `/apis` is slow), and the watch cache's state (its watches are
 * started when reads start them). Never throws.
 */
export async function fleetHealth(kube?: string): Promise<ClusterHealth[]> {
  let names: string[];
  try {
    names = kube ? [kube] : listFleet();
  } catch (err) {
    return [{ name: kube ?? "default", reachable: false, watch: "off", error: (err as Error).message }];
  }
  return Promise.all(
    names.map(async (name): Promise<ClusterHealth> => {
      const [probe, groups] = await Promise.all([
        probeCluster(name, HEALTH_TIMEOUT_MS),
        kubeCall(name, () => makeClient(ApisApi, name, HEALTH_TIMEOUT_MS).getAPIVersions()).then(
          (list) => {
            const served = new Set(list.groups.map((gr) => gr.name));
            const found = {
              certManager: served.has("cert-manager.io"),
              apisix: served.has("apisix.apache.org"),
            };
            lastGroups.set(name, found);
            return found;
          },
          (err: unknown) => lastGroups.get(name) ?? (err instanceof Error ? err : new Error(String(err))),
        ),
      ]);
      const watchName = probe.reachable && getEnv().watchCache.autoStart ? ensureWatching(name) : undefined;
      const watch = getLiveStatus(watchName ?? name)?.state ?? "off";
      const base = { name, server: probe.server, watch } as const;
      if (!probe.reachable) return { ...base, reachable: false, error: probe.error };
      if (groups instanceof Error) {
        return { ...base, reachable: true, version: probe.version, error: `API groups: ${groups.message}` };
      }
      return { ...base, reachable: true, version: probe.version, ...groups };
    }),
  );
}
