import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch, withQuery } from "@/lib/api-client";
import type {
  CertificateDetail,
  CertificateRequestRow,
  CertificateRow,
  HealthDto,
  IssuerRow,
  ListResponse,
  TlsSecretRow,
} from "@/lib/types";

export type CertificateStateFilter =
  | "ready"
  | "not-ready"
  | "issuing"
  | "expired"
  | "not-yet-valid"
  | "critical"
  | "renewal-window"
  | "overdue"
  | "mismatch";
export type CertificateSort = "name" | "namespace" | "expires" | "state" | "issuer";
export type SortDir = "asc" | "desc";

export interface CertificateListParams {
  namespace?: string;
  q?: string;
  issuer?: string;
  state?: CertificateStateFilter;
  sort?: CertificateSort;
  dir?: SortDir;
  limit?: number;
  offset?: number;
}

/** The certificates list may carry an `issuers` facet besides `namespaces`. */
export type CertificateListResponse = ListResponse<CertificateRow> & { issuers?: string[] };

export interface ContextsDto {
  contexts: string[];
  current: string;
}

export interface SecretListParams {
  namespace?: string;
  managed?: boolean;
}

export interface RequestListParams {
  namespace?: string;
}

/** Query keys, one factory for the whole app: invalidate by prefix (`queryKeys.certificates.all`). */
export const queryKeys = {
  all: ["trustdeck"] as const,
  health: () => [...queryKeys.all, "health"] as const,
  contexts: () => [...queryKeys.all, "contexts"] as const,
  certificates: {
    all: ["trustdeck", "certificates"] as const,
    list: (params: CertificateListParams) => [...queryKeys.certificates.all, "list", params] as const,
    detail: (namespace: string, name: string) =>
      [...queryKeys.certificates.all, "detail", namespace, name] as const,
  },
  issuers: () => [...queryKeys.all, "issuers"] as const,
  requests: (params: RequestListParams = {}) => [...queryKeys.all, "requests", params] as const,
  secrets: (params: SecretListParams = {}) => [...queryKeys.all, "secrets", params] as const,
};

/**
 * Reads `/api/healthz`. The route may answer 503 with a HealthDto (or an error body) when the
 * cluster is down; both become a HealthDto with `cluster.reachable: false` so the banner can explain.
 */
export async function fetchHealth(): Promise<HealthDto> {
  try {
    const health = await apiFetch<HealthDto | { ok: true; version: string }>("/api/healthz");
    // Signed out, the server tells only `{ ok, version }`: no cluster to report on.
    if (!("cluster" in health))
      return { app: "ok", version: health.version, cluster: { reachable: true }, contexts: [] };
    return health;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status === 0) throw err;
    const body = err.body;
    if (body && typeof body === "object" && "cluster" in body) return body as HealthDto;
    return {
      app: "ok",
      version: "",
      cluster: { reachable: false, error: err.message },
      contexts: [],
    };
  }
}

/** Polls the app and cluster health every 10 seconds. */
export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health(),
    queryFn: fetchHealth,
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

export function useContexts() {
  return useQuery({
    queryKey: queryKeys.contexts(),
    queryFn: () => apiFetch<ContextsDto>("/api/contexts"),
    staleTime: 60_000,
  });
}

/** Switches the Kubernetes context (cookie set by the server), then refetches everything. */
export function useSwitchContext() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<unknown>("/api/contexts", { method: "POST", body: JSON.stringify({ name }) }),
    onSuccess: async () => {
      client.removeQueries({ queryKey: queryKeys.certificates.all });
      await client.invalidateQueries();
    },
  });
}

export function useCertificates(params: CertificateListParams) {
  return useQuery({
    queryKey: queryKeys.certificates.list(params),
    queryFn: ({ signal }) =>
      apiFetch<CertificateListResponse>(withQuery("/api/certificates", { ...params }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCertificate(namespace: string, name: string) {
  return useQuery({
    queryKey: queryKeys.certificates.detail(namespace, name),
    queryFn: ({ signal }) =>
      apiFetch<CertificateDetail>(
        `/api/certificates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
        { signal },
      ),
  });
}

export function useIssuers() {
  return useQuery({
    queryKey: queryKeys.issuers(),
    queryFn: ({ signal }) => apiFetch<ListResponse<IssuerRow>>("/api/issuers", { signal }),
  });
}

export function useCertificateRequests(params: RequestListParams = {}) {
  return useQuery({
    queryKey: queryKeys.requests(params),
    queryFn: ({ signal }) =>
      apiFetch<ListResponse<CertificateRequestRow>>(withQuery("/api/certificaterequests", { ...params }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useTlsSecrets(params: SecretListParams = {}) {
  return useQuery({
    queryKey: queryKeys.secrets(params),
    queryFn: ({ signal }) =>
      apiFetch<ListResponse<TlsSecretRow>>(withQuery("/api/secrets/tls", { ...params }), { signal }),
    placeholderData: keepPreviousData,
  });
}
