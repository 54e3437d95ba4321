"use client";
/** Hooks of the gateway page: the hop matrix and the APISIX writes (as mutations). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type {
  ApisixTlsSummary,
  ApisixUpstreamSummary,
  GatewayMatrixDto,
  MtlsPreviewDto,
} from "@/lib/apisix/types";
import type { ProbeResultDto } from "@/lib/probe/types";
import { usePageCluster } from "./cluster";
import { sendJson } from "./http";
import { inPageCluster, queryKeys } from "./keys";
import { apiUrl } from "./urls";

/** Fetches the gateway matrix. */
export function fetchGatewayMatrix(signal?: AbortSignal): Promise<GatewayMatrixDto> {
  return apiFetch<GatewayMatrixDto>(apiUrl.gatewayMatrix(), { signal });
}

/** The gateway matrix of the page's cluster (`/gateway?cluster=`; the default cluster without it). */
export function useGatewayMatrix() {
  const cluster = usePageCluster();
  return useQuery({
    queryKey: inPageCluster(queryKeys.gateway.matrix(), cluster),
    queryFn: ({ signal }) => fetchGatewayMatrix(signal),
  });
}

type Ref = { namespace: string; name: string };

/** `POST …/mtls/preview`: who gets in and who is locked out if the toggle is applied. */
export function useMtlsPreview(tls: Ref) {
  return useMutation({
    mutationFn: (body: unknown) =>
      sendJson<MtlsPreviewDto>("POST", apiUrl.tlsMtlsPreview(tls.namespace, tls.name), body),
  });
}

/**
 * `PUT …/mtls` on an ApisixTls, then a re-read of the matrix (stored in the cache); resolves to the
 * ApisixTls as re-read, so the caller can verify the change is visible.
 */
export function useSetTlsMtls(tls: Ref) {
  const client = useQueryClient();
  const cluster = usePageCluster();
  return useMutation({
    mutationFn: async (body: unknown) => {
      await sendJson("PUT", apiUrl.tlsMtls(tls.namespace, tls.name), body);
      const fresh = await fetchGatewayMatrix();
      client.setQueryData(inPageCluster(queryKeys.gateway.matrix(), cluster), fresh);
      return fresh.tlses.find((t) => t.namespace === tls.namespace && t.name === tls.name);
    },
  });
}

/** `POST /api/apisix/tls`: creates an ApisixTls; the matrix is re-read after a 2xx. */
export function useCreateTls() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => sendJson<{ tls: ApisixTlsSummary }>("POST", apiUrl.apisixTls(), body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.gateway.all }),
  });
}

/** `PUT …/upstreams/{ns}/{name}/mtls`; the matrix is re-read after a 2xx. */
export function useSetUpstreamMtls(upstream: Ref) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) =>
      sendJson<{ upstream: ApisixUpstreamSummary }>(
        "PUT",
        apiUrl.upstreamMtls(upstream.namespace, upstream.name),
        body,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.gateway.all }),
  });
}

/** `POST /api/probe`: a live handshake from the server. */
export function useProbe() {
  return useMutation({
    mutationFn: (body: unknown) => sendJson<ProbeResultDto>("POST", apiUrl.probe(), body),
  });
}
