"use client";

import Link from "next/link";
import { certificateHref } from "@/components/links";
import { ClusterBadge } from "@/components/ui/cluster";
import { QueryCard } from "@/components/ui/query-card";
import { useStuckIssuance } from "@/lib/client/inventory";
import { stuckKey } from "@/lib/doctor/summary";

/**
 * "Stuck issuance" on the overview: certificates whose issuance is stuck, counted per failing step;
 * with several clusters, every cluster's, each item tagged with (and opening in) its cluster.
 */
export function StuckIssuance() {
  const query = useStuckIssuance();
  return (
    <QueryCard
      testId="stuck-issuance"
      title="Stuck issuance"
      description="Certificates whose issuance fails or waits for a person, by the step of cert-manager's issuance it is stuck at."
      query={query}
    >
      {(data) =>
        data.total === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400" data-testid="stuck-none">
            Nothing is stuck.
          </p>
        ) : (
          <div className="grid grid-cols-1 gap-4 px-5 py-4 md:grid-cols-3">
            <ul className="space-y-1" aria-label="Stuck per step">
              {data.byStep.map((s) => (
                <li
                  key={s.step}
                  className="flex items-center justify-between gap-3 text-sm"
                  data-testid="stuck-step"
                  data-step={s.step}
                >
                  <span className="text-zinc-700 dark:text-zinc-300">{s.title}</span>
                  <span
                    className="font-semibold text-red-600 tabular-nums dark:text-red-400"
                    data-testid="stuck-count"
                  >
                    {s.count}
                  </span>
                </li>
              ))}
            </ul>
            <ul className="space-y-1.5 md:col-span-2" aria-label="Stuck certificates">
              {data.items.slice(0, 8).map((i) => (
                <li
                  key={stuckKey(i)}
                  className="min-w-0 text-sm"
                  data-testid="stuck-item"
                  data-cluster={i.cluster}
                >
                  {i.cluster ? (
                    <>
                      <ClusterBadge cluster={i.cluster} />{" "}
                    </>
                  ) : null}
                  <Link
                    href={`${certificateHref(i.namespace, i.name, i.cluster)}#diagnosis`}
                    className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {i.namespace}/{i.name}
                  </Link>{" "}
                  <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{i.reason}</span>
                  <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{i.summary}</span>
                </li>
              ))}
            </ul>
          </div>
        )
      }
    </QueryCard>
  );
}
