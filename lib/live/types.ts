/** DTOs of `GET /api/events` (Server-Sent Events), shared by the route and the browser. */
import { type QueryArea, staleQueryKeysOf, type WatchedKind } from "@/lib/kinds";

/** A kind the live cache watches (from the kind table, `lib/kinds.ts`). */
export type LiveKind = WatchedKind;

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
 * Query-key prefixes (after "trustdeck") that a change of `kind` makes stale: the kind table's
 * `staleQueryKeys`. A Secret change moves certificate expiry and CA facts; every cert-manager or
 * APISIX object feeds the trust graph.
 */
export function staleKeyPrefixes(kind: LiveKind): QueryArea[] {
  return [...staleQueryKeysOf(kind)];
}
