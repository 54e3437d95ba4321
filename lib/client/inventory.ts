"use client";
/** Hooks of the inventory pages: certificates, issuers, requests, TLS Secrets. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { StuckSummary } from "@/lib/doctor/summary";
import type { Diagnosis } from "@/lib/doctor/types";
import type { ObjectYaml } from "@/lib/inventory/object-yaml";
import type { CertificateRequestDetail } from "@/lib/inventory/request-detail";
import type { SecretDetail } from "@/lib/inventory/secret-detail";
import type {
  CertificateDetail,
  CertificateRequestRow,
  IssuerRow,
  ListResponse,
  TlsSecretRow,
} from "@/lib/types";
import { queryKeys, type YamlKind } from "./keys";
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

/** One Certificate with its Secret's parsed chain; `refetchInterval` while following an action. */
export function useCertificate(
  namespace: string,
  name: string,
  opts: { refetchInterval?: number | false } = {},
) {
  return useQuery({
    queryKey: queryKeys.certificates.detail(namespace, name),
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
  return useQuery({
    queryKey: queryKeys.requests.detail(namespace, name),
    queryFn: ({ signal }) => apiFetch<CertificateRequestDetail>(apiUrl.request(namespace, name), { signal }),
  });
}

/** The issuance doctor's verdict for one Certificate (`/api/certificates/{ns}/{name}/diagnosis`). */
export function useDiagnosis(namespace: string, name: string) {
  return useQuery({
    queryKey: queryKeys.certificates.diagnosis(namespace, name),
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
  return useQuery({
    queryKey: queryKeys.secret(namespace, name),
    queryFn: ({ signal }) => apiFetch<SecretDetail>(apiUrl.secret(namespace, name), { signal }),
  });
}

/** "View YAML" of one object, fetched only while shown (`enabled`). */
export function useObjectYaml(ref: { kind: YamlKind; namespace?: string; name: string }, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.yaml(ref.kind, ref.namespace, ref.name),
    queryFn: ({ signal }) => apiFetch<ObjectYaml>(apiUrl.yaml(ref.kind, ref.namespace, ref.name), { signal }),
    enabled,
  });
}
