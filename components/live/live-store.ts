import { useSyncExternalStore } from "react";
import type { LiveStatusDto } from "@/lib/live/types";

/** The browser's view of the live connection: the server's watch state, or the EventSource's own trouble. */
export type LiveConnection = LiveStatusDto["state"] | "connecting";

let current: LiveConnection = "connecting";
const listeners = new Set<() => void>();

/** Sets the live connection state (LiveUpdates calls this). */
export function setLiveConnection(next: LiveConnection): void {
  if (next === current) return;
  current = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The live connection state, re-rendering on change. */
export function useLiveConnection(): LiveConnection {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => "connecting",
  );
}
