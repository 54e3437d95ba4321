"use client";

import { Select } from "@/components/ui/field";
import { useClusters } from "@/lib/client/cluster";

/** The cluster an object was read from (fleet views only): a small tag above its namespace. */
export function ClusterBadge({ cluster }: { cluster: string }) {
  return (
    <span
      data-testid="cell-cluster"
      title={`cluster ${cluster}`}
      className="w-fit max-w-full truncate rounded bg-indigo-50 px-1 font-medium text-[11px] text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300"
    >
      {cluster}
    </span>
  );
}

/**
 * The cluster filter of a list, bound to the list's `?cluster=` (filtered in the browser). Shown only
 * when several clusters are configured, so single-cluster screens do not change.
 */
export function ClusterFilter({ value, onChange }: { value?: string; onChange: (cluster: string) => void }) {
  const { data } = useClusters();
  if (!data?.fleet) return null;
  return (
    <Select
      label="Cluster"
      data-testid="filter-cluster"
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value)}
      className="w-40"
    >
      <option value="">All clusters</option>
      {data.clusters.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
          {c.reachable ? "" : " (unreachable)"}
        </option>
      ))}
    </Select>
  );
}

/** Keeps the rows of `cluster` (all rows when it is undefined). */
export function inClusterFilter<T extends { cluster?: string }>(rows: readonly T[], cluster?: string): T[] {
  return cluster ? rows.filter((r) => r.cluster === cluster) : [...rows];
}

/** The cluster of the object whose page this is (see `usePageCluster`); links from the page carry it. */
export { usePageCluster as usePageClusterParam } from "@/lib/client/cluster";
