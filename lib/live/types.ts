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
  /** The fleet cluster of the change, when the stream carries several clusters (lib/fleet.ts). */
  cluster?: string;
}

/** `event: status`: the overall watch state and each kind's (the shared cache is on in every sign-in mode). */
export interface LiveStatusDto {
  state: "syncing" | "live" | "reconnecting" | "offline";
  kinds: {
    kind: LiveKind;
    state: "syncing" | "live" | "reconnecting" | "offline" | "forbidden" | "unavailable";
    restarts: number;
  }[];
  /** Each cluster's own watch state, when the stream carries several clusters. */
  clusters?: { cluster: string; state: LiveStatusDto["state"] }[];
}
