"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { certificateHref, secretHref } from "@/components/links";
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useAllCertificates, useIssuers, useTlsSecrets } from "@/lib/client/inventory";
import { formatDateTime } from "@/lib/format";
import {
  layoutTimeline,
  TIMELINE_ZOOMS,
  type TimelineBar,
  type TimelineGroupBy,
  type TimelineZoom,
} from "./timeline-layout";

const HOUR = 3_600_000;
/**
 * The name column, the same expression in the header, every bar row and the overlay of grid lines
 * and "now" (a grid track of `minmax(0,14rem)` grows to 14rem on a phone while the overlay assumed
 * 40 %: the "now" line sat ~70 px left of where the bars start).
 */
const LABEL_COLUMN = "grid-cols-[min(14rem,40%)_minmax(0,1fr)]";
const OVERLAY_LEFT = "left-[calc(min(14rem,40%)+0.75rem)]";

function tickLabel(at: number, step: number): string {
  const d = new Date(at);
  if (step < 24 * HOUR) return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    ...(step >= 30 * 24 * HOUR ? { year: "2-digit" } : {}),
  });
}

function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { id: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="flex items-center gap-0.5 rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 dark:border-zinc-800 dark:bg-zinc-900">
      <legend className="sr-only">{label}</legend>
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          aria-pressed={value === o.id}
          onClick={() => onChange(o.id)}
          className={`rounded-md px-2 py-0.5 text-xs transition-colors ${
            value === o.id
              ? "bg-white font-medium text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-50"
              : "text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
          }`}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

function barTone(b: TimelineBar): string {
  if (b.expired) return "bg-red-500/80 dark:bg-red-500/70";
  if (b.kind === "secret") return "bg-amber-500/80 ring-1 ring-amber-700/40 dark:bg-amber-500/70";
  if (b.isCA) return "bg-violet-500/80 ring-1 ring-violet-700/40 dark:bg-violet-500/70";
  return "bg-sky-500/75 dark:bg-sky-500/60";
}

function Bar({ b, showNamespace }: { b: TimelineBar; showNamespace: boolean }) {
  const title = [
    `${b.kind === "secret" ? "Secret " : ""}${b.namespace}/${b.name}${b.isCA ? " (CA)" : ""}${b.kind === "secret" ? ": unmanaged, nothing renews it" : ""}`,
    `valid ${formatDateTime(b.notBefore)} → ${formatDateTime(b.notAfter)}`,
    b.renewalTime ? `renews ${formatDateTime(b.renewalTime)}` : undefined,
    b.outlivesCa ? `outlives its CA (CA expires ${formatDateTime(b.outlivesCa)})` : undefined,
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <li
      data-testid="timeline-bar"
      data-kind={b.kind}
      data-name={b.name}
      data-namespace={b.namespace}
      data-ca={String(b.isCA)}
      data-outlives-ca={b.outlivesCa ? "true" : undefined}
      className={`grid ${LABEL_COLUMN} items-center gap-3 py-0.5`}
    >
      <Link
        href={b.kind === "secret" ? secretHref(b.namespace, b.name) : certificateHref(b.namespace, b.name)}
        className="flex min-w-0 items-center gap-1.5 truncate text-xs text-zinc-700 hover:text-sky-600 dark:text-zinc-300 dark:hover:text-sky-400"
        title={title}
      >
        {b.isCA ? (
          <span className="rounded bg-violet-100 px-1 font-semibold text-[9px] text-violet-700 dark:bg-violet-500/15 dark:text-violet-300">
            CA
          </span>
        ) : null}
        <span className="truncate">{showNamespace ? `${b.namespace}/${b.name}` : b.name}</span>
        {b.outlivesCa ? (
          <span className="text-amber-600 dark:text-amber-400" title="outlives its CA">
            ⚠<span className="sr-only"> outlives its CA</span>
          </span>
        ) : null}
      </Link>
      <div className="relative h-4" title={title} data-testid="timeline-track">
        {b.left !== undefined && b.right !== undefined ? (
          <div
            className={`absolute top-0.5 h-3 ${barTone(b)} ${b.clippedStart ? "rounded-l-none" : "rounded-l"} ${
              b.clippedEnd ? "rounded-r-none" : "rounded-r"
            } ${b.outlivesCa ? "outline-2 outline-amber-500 outline-dashed outline-offset-1" : ""}`}
            style={{ left: `${b.left}%`, width: `${Math.max(0.4, b.right - b.left)}%` }}
          />
        ) : (
          <span className="absolute top-0 left-1 text-[10px] text-zinc-400 italic">not issued</span>
        )}
        {b.renewal !== undefined ? (
          <div
            data-testid="timeline-renewal"
            className="absolute top-0 h-4 w-0.5 rounded bg-amber-500 dark:bg-amber-400"
            style={{ left: `${b.renewal}%` }}
          />
        ) : null}
      </div>
    </li>
  );
}

/**
 * Every certificate as a bar from notBefore to notAfter on one time axis, with renewal marks and
 * a "now" line; grouped by issuer or namespace; zoom from a day to a year. CA certificates are
 * violet; a leaf that outlives its CA issuer's CA is outlined and flagged.
 */
export function ExpiryTimeline() {
  const certs = useAllCertificates();
  const issuers = useIssuers();
  // Unmanaged TLS Secrets too: nothing renews them (left out when Secrets cannot be read).
  const unmanaged = useTlsSecrets({ managed: false });
  const [zoom, setZoom] = useState<TimelineZoom>("3m");
  const [groupBy, setGroupBy] = useState<TimelineGroupBy>("issuer");
  // "now" is taken when the data changes (and on zoom), not every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: recompute "now" with fresh data
  const now = useMemo(() => new Date(), [certs.data, zoom]);
  const layout = useMemo(
    () =>
      certs.data
        ? layoutTimeline(
            certs.data.items,
            issuers.data?.items ?? [],
            { now, zoom, groupBy },
            unmanaged.data?.items ?? [],
          )
        : undefined,
    [certs.data, issuers.data, unmanaged.data, now, zoom, groupBy],
  );
  const outliving = layout?.groups.flatMap((g) => g.bars).filter((b) => b.outlivesCa).length ?? 0;

  return (
    <Card data-testid="expiry-timeline" className="overflow-hidden">
      <CardHeader
        title="Expiry timeline"
        description={
          outliving > 0
            ? `${outliving} certificate${outliving === 1 ? " outlives" : "s outlive"} the CA that signed ${outliving === 1 ? "it" : "them"}`
            : "Validity of every certificate; amber marks are renewal times"
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Segmented
              label="Group by"
              value={groupBy}
              options={[
                { id: "issuer", label: "Issuer" },
                { id: "namespace", label: "Namespace" },
              ]}
              onChange={setGroupBy}
            />
            <Segmented label="Zoom" value={zoom} options={TIMELINE_ZOOMS} onChange={setZoom} />
          </div>
        }
      />
      <div className="px-5 py-4">
        {!layout ? (
          <Skeleton className="h-40 w-full" />
        ) : (
          <div className="relative">
            <div className={`grid ${LABEL_COLUMN} gap-3`}>
              <div />
              <div className="relative h-5 border-zinc-200 border-b dark:border-zinc-800">
                {layout.ticks.map((t, i) => (
                  <span
                    key={t.at}
                    data-testid="timeline-tick"
                    // On a phone every other label is left out, so labels never run into each other.
                    className={`-translate-x-1/2 absolute top-0 whitespace-nowrap text-[10px] text-zinc-400 tabular-nums dark:text-zinc-500 ${i % 2 === 1 ? "max-sm:hidden" : ""}`}
                    style={{ left: `${t.pct}%` }}
                  >
                    {tickLabel(t.at, layout.tickStep)}
                  </span>
                ))}
              </div>
            </div>
            <div className="relative">
              {/* grid lines and the now line, over the bar column only */}
              <div className={`pointer-events-none absolute inset-y-0 right-0 ${OVERLAY_LEFT}`}>
                {layout.ticks.map((t) => (
                  <div
                    key={t.at}
                    className="absolute inset-y-0 w-px bg-zinc-100 dark:bg-zinc-800/70"
                    style={{ left: `${t.pct}%` }}
                  />
                ))}
                <div
                  data-testid="timeline-now"
                  className="absolute inset-y-0 z-10 w-0.5 bg-rose-500/80"
                  style={{ left: `${layout.now}%` }}
                >
                  <span className="-translate-x-1/2 absolute -top-0.5 rounded bg-rose-500 px-1 font-medium text-[9px] text-white">
                    now
                  </span>
                </div>
              </div>
              {layout.groups.map((g) => (
                <section key={g.label} aria-label={g.label} className="pt-3">
                  <h3 className="mb-1 font-medium text-[11px] text-zinc-500 uppercase tracking-wide dark:text-zinc-400">
                    {g.label} <span className="font-normal text-zinc-400">· {g.bars.length}</span>
                  </h3>
                  <ul>
                    {g.bars.map((b) => (
                      <Bar key={b.key} b={b} showNamespace={groupBy !== "namespace"} />
                    ))}
                  </ul>
                </section>
              ))}
            </div>
            <div className="mt-4 flex flex-wrap items-center gap-4 text-[11px] text-zinc-500 dark:text-zinc-400">
              <span className="flex items-center gap-1.5">
                <span className="h-2 w-4 rounded bg-sky-500/75" /> leaf
              </span>
              <span className="flex items-center gap-1.5">
                <span className="h-2 w-4 rounded bg-violet-500/80" /> CA
              </span>
              <span className="flex items-center gap-1.5">
                <span className="h-2 w-4 rounded bg-amber-500/80" /> unmanaged Secret
              </span>
              <span className="flex items-center gap-1.5">
                <span className="h-2 w-4 rounded bg-red-500/80" /> expired
              </span>
              <span className="flex items-center gap-1.5">
                <span className="h-3 w-0.5 rounded bg-amber-500" /> renewal
              </span>
              <span className="flex items-center gap-1.5">
                <span className="h-2 w-4 rounded outline-2 outline-amber-500 outline-dashed" /> outlives its
                CA
              </span>
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}
