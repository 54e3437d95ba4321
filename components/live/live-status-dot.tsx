"use client";

import { StatusDot } from "@/components/ui/badge";
import type { Tone } from "@/lib/format";
import { type LiveConnection, useLiveConnection } from "./live-store";

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

/** Header indicator of live updates: live / reconnecting / offline. */
export function LiveStatusDot() {
  const state = useLiveConnection();
  const v = VIEW[state];
  return (
    <span
      data-testid="live-status"
      data-state={state}
      title={v.title}
      className="inline-flex items-center gap-1.5 rounded-lg border border-zinc-200 bg-white px-2 py-1 text-xs text-zinc-600 shadow-xs dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <StatusDot tone={v.tone} pulse={state === "live"} />
      <span className="sr-only sm:not-sr-only">{v.label}</span>
    </span>
  );
}
