import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch, withQuery } from "@/lib/api-client";
import type { CertificateChainDto, TrustGraphDto, TrustReportDto } from "@/lib/trust/dto";

/** Query keys of the trust pages, under the app's `["trustdeck"]` root so a context switch refetches them. */
export const trustQueryKeys = {
  all: ["trustdeck", "trust"] as const,
  graph: (namespace?: string) => [...trustQueryKeys.all, "graph", namespace ?? ""] as const,
  report: (namespace?: string) => [...trustQueryKeys.all, "report", namespace ?? ""] as const,
  chain: (namespace: string, name: string) => [...trustQueryKeys.all, "chain", namespace, name] as const,
};

/** `GET /api/trust`: the trust graph, optionally scoped to one namespace. */
export function useTrustGraph(namespace?: string) {
  return useQuery({
    queryKey: trustQueryKeys.graph(namespace),
    queryFn: ({ signal }) => apiFetch<TrustGraphDto>(withQuery("/api/trust", { namespace }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/trust/report`: every trust problem, worst first. */
export function useTrustReport(namespace?: string) {
  return useQuery({
    queryKey: trustQueryKeys.report(namespace),
    queryFn: ({ signal }) =>
      apiFetch<TrustReportDto>(withQuery("/api/trust/report", { namespace }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/certificates/{namespace}/{name}/chain`: the chain verdict of a Certificate. */
export function useCertificateChain(namespace: string, name: string) {
  return useQuery({
    queryKey: trustQueryKeys.chain(namespace, name),
    queryFn: ({ signal }) =>
      apiFetch<CertificateChainDto>(
        `/api/certificates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/chain`,
        { signal },
      ),
  });
}
