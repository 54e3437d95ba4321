"use client";
/** Hooks of the ACME pages and of the issuer pages. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AcmeChallengeDetail, AcmeChallengeRow, AcmeOrderDetail, AcmeOrderRow } from "@/lib/acme/orders";
import { apiFetch } from "@/lib/api-client";
import type { IssuerDetail } from "@/lib/inventory/issuer-detail";
import type { ListResponse } from "@/lib/types";
import { usePageCluster } from "./cluster";
import { inPageCluster, queryKeys } from "./keys";
import type { AcmeFilter } from "./types";
import { apiUrl } from "./urls";

/** ACME Orders; live through the watch cache (an Order change makes the "acme" area stale). */
export function useAcmeOrders(filter: AcmeFilter = {}, opts: { enabled?: boolean } = {}) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.acme.orders(filter), cluster),
    queryFn: ({ signal }) => apiFetch<ListResponse<AcmeOrderRow>>(apiUrl.acmeOrders(filter), { signal }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/** ACME Challenges (never their key authorization). */
export function useAcmeChallenges(filter: AcmeFilter = {}, opts: { enabled?: boolean } = {}) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.acme.challenges(filter), cluster),
    queryFn: ({ signal }) =>
      apiFetch<ListResponse<AcmeChallengeRow>>(apiUrl.acmeChallenges(filter), { signal }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

export function useAcmeOrder(namespace: string, name: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.acme.order(namespace, name), cluster),
    queryFn: ({ signal }) => apiFetch<AcmeOrderDetail>(apiUrl.acmeOrder(namespace, name), { signal }),
  });
}

export function useAcmeChallenge(namespace: string, name: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.acme.challenge(namespace, name), cluster),
    queryFn: ({ signal }) => apiFetch<AcmeChallengeDetail>(apiUrl.acmeChallenge(namespace, name), { signal }),
  });
}

/** One Issuer (`namespace` given) or ClusterIssuer with what it signs and its Events. */
export function useIssuerDetail(
  kind: "Issuer" | "ClusterIssuer",
  namespace: string | undefined,
  name: string,
) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.issuerDetail(kind, namespace, name), cluster),
    queryFn: ({ signal }) =>
      apiFetch<IssuerDetail>(
        kind === "ClusterIssuer" ? apiUrl.clusterIssuer(name) : apiUrl.issuer(namespace ?? "", name),
        { signal },
      ),
  });
}
