"use client";
/** Hooks of the trust pages: graph, audit report, one certificate's chain, the overview's audit summary. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { CertificateChainDto, TrustGraphDto, TrustReportDto } from "@/lib/trust/dto";
import { usePageCluster } from "./cluster";
import { inPageCluster, queryKeys } from "./keys";
import { apiUrl } from "./urls";

/** `GET /api/trust`: the trust graph, optionally scoped to one namespace. */
export function useTrustGraph(namespace?: string) {
  return useQuery({
    queryKey: queryKeys.trust.graph(namespace),
    queryFn: ({ signal }) => apiFetch<TrustGraphDto>(apiUrl.trustGraph(namespace), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/trust/report`: every trust problem, worst first. */
export function useTrustReport(namespace?: string) {
  return useQuery({
    queryKey: queryKeys.trust.report(namespace),
    queryFn: ({ signal }) => apiFetch<TrustReportDto>(apiUrl.trustReport(namespace), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/certificates/{namespace}/{name}/chain`: the chain verdict of a Certificate. */
export function useCertificateChain(namespace: string, name: string) {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.trust.chain(namespace, name), cluster),
    queryFn: ({ signal }) =>
      apiFetch<CertificateChainDto>(apiUrl.certificateChain(namespace, name), { signal }),
  });
}

/** The audit's counts by severity (`GET /api/export/audit.json`); `available: false` when Secrets are unreadable. */
export interface AuditSummary {
  available: boolean;
  counts: { critical: number; warning: number; info: number } | null;
}

/** The audit summary of the overview (under the "overview" area, refreshed with it). */
export function useAuditSummary() {
  return useQuery({
    queryKey: queryKeys.overview.audit(),
    queryFn: ({ signal }) => apiFetch<AuditSummary>(apiUrl.auditSummary(), { signal }),
  });
}
