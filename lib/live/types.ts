/** DTOs of `GET /api/events` (Server-Sent Events), shared by the route and the browser. */

export type LiveKind =
  | "Certificate"
  | "CertificateRequest"
  | "Issuer"
  | "ClusterIssuer"
  | "Secret"
  | "ApisixTls"
  | "ApisixRoute"
  | "ApisixUpstream";

/** `event: change`: which object changed; never its body. */
export interface LiveChangeDto {
  kind: LiveKind;
  type: "ADDED" | "MODIFIED" | "DELETED";
  namespace?: string;
  name: string;
}

/** `event: status`: the overall watch state and each kind's. `disabled` = per-user token mode (no shared cache). */
export interface LiveStatusDto {
  state: "syncing" | "live" | "reconnecting" | "offline" | "disabled";
  kinds: {
    kind: LiveKind;
    state: "syncing" | "live" | "reconnecting" | "offline" | "forbidden" | "unavailable";
    restarts: number;
  }[];
}

/**
 * Query-key prefixes (after "trustdeck") that a change of `kind` makes stale. A Secret change moves
 * certificate expiry and CA facts; every cert-manager or APISIX object feeds the trust graph.
 */
export function staleKeyPrefixes(kind: LiveKind): string[] {
  switch (kind) {
    case "Certificate":
      return ["certificates", "secrets", "trust", "overview"];
    case "CertificateRequest":
      return ["requests", "certificates"];
    case "Issuer":
    case "ClusterIssuer":
      return ["issuers", "trust", "overview"];
    case "Secret":
      return ["secrets", "certificates", "issuers", "trust", "gateway", "overview"];
    case "ApisixTls":
    case "ApisixRoute":
    case "ApisixUpstream":
      return ["gateway", "trust"];
  }
}
