"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ClusterBadge, ClusterFilter, inClusterFilter } from "@/components/ui/cluster";
import { DataTable, Td, trClass } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Skeleton } from "@/components/ui/skeleton";
import { useUrlParams } from "@/components/ui/use-url-params";
import { apiFetch } from "@/lib/api-client";
import { useClusters } from "@/lib/client/cluster";
import type { BundleRow } from "@/lib/trust/bundles";
import type { ListResponse } from "@/lib/types";
import { WorkloadList } from "./workload-list";

/**
 * trust-manager's Bundles: sources, targets, the namespaces they reach, and the Synced condition.
 * With several clusters (a fleet): every cluster's Bundles, a Cluster column and filter (`?cluster=`).
 */
export function BundlesView() {
  const q = useQuery({
    queryKey: ["trustdeck", "trust", "bundles"],
    queryFn: () => apiFetch<ListResponse<BundleRow & { cluster?: string }>>("/api/trust/bundles"),
  });
  const { get, update } = useUrlParams();
  const cluster = get("cluster");
  const fleet = useClusters().data?.fleet === true;
  const items = useMemo(() => inClusterFilter(q.data?.items ?? [], cluster), [q.data, cluster]);
  if (q.isPending) return <Skeleton className="h-40 w-full" />;
  if (q.error || !q.data) return <ErrorPanel error={q.error} />;
  if (q.data.items.length === 0)
    return (
      <EmptyState
        title="No Bundles"
        description="trust-manager's Bundles appear here (none, or the Bundle CRD is not installed)."
      />
    );
  return (
    <Card className="overflow-hidden">
      {fleet ? (
        <div className="flex items-center gap-2 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
          <ClusterFilter value={cluster} onChange={(c) => update({ cluster: c })} />
          <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400" data-testid="bundle-count">
            {items.length} Bundle{items.length === 1 ? "" : "s"}
          </span>
        </div>
      ) : null}
      <DataTable
        headers={[
          ...(fleet ? ["Cluster"] : []),
          "Bundle",
          "Sources",
          "Targets",
          "Namespaces",
          "Mounted by",
          "Synced",
        ]}
        testId="bundles-table"
        minWidth={1040}
      >
        {items.map((b) => (
          <tr
            key={`${b.cluster ?? ""}:${b.name}`}
            className={trClass}
            data-testid="bundle-row"
            data-name={b.name}
            data-cluster={fleet ? b.cluster : undefined}
          >
            {fleet ? <Td>{b.cluster ? <ClusterBadge cluster={b.cluster} /> : null}</Td> : null}
            <Td className="font-mono text-[13px]">{b.name}</Td>
            <Td>
              <ul className="space-y-0.5 text-xs">
                {b.sources.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
              {b.inLineSubjects.length > 0 ? (
                <span className="block text-[11px] text-zinc-500">{b.inLineSubjects.join("; ")}</span>
              ) : null}
            </Td>
            <Td className="text-xs">{b.targets.join(", ") || "—"}</Td>
            <Td className="text-xs">
              {b.namespaces.join(", ") || "—"}
              <span className="block text-[11px] text-zinc-500">{b.selector}</span>
            </Td>
            <Td>
              <div data-testid="bundle-workloads">
                {b.workloads ? <WorkloadList visibility={b.workloads} /> : "—"}
              </div>
            </Td>
            <Td>
              <Badge
                tone={b.synced === "True" ? "green" : b.synced === "False" ? "red" : "gray"}
                title={b.syncedMessage}
              >
                {b.synced ?? "Unknown"}
              </Badge>
            </Td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}
