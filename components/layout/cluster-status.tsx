"use client";

import { StatusDot } from "@/components/ui/badge";
import { useHealth } from "@/lib/client/cluster";

/** Small header indicator: is the cluster reachable, and which context/server is in use. */
export function ClusterStatus() {
  const { data, isPending, isError } = useHealth();

  let tone: "green" | "red" | "gray" = "gray";
  let label = "Checking cluster…";
  if (isError) {
    tone = "red";
    label = "Trustdeck server unreachable";
  } else if (data) {
    tone = data.cluster.reachable ? "green" : "red";
    label = data.cluster.reachable ? "Connected" : "Cluster unreachable";
  }

  return (
    <div
      data-testid="cluster-status"
      data-reachable={data ? String(data.cluster.reachable) : undefined}
      className="flex min-w-0 items-center gap-2.5 rounded-lg border border-zinc-200 bg-white px-2.5 py-1 text-xs shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
      title={data?.cluster.server ? `API server ${data.cluster.server}` : undefined}
    >
      <StatusDot tone={tone} pulse={!isPending && tone === "green"} />
      <span className="sr-only font-medium text-zinc-700 sm:not-sr-only dark:text-zinc-200">{label}</span>
      {data?.cluster.context ? (
        <span className="hidden truncate font-mono text-zinc-500 sm:inline dark:text-zinc-400">
          {data.cluster.context}
        </span>
      ) : null}
      {data?.cluster.version ? (
        <span className="hidden text-zinc-400 lg:inline dark:text-zinc-500">{data.cluster.version}</span>
      ) : null}
    </div>
  );
}
