import { useSyncExternalStore } from "react";
import type { LiveStatusDto } from "@/lib/live/types";

/** The browser's view of the live connection: the server's watch state, or the EventSource's own trouble. */
export type LiveConnection = LiveStatusDto["state"] | "connecting";

/** Each cluster's own watch state, when the stream carries several clusters (a fleet); else empty. */
export type LiveClusters = NonNullable<LiveStatusDto["clusters"]>;

let current: LiveConnection = "connecting";
let clusters: LiveClusters = [];
const NO_CLUSTERS: LiveClusters = [];
const listeners = new Set<() => void>();

const notify = () => {
  for (const l of listeners) l();
};

/** Sets the live connection state (LiveUpdates calls this). */
export function setLiveConnection(next: LiveConnection): void {
  if (next === current) return;
  current = next;
  notify();
}

/** Sets each cluster's watch state from a `status` event (several clusters); `[]` for one cluster. */
export function setLiveClusters(next: LiveClusters | undefined): void {
  const value = next?.length ? next : NO_CLUSTERS;
  const same =
    value.length === clusters.length &&
    value.every((c, i) => c.cluster === clusters[i]?.cluster && c.state === clusters[i]?.state);
  if (same) return;
  clusters = value;
  notify();
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

/** Each cluster's watch state (several clusters), re-rendering on change; empty with one cluster. */
export function useLiveClusters(): LiveClusters {
  return useSyncExternalStore(
    subscribe,
    () => clusters,
    () => NO_CLUSTERS,
  );
}
