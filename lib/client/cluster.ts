"use client";
/** Hooks of the app shell: health, contexts, who am I, and what may I do. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import type { AccessResult } from "@/lib/actions/types";
import { ApiError, apiFetch, isOneClusterPage, pageCluster, withQuery } from "@/lib/api-client";
import type { GatewayAccessResult } from "@/lib/apisix/access-checks";
import type { AuthMeResponse } from "@/lib/auth/types";
import type { HealthDto } from "@/lib/types";
import { sendJson } from "./http";
import { inPageCluster, queryKeys } from "./keys";
import type { ContextsDto } from "./types";
import { apiUrl } from "./urls";

/**
 * Reads `/api/healthz`. The route may answer 503 with a HealthDto (or an error body) when the
 * cluster is down; both become a HealthDto with `cluster.reachable: false` so the banner can explain.
 */
export async function fetchHealth(): Promise<HealthDto> {
  try {
    const health = await apiFetch<HealthDto | { ok: true; version: string }>(apiUrl.health());
    // Signed out, the server tells only `{ ok, version }`: no cluster to report on.
    if (!("cluster" in health))
      return { app: "ok", version: health.version, cluster: { reachable: true }, contexts: [] };
    return health;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status === 0) throw err;
    const body = err.body;
    if (body && typeof body === "object" && "cluster" in body) return body as HealthDto;
    return { app: "ok", version: "", cluster: { reachable: false, error: err.message }, contexts: [] };
  }
}

/**
 * The cluster this page is about: `?cluster=` on an object's page or a one-cluster page (the rule
 * of `pageCluster` in lib/api-client.ts, read through Next's hooks so server and browser render the
 * same links, and so a page's first render already sees its own URL). Links from the page to
 * related objects carry it; its queries are keyed by it (`inPageCluster`, ./keys.ts).
 */
export function usePageCluster(): string | undefined {
  const params = useSearchParams();
  const path = usePathname() ?? "";
  if (!isOneClusterPage(path)) return undefined;
  return params?.get("cluster") ?? undefined;
}

/** Polls the app and cluster health every 10 seconds. */
export function useHealth(opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.health(),
    queryFn: fetchHealth,
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
    retry: false,
    enabled: opts.enabled ?? true,
  });
}

/** One cluster's health as `/api/clusters` answers (lib/k8s/fleet.ts `ClusterHealth`). */
export interface ClusterHealthDto {
  name: string;
  server?: string;
  reachable: boolean;
  version?: string;
  certManager?: boolean;
  apisix?: boolean;
  watch: "syncing" | "live" | "reconnecting" | "offline" | "off";
  error?: string;
}

/**
 * `/api/clusters`, polled every 15 s: the configured clusters and their health. `fleet` is true when
 * several clusters are shown together (lists then show a Cluster column and filter).
 */
export function useClusters() {
  return useQuery({
    queryKey: queryKeys.clusters(),
    queryFn: () => apiFetch<{ fleet: boolean; clusters: ClusterHealthDto[] }>(apiUrl.clusters()),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
  });
}

export function useContexts() {
  return useQuery({
    queryKey: queryKeys.contexts(),
    queryFn: () => apiFetch<ContextsDto>(apiUrl.contexts()),
    staleTime: 60_000,
  });
}

/** Switches the Kubernetes context (cookie set by the server), then refetches everything. */
export function useSwitchContext() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => sendJson<unknown>("POST", apiUrl.contexts(), { name }),
    onSuccess: async () => {
      client.removeQueries({ queryKey: queryKeys.certificates.all });
      await client.invalidateQueries();
    },
  });
}

/** `GET /api/auth/me`: whether this browser is signed in and who the cluster says it is. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => apiFetch<AuthMeResponse>(apiUrl.me(), { signal }),
    staleTime: 60_000,
  });
}

/**
 * What the current identity may do with cert-manager objects in `namespace`, in `cluster` (a fleet
 * cluster: a merged list's row) or else the cluster of the object's page (`?cluster=` on a detail
 * page) or else the default cluster; each cluster's answer is kept apart.
 */
export function useAccess(namespace?: string, cluster?: string) {
  const where = cluster ?? pageCluster();
  return useQuery({
    queryKey: queryKeys.access.actions(namespace, where),
    queryFn: ({ signal }) =>
      apiFetch<AccessResult>(withQuery(apiUrl.access(namespace), { cluster: where }), { signal }),
    staleTime: 30_000,
  });
}

/** What the current identity may do with APISIX objects in `namespace` (all namespaces when unset). */
export function useGatewayAccess(namespace?: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.access.gateway(namespace), cluster),
    queryFn: ({ signal }) => apiFetch<GatewayAccessResult>(apiUrl.gatewayAccess(namespace), { signal }),
    staleTime: 30_000,
  });
}
