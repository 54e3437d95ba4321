"use client";

import { useMemo, useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useAllCertificates, useTlsSecrets } from "@/lib/client/inventory";
import { type HeatmapDay, layoutHeatmap } from "./heatmap-layout";

const LEVEL_CLASS: Record<HeatmapDay["level"], string> = {
  0: "bg-zinc-100 dark:bg-zinc-800/70",
  1: "bg-amber-200 dark:bg-amber-900/70",
  2: "bg-amber-400 dark:bg-amber-700",
  3: "bg-orange-500 dark:bg-orange-600",
  4: "bg-red-600 dark:bg-red-500",
};
const WEEKDAYS = ["", "Mon", "", "Wed", "", "Fri", ""];

function describeDay(d: HeatmapDay): string {
  if (d.count === 0) return `${d.date}: no expiries`;
  return `${d.date}: ${d.count} expir${d.count === 1 ? "y" : "ies"} — ${d.names.join(", ")}`;
}

/**
 * Expiries over the next 12 months (certificates and unmanaged TLS Secrets) as a GitHub-style grid
 * of days (UTC), coloured by count.
 */
export function ExpiryHeatmap() {
  const certs = useAllCertificates();
  // Unmanaged TLS Secrets expire too, and nothing renews them (left out when unreadable).
  const unmanaged = useTlsSecrets({ managed: false });
  const layout = useMemo(
    () =>
      certs.data
        ? layoutHeatmap(
            [
              ...certs.data.items,
              ...(unmanaged.data?.items ?? [])
                .filter((s) => !s.managed)
                .map((s) => ({ ...s, label: `Secret ${s.namespace}/${s.name} (unmanaged)` })),
            ],
            new Date(),
          )
        : undefined,
    [certs.data, unmanaged.data],
  );
  const [hover, setHover] = useState<HeatmapDay | undefined>();

  return (
    <Card data-testid="expiry-heatmap" className="overflow-hidden">
      <CardHeader
        title="Expiry calendar"
        description={
          layout
            ? `${layout.total} expir${layout.total === 1 ? "y" : "ies"} in the next 12 months (UTC days)`
            : "Loading…"
        }
      />
      <div className="px-5 py-4">
        {!layout ? (
          <Skeleton className="h-28 w-full" />
        ) : (
          <>
            <div className="scroll-thin overflow-x-auto pb-1">
              <div className="inline-grid grid-cols-[auto_1fr] gap-x-2">
                <div />
                <div className="relative h-4">
                  {layout.months.map((m) => (
                    <span
                      key={`${m.label}-${m.column}`}
                      className="absolute text-[10px] text-zinc-400 dark:text-zinc-500"
                      style={{ left: `${m.column * 14}px` }}
                    >
                      {m.label}
                    </span>
                  ))}
                </div>
                <div className="grid grid-rows-7 gap-[3px] text-[9px] text-zinc-400 leading-[11px] dark:text-zinc-500">
                  {WEEKDAYS.map((d, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: fixed weekday rows
                    <span key={i}>{d}</span>
                  ))}
                </div>
                <div className="flex gap-[3px]">
                  {layout.weeks.map((week, col) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: weeks are positional
                    <div key={col} className="grid grid-rows-7 gap-[3px]">
                      {week.map((d, row) =>
                        d ? (
                          <button
                            key={d.date}
                            type="button"
                            data-testid="heatmap-day"
                            data-date={d.date}
                            data-count={d.count}
                            title={describeDay(d)}
                            aria-label={describeDay(d)}
                            onMouseEnter={() => setHover(d)}
                            onFocus={() => setHover(d)}
                            className={`size-[11px] rounded-[2px] ${LEVEL_CLASS[d.level]} ${
                              d.count > 0 ? "ring-1 ring-black/10 hover:ring-2 hover:ring-zinc-500" : ""
                            } focus-visible:outline-2 focus-visible:outline-sky-500`}
                          />
                        ) : (
                          // biome-ignore lint/suspicious/noArrayIndexKey: padding cells are positional
                          <span key={`pad-${row}`} className="size-[11px]" />
                        ),
                      )}
                    </div>
                  ))}
                </div>
              </div>
            </div>
            <div className="mt-3 flex min-h-5 flex-wrap items-center justify-between gap-3 text-[11px] text-zinc-500 dark:text-zinc-400">
              <span data-testid="heatmap-tooltip" className="truncate">
                {hover ? describeDay(hover) : "Hover a day to see which certificates expire"}
              </span>
              <span className="flex items-center gap-1">
                none
                {([0, 1, 2, 3, 4] as const).map((l) => (
                  <span key={l} className={`size-[11px] rounded-[2px] ${LEVEL_CLASS[l]}`} />
                ))}
                5+
              </span>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
