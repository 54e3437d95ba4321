"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { type ClusterHealthDto, useClusters } from "@/lib/client/cluster";
import type { CertificateRow } from "@/lib/types";

/** Certificates per cluster: total, not ready, expiring within 30 days (expired included). Pure. */
export function countByCluster(
  rows: readonly CertificateRow[],
): Map<string, { total: number; notReady: number; expiring: number }> {
  const out = new Map<string, { total: number; notReady: number; expiring: number }>();
  for (const r of rows) {
    if (!r.cluster) continue;
    const c = out.get(r.cluster) ?? { total: 0, notReady: 0, expiring: 0 };
    c.total++;
    if (r.ready !== "True") c.notReady++;
    if (r.expiryLevel === "expired" || (r.daysLeft !== undefined && r.daysLeft < 30)) c.expiring++;
    out.set(r.cluster, c);
  }
  return out;
}

function Flag({ on, label }: { on?: boolean; label: string }) {
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-[11px] ${
        on
          ? "bg-emerald-50 text-emerald-700 dark:bg-emerald-500/10 dark:text-emerald-300"
          : "bg-zinc-100 text-zinc-500 line-through dark:bg-zinc-800 dark:text-zinc-500"
      }`}
      title={on ? `${label} CRDs installed` : `${label} CRDs not found`}
    >
      {label}
    </span>
  );
}

const WATCH_TONE: Record<ClusterHealthDto["watch"], string> = {
  live: "text-emerald-600 dark:text-emerald-400",
  syncing: "text-sky-600 dark:text-sky-400",
  reconnecting: "text-amber-600 dark:text-amber-400",
  offline: "text-red-600 dark:text-red-400",
  off: "text-zinc-400 dark:text-zinc-500",
};

/**
 * The fleet's health strip of the overview: one card per cluster (reachable, Kubernetes version,
 * cert-manager and APISIX CRDs, watch state, its error) with its certificate totals, and the total
 * over all. Shown only when several clusters are configured.
 */
export function ClusterStrip({ rows }: { rows?: readonly CertificateRow[] }) {
  const { data } = useClusters();
  if (!data?.fleet) return null;
  const counts = rows ? countByCluster(rows) : undefined;
  return (
    <section aria-label="Clusters" data-testid="cluster-strip">
      <h2 className="mb-3 font-medium text-sm text-zinc-500 dark:text-zinc-400">
        Clusters
        {rows ? (
          <span
            className="ml-2 font-normal text-zinc-400 dark:text-zinc-500"
            data-testid="cluster-strip-total"
          >
            {data.clusters.length} clusters · {rows.length} certificates in all
          </span>
        ) : null}
      </h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {data.clusters.map((c) => {
          const n = counts?.get(c.name);
          return (
            <Card
              key={c.name}
              data-testid="cluster-card"
              data-cluster={c.name}
              data-reachable={c.reachable ? "true" : "false"}
              className="min-w-0 px-4 py-3"
            >
              <div className="flex items-center gap-2">
                <span
                  aria-hidden
                  className={`h-2 w-2 shrink-0 rounded-full ${c.reachable ? "bg-emerald-500" : "bg-red-500"}`}
                />
                <Link
                  href={`/certificates?cluster=${encodeURIComponent(c.name)}`}
                  className="truncate font-medium text-sm text-zinc-900 hover:underline dark:text-zinc-100"
                >
                  {c.name}
                </Link>
                <span className="ml-auto shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                  {c.reachable ? (c.version ?? "") : "unreachable"}
                </span>
              </div>
              {c.reachable ? (
                <div className="mt-2 flex flex-wrap items-center gap-1.5">
                  <Flag on={c.certManager} label="cert-manager" />
                  <Flag on={c.apisix} label="APISIX" />
                  <span className={`text-[11px] ${WATCH_TONE[c.watch]}`} data-testid="cluster-watch">
                    watch {c.watch}
                  </span>
                </div>
              ) : null}
              {c.error ? (
                <div
                  className={`mt-2 line-clamp-2 break-words text-xs ${
                    c.reachable ? "text-amber-700 dark:text-amber-400" : "text-red-600 dark:text-red-400"
                  }`}
                  title={c.error}
                  data-testid="cluster-error"
                >
                  {c.error}
                </div>
              ) : null}
              <div
                className="mt-2 text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
                data-testid="cluster-totals"
              >
                {n ? (
                  <>
                    <span className="font-medium text-zinc-800 dark:text-zinc-200">{n.total}</span>{" "}
                    certificates
                    {n.notReady ? (
                      <span className="text-red-600 dark:text-red-400"> · {n.notReady} not ready</span>
                    ) : null}
                    {n.expiring ? (
                      <span className="text-amber-600 dark:text-amber-400">
                        {" "}
                        · {n.expiring} expiring &lt; 30 d
                      </span>
                    ) : null}
                  </>
                ) : c.reachable ? (
                  "no certificates"
                ) : (
                  "left out of the lists"
                )}
              </div>
            </Card>
          );
        })}
      </div>
    </section>
  );
}
