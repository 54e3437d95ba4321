"use client";

import { Select } from "@/components/ui/field";
import { useUrlParams } from "@/components/ui/use-url-params";
import { useClusters, useHealth, usePageCluster } from "@/lib/client/cluster";

/**
 * Which cluster's gateway the page shows, with several clusters (a fleet): a gateway's hop matrix and
 * its writes are one cluster's APISIX, so the page shows one at a time, bound to `?cluster=` (every
 * call of the page goes there, lib/api-client.ts `pageCluster`). Without the parameter it is the
 * default cluster (the current context). Renders nothing with one cluster.
 */
export function GatewayClusterPicker() {
  const { data } = useClusters();
  const current = useHealth().data?.cluster.context;
  const cluster = usePageCluster();
  const { update } = useUrlParams();
  if (!data?.fleet) return null;
  const value = cluster ?? current ?? data.clusters[0]?.name ?? "";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="gateway-cluster-bar">
      <Select
        label="Cluster"
        data-testid="gateway-cluster"
        value={value}
        onChange={(e) => update({ cluster: e.target.value })}
        className="w-56"
      >
        {data.clusters.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
            {c.reachable ? "" : " (unreachable)"}
            {c.apisix === false ? " (no APISIX CRDs)" : ""}
          </option>
        ))}
      </Select>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        The gateway of one cluster at a time; changes go to that cluster.
      </span>
    </div>
  );
}
