import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { GatewayMatrixDto } from "@/lib/apisix/types";

/** Query keys of the gateway page: invalidate by `gatewayKeys.all`. */
export const gatewayKeys = {
  all: ["trustdeck", "gateway"] as const,
  matrix: () => [...gatewayKeys.all, "matrix"] as const,
};

/** Fetches the gateway matrix. */
export function fetchGatewayMatrix(signal?: AbortSignal): Promise<GatewayMatrixDto> {
  return apiFetch<GatewayMatrixDto>("/api/apisix/routes", { signal });
}

export function useGatewayMatrix() {
  return useQuery({ queryKey: gatewayKeys.matrix(), queryFn: ({ signal }) => fetchGatewayMatrix(signal) });
}

/** `PUT`/`POST` JSON to the API; the CSRF header is added by `apiFetch`. */
export function sendJson<T>(method: "POST" | "PUT", path: string, body: unknown): Promise<T> {
  return apiFetch<T>(path, { method, body: JSON.stringify(body) });
}

export const tlsMtlsPath = (ns: string, name: string) =>
  `/api/apisix/tls/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/mtls`;

export const upstreamMtlsPath = (ns: string, name: string) =>
  `/api/apisix/upstreams/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/mtls`;
