// biome-ignore-all lint/a11y/useSemanticElements: a virtualised grid (absolutely positioned rows) cannot be a <table>; ARIA roles give it table semantics
// biome-ignore-all lint/a11y/useFocusableInteractive: rows and headers are not widgets; the row link and the sort buttons take the focus
"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { memo, useRef } from "react";
import { DaysLeft, StateBadge } from "@/components/certificates/badges";
import { ClusterBadge } from "@/components/ui/cluster";
import { ariaSortOf, SortButton } from "@/components/ui/data-table";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { CertificateSort, SortDir } from "@/lib/client/types";
import { ISSUANCE_STEP_TITLES } from "@/lib/doctor/fixes";
import { type StuckItem, stuckKey } from "@/lib/doctor/summary";
import { formatDate, formatDateTime, summarizeList } from "@/lib/format";
import type { CertificateRow } from "@/lib/types";

const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 40;
// Below 1280 px the Secret and DNS names columns give way, so Expires and Days left stay in view.
const GRID =
  "grid grid-cols-[minmax(84px,0.7fr)_minmax(140px,1.3fr)_minmax(120px,1fr)_minmax(120px,1fr)_88px_minmax(215px,1.3fr)] xl:grid-cols-[minmax(84px,0.7fr)_minmax(140px,1.3fr)_minmax(120px,1fr)_minmax(120px,1fr)_minmax(110px,0.9fr)_minmax(130px,1.1fr)_88px_minmax(215px,1.3fr)] items-center gap-x-3 px-4";
// With several clusters the first column holds the cluster above the namespace: a little wider.
const GRID_FLEET =
  "grid grid-cols-[minmax(132px,0.9fr)_minmax(140px,1.3fr)_minmax(120px,1fr)_minmax(120px,1fr)_88px_minmax(215px,1.3fr)] xl:grid-cols-[minmax(132px,0.9fr)_minmax(140px,1.3fr)_minmax(120px,1fr)_minmax(120px,1fr)_minmax(110px,0.9fr)_minmax(130px,1.1fr)_88px_minmax(215px,1.3fr)] items-center gap-x-3 px-4";
const WIDE_ONLY = "hidden xl:flex";

const COLUMNS: { label: string; sort?: CertificateSort; wideOnly?: boolean }[] = [
  { label: "Namespace", sort: "namespace" },
  { label: "Name", sort: "name" },
  { label: "State", sort: "state" },
  { label: "Issuer", sort: "issuer" },
  { label: "Secret", wideOnly: true },
  { label: "DNS names", wideOnly: true },
  { label: "Expires", sort: "expires" },
  { label: "Days left", sort: "expires" },
];

/** The expiry the table shows: the Secret's certificate when readable, else cert-manager's status. */
export function displayedNotAfter(row: CertificateRow): string | undefined {
  return row.notAfter ?? row.statusNotAfter;
}

export function certificateHref(row: Pick<CertificateRow, "namespace" | "name" | "cluster">): string {
  const href = `/certificates/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.name)}`;
  return row.cluster ? `${href}?cluster=${encodeURIComponent(row.cluster)}` : href;
}

function SortHeader({
  label,
  column,
  sort,
  dir,
  onSort,
  wideOnly,
  disabled,
}: {
  label: string;
  column?: CertificateSort;
  sort?: CertificateSort;
  dir?: SortDir;
  onSort?: (column: CertificateSort) => void;
  wideOnly?: boolean;
  disabled?: boolean;
}) {
  return (
    <span
      role="columnheader"
      aria-sort={ariaSortOf(column, sort, dir)}
      className={wideOnly ? WIDE_ONLY : "flex"}
    >
      <SortButton label={label} column={column} sort={sort} dir={dir} onSort={onSort} disabled={disabled} />
    </span>
  );
}

/** One row; memoised: a sort or a filter re-renders only the rows that came into view. */
const Row = memo(function Row({ row, stuck }: { row: CertificateRow; stuck?: StuckItem }) {
  const dns = summarizeList(row.dnsNames);
  const notAfter = displayedNotAfter(row);
  const notReady = row.ready !== "True";
  const reason = notReady ? row.readyReason : undefined;
  return (
    <Link
      href={certificateHref(row)}
      // No prefetch of every row in view: a filter or a scroll over 50,000 rows would ask the server
      // for dozens of detail pages each time. The detail page loads on the click.
      prefetch={false}
      data-testid="certificate-row"
      data-name={row.name}
      data-namespace={row.namespace}
      data-cluster={row.cluster}
      aria-label={
        row.cluster ? `${row.cluster}: ${row.namespace}/${row.name}` : `${row.namespace}/${row.name}`
      }
      className={`${row.cluster ? GRID_FLEET : GRID} h-full border-zinc-100 border-b text-sm transition-colors hover:bg-zinc-50 focus-visible:bg-sky-50 focus-visible:outline-none dark:border-zinc-800/70 dark:focus-visible:bg-sky-500/10 dark:hover:bg-zinc-800/40`}
    >
      {row.cluster ? (
        <span className="flex min-w-0 flex-col">
          <ClusterBadge cluster={row.cluster} />
          <span className="truncate text-zinc-500 dark:text-zinc-400" data-testid="cell-namespace">
            {row.namespace}
          </span>
        </span>
      ) : (
        <span className="truncate text-zinc-500 dark:text-zinc-400" data-testid="cell-namespace">
          {row.namespace}
        </span>
      )}
      <span className="flex min-w-0 items-center gap-1.5">
        <span className="truncate font-medium text-zinc-900 dark:text-zinc-100" data-testid="cell-name">
          {row.name}
        </span>
        {row.isCA ? (
          <span className="shrink-0 rounded bg-zinc-100 px-1 font-medium text-[10px] text-zinc-500 uppercase tracking-wide dark:bg-zinc-800 dark:text-zinc-400">
            CA
          </span>
        ) : null}
      </span>
      <span className="flex min-w-0 flex-col items-start gap-0.5">
        <StateBadge row={row} />
        {stuck ? (
          <span
            data-testid="state-reason"
            data-step={stuck.step}
            title={stuck.summary}
            className="max-w-full truncate text-red-600 text-xs dark:text-red-400"
          >
            <span data-testid="stuck-at">{ISSUANCE_STEP_TITLES[stuck.step]}</span>
            <span className="text-zinc-500 dark:text-zinc-400"> · {stuck.reason}</span>
          </span>
        ) : reason ? (
          <span
            data-testid="state-reason"
            title={row.readyMessage ?? reason}
            className="max-w-full truncate text-red-600 text-xs dark:text-red-400"
          >
            {reason}
            {row.readyMessage ? (
              <span className="text-zinc-500 dark:text-zinc-400"> · {row.readyMessage}</span>
            ) : null}
          </span>
        ) : row.issuing && row.ready === "True" ? (
          <span className="text-sky-600 text-xs dark:text-sky-400">Re-issuing</span>
        ) : null}
      </span>
      <span
        className="min-w-0 truncate"
        data-testid="cell-issuer"
        title={`${row.issuerRef.kind}/${row.issuerRef.name}`}
      >
        <span className="text-zinc-400 dark:text-zinc-500">{row.issuerRef.kind}/</span>
        <span className="text-zinc-700 dark:text-zinc-300">{row.issuerRef.name}</span>
      </span>
      <span
        className={`hidden min-w-0 truncate font-mono text-xs xl:block text-zinc-600 dark:text-zinc-400`}
        title={row.secretProblem}
      >
        {row.secretName}
        {row.secretProblem ? <span className="ml-1 text-amber-600 dark:text-amber-400">⚠</span> : null}
      </span>
      <span
        className={`${WIDE_ONLY} min-w-0 items-center gap-1.5`}
        title={row.dnsNames.join("\n") || undefined}
      >
        {dns.first ? (
          <>
            <span className="truncate font-mono text-xs text-zinc-700 dark:text-zinc-300">{dns.first}</span>
            {dns.more > 0 ? (
              <span className="shrink-0 rounded-full bg-zinc-100 px-1.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
                +{dns.more}
              </span>
            ) : null}
          </>
        ) : (
          <span className="text-zinc-400 dark:text-zinc-600">—</span>
        )}
      </span>
      <span
        data-testid="expires"
        data-value={notAfter}
        title={notAfter ? formatDateTime(notAfter) : undefined}
        className="text-zinc-700 tabular-nums dark:text-zinc-300"
      >
        {formatDate(notAfter)}
      </span>
      <DaysLeft row={row} compact />
    </Link>
  );
});

/** Virtualised certificate table: only the visible rows are in the DOM, so 5,000 rows scroll smoothly. */
export function CertificateTable({
  rows,
  sort,
  dir,
  onSort,
  stuck,
}: {
  rows: CertificateRow[];
  sort?: CertificateSort;
  dir?: SortDir;
  onSort?: (column: CertificateSort) => void;
  /**
   * The issuance doctor's verdicts, by `stuckKey` (`namespace/name`, `cluster|` first in a fleet):
   * the State cell then names the failing step.
   */
  stuck?: ReadonlyMap<string, StuckItem>;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const hydrated = useHydrated();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Before the table is measured (the server's render, hydration): a laptop screen's worth of rows.
    initialRect: { width: 1440, height: 900 },
    // Keys by position (the default): every row is ROW_HEIGHT tall, so the item list is rebuilt only
    // when the count changes, not on every sort or render (a key per row cost a string for each of
    // 50,000 rows each time). Rows themselves are memoised by their object.
  });
  const total = virtualizer.getTotalSize();

  return (
    <div
      ref={scrollRef}
      data-testid="certificate-table"
      data-count={rows.length}
      role="table"
      aria-label="Certificates"
      aria-rowcount={rows.length + 1}
      className="scroll-thin max-h-[calc(100dvh-17rem)] min-h-[12rem] overflow-auto"
      style={{ height: HEADER_HEIGHT + rows.length * ROW_HEIGHT + 2 }}
    >
      <div className="min-w-[880px] xl:min-w-[1100px]">
        <div
          role="row"
          className={`${rows[0]?.cluster ? GRID_FLEET : GRID} sticky top-0 z-10 border-zinc-200 border-b bg-zinc-50/95 font-medium text-[11px] text-zinc-500 uppercase tracking-wider backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95 dark:text-zinc-400`}
          style={{ height: HEADER_HEIGHT }}
        >
          {COLUMNS.map((col) => (
            <SortHeader
              key={col.label}
              label={col.sort === "namespace" && rows[0]?.cluster ? "Cluster · Namespace" : col.label}
              column={col.sort}
              sort={sort}
              dir={dir}
              onSort={onSort}
              wideOnly={col.wideOnly}
              disabled={!hydrated}
            />
          ))}
        </div>
        <div className="relative" style={{ height: total }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className="absolute inset-x-0 top-0"
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <Row row={row} stuck={stuck?.get(stuckKey(row))} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
