"use client";
/** Hooks of the inventory pages: certificates, issuers, requests, TLS Secrets. */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { StuckSummary } from "@/lib/doctor/summary";
import type { Diagnosis } from "@/lib/doctor/types";
import type { ObjectYaml } from "@/lib/inventory/object-yaml";
import type { CertificateRequestDetail } from "@/lib/inventory/request-detail";
import { applyFeed, type CertificateFeedDto, type FeedState } from "@/lib/inventory/row-feed";
import { CertificateRowIndex } from "@/lib/inventory/row-index";
import type { SecretDetail } from "@/lib/inventory/secret-detail";
import type {
  CertificateDetail,
  CertificateRequestRow,
  IssuerRow,
  ListResponse,
  TlsSecretRow,
} from "@/lib/types";
import { usePageCluster } from "./cluster";
import { inPageCluster, queryKeys, type YamlKind } from "./keys";
import type {
  CertificateListParams,
  CertificateListResponse,
  RequestListParams,
  SecretListParams,
} from "./types";
import { apiUrl } from "./urls";

export function useCertificates(params: CertificateListParams) {
  return useQuery({
    queryKey: queryKeys.certificates.list(params),
    queryFn: ({ signal }) => apiFetch<CertificateListResponse>(apiUrl.certificates(params), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Every certificate row the person may see, held in the browser: the feed's rows and their query index. */
export interface CertificateFeed extends FeedState {
  index: CertificateRowIndex;
}

/** The feed's query function: the full list first, then deltas since the version held. */
function useFeedQueryFn() {
  const client = useQueryClient();
  return async ({ signal }: { signal: AbortSignal }): Promise<CertificateFeed> => {
    const prev = client.getQueryData<CertificateFeed>(queryKeys.certificates.feed());
    let state: FeedState;
    try {
      const dto = await apiFetch<CertificateFeedDto>(apiUrl.certificateFeed(prev?.version), { signal });
      state = applyFeed(prev, dto);
    } catch (err) {
      if (!prev || signal.aborted) throw err;
      // A delta that does not add up: start over from the full list.
      state = applyFeed(undefined, await apiFetch<CertificateFeedDto>(apiUrl.certificateFeed(), { signal }));
    }
    if (prev && state.rows === prev.rows) return { ...state, index: prev.index };
    return { ...state, index: new CertificateRowIndex(state.rows) };
  };
}

/**
 * Every certificate row, however many (no page limit): fetched once from `/api/certificates/feed`,
 * then patched by deltas (`?since=`) whenever the live stream makes the certificates area stale.
 * Filter, search and sort locally with `data.index.query(...)`.
 */
export function useCertificateFeed() {
  return useQuery({
    queryKey: queryKeys.certificates.feed(),
    queryFn: useFeedQueryFn(),
    // 50,000 rows: never deep-compare them; a new answer is a new list.
    structuralSharing: false,
  });
}

const asList = (feed: CertificateFeed): CertificateListResponse => ({
  items: feed.rows,
  total: feed.rows.length,
  namespaces: feed.index.namespaces,
  issuers: [...new Set(feed.index.issuers.map((f) => f.name))],
});

/** Every certificate row as a list response (the overview's counts and charts), from the same feed. */
export function useAllCertificates() {
  return useQuery({
    queryKey: queryKeys.certificates.feed(),
    queryFn: useFeedQueryFn(),
    select: asList,
    structuralSharing: false,
  });
}

/** One Certificate with its Secret's parsed chain; `refetchInterval` while following an action. */
export function useCertificate(
  namespace: string,
  name: string,
  opts: { refetchInterval?: number | false } = {},
) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.certificates.detail(namespace, name), cluster),
    queryFn: ({ signal }) => apiFetch<CertificateDetail>(apiUrl.certificate(namespace, name), { signal }),
    refetchInterval: opts.refetchInterval ?? false,
    enabled: namespace !== "" && name !== "",
  });
}

export function useIssuers() {
  return useQuery({
    queryKey: queryKeys.issuers(),
    queryFn: ({ signal }) => apiFetch<ListResponse<IssuerRow>>(apiUrl.issuers(), { signal }),
  });
}

export function useCertificateRequests(params: RequestListParams = {}) {
  return useQuery({
    queryKey: queryKeys.requests.list(params),
    queryFn: ({ signal }) =>
      apiFetch<ListResponse<CertificateRequestRow>>(apiUrl.requests(params), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTlsSecrets(params: SecretListParams = {}) {
  return useQuery({
    queryKey: queryKeys.secrets(params),
    queryFn: ({ signal }) => apiFetch<ListResponse<TlsSecretRow>>(apiUrl.secrets(params), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One CertificateRequest with its decoded CSR. */
export function useCertificateRequest(namespace: string, name: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.requests.detail(namespace, name), cluster),
    queryFn: ({ signal }) => apiFetch<CertificateRequestDetail>(apiUrl.request(namespace, name), { signal }),
  });
}

/** The issuance doctor's verdict for one Certificate (`/api/certificates/{ns}/{name}/diagnosis`). */
export function useDiagnosis(namespace: string, name: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.certificates.diagnosis(namespace, name), cluster),
    queryFn: ({ signal }) => apiFetch<Diagnosis>(apiUrl.certificateDiagnosis(namespace, name), { signal }),
  });
}

/** Stuck issuance across the cluster, per failing step (`/api/certificates/diagnoses`). */
export function useStuckIssuance() {
  return useQuery({
    queryKey: queryKeys.certificates.stuck(),
    queryFn: ({ signal }) => apiFetch<StuckSummary>(apiUrl.stuckIssuance(), { signal }),
  });
}

/** One TLS Secret: its certificates, chain verdict and who uses it (never its data). */
export function useSecret(namespace: string, name: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.secret(namespace, name), cluster),
    queryFn: ({ signal }) => apiFetch<SecretDetail>(apiUrl.secret(namespace, name), { signal }),
  });
}

/** "View YAML" of one object, fetched only while shown (`enabled`). */
export function useObjectYaml(ref: { kind: YamlKind; namespace?: string; name: string }, enabled: boolean) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.yaml(ref.kind, ref.namespace, ref.name), cluster),
    queryFn: ({ signal }) => apiFetch<ObjectYaml>(apiUrl.yaml(ref.kind, ref.namespace, ref.name), { signal }),
    enabled,
  });
}
