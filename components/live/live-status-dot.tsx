"use client";

import { StatusDot } from "@/components/ui/badge";
import type { Tone } from "@/lib/format";
import { type LiveConnection, useLiveClusters, useLiveConnection } from "./live-store";

const VIEW: Record<LiveConnection, { tone: Tone; label: string; title: string }> = {
  live: { tone: "green", label: "Live", title: "Watching the cluster: changes appear within seconds" },
  syncing: { tone: "blue", label: "Syncing", title: "Listing the cluster before watching it" },
  connecting: { tone: "gray", label: "Connecting", title: "Connecting to live updates" },
  reconnecting: {
    tone: "amber",
    label: "Reconnecting",
    title: "The watch dropped; reconnecting with backoff",
  },
  offline: {
    tone: "red",
    label: "Offline",
    title: "No live updates: the cluster or the server is unreachable",
  },
};

/**
 * Header indicator of live updates: live / reconnecting / offline. With several clusters (a fleet)
 * it also counts the clusters whose watches are live ("1/2"), turns amber while one is not, and its
 * title names each cluster's state: one cluster's broken watch never hides behind the others'.
 */
export function LiveStatusDot() {
  const state = useLiveConnection();
  const clusters = useLiveClusters();
  const v = VIEW[state];
  const live = clusters.filter((c) => c.state === "live").length;
  const partial = clusters.length > 0 && live < clusters.length && state === "live";
  const title = clusters.length
    ? `${v.title}\n${clusters.map((c) => `${c.cluster}: ${VIEW[c.state].label.toLowerCase()}`).join("\n")}`
    : v.title;
  return (
    <span
      data-testid="live-status"
      data-state={state}
      title={title}
      className="inline-flex items-center gap-1.5 rounded-lg border border-zinc-200 bg-white px-2 py-1 text-xs text-zinc-600 shadow-xs dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <StatusDot tone={partial ? "amber" : v.tone} pulse={state === "live" && !partial} />
      <span className="sr-only sm:not-sr-only">{v.label}</span>
      {clusters.length ? (
        <span
          data-testid="live-status-clusters"
          data-live={String(live)}
          data-total={String(clusters.length)}
          className="tabular-nums text-zinc-500 dark:text-zinc-400"
        >
          <span className="sr-only">, clusters live: </span>
          {live}/{clusters.length}
        </span>
      ) : null}
    </span>
  );
}
