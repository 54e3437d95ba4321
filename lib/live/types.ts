/** DTOs of `GET /api/events` (Server-Sent Events), shared by the route and the browser. */
import type { WatchedKind } from "@/lib/kinds";

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
