"use client";

import type { ReactNode } from "react";
import { ArrowDownIcon, ArrowUpIcon, ChevronUpDownIcon } from "@/components/ui/icons";
import { oneOf, useUrlParams } from "@/components/ui/use-url-params";

export type SortDirection = "asc" | "desc";

/** A column header: a label, and the sort key when the column sorts. */
export interface Column<K extends string = string> {
  label: string;
  sort?: K;
}

/** The header's sort button (a plain label when the column does not sort). */
export function SortButton<K extends string>({
  label,
  column,
  sort,
  dir,
  onSort,
  disabled,
}: {
  label: string;
  column?: K;
  sort?: K;
  dir?: SortDirection;
  onSort?: (column: K) => void;
  /** Shown but not yet usable (e.g. server-rendered, before hydration). */
  disabled?: boolean;
}) {
  if (!column || !onSort) return <span>{label}</span>;
  const active = sort === column;
  const Icon = active ? (dir === "desc" ? ArrowDownIcon : ArrowUpIcon) : ChevronUpDownIcon;
  return (
    <button
      type="button"
      data-testid={`sort-${label.toLowerCase().replace(/\s+/g, "-")}`}
      aria-label={`Sort by ${label}`}
      aria-pressed={active}
      disabled={disabled}
      onClick={() => onSort(column)}
      className={`-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 uppercase tracking-wider transition-colors hover:text-zinc-900 dark:hover:text-zinc-100 ${
        active ? "text-zinc-900 dark:text-zinc-100" : ""
      }`}
    >
      {label}
      <Icon size={12} className={active ? "" : "opacity-50"} />
    </button>
  );
}

/** `aria-sort` of a column header: set on every sortable column, "none" when it is not the sort. */
export function ariaSortOf<K extends string>(
  column: K | undefined,
  sort: K | undefined,
  dir: SortDirection | undefined,
): "ascending" | "descending" | "none" | undefined {
  if (!column) return undefined;
  if (sort !== column) return "none";
  return dir === "desc" ? "descending" : "ascending";
}

/**
 * Client-side sorting of a short list, kept in the URL (`?sort=&dir=`) like the certificate list's:
 * `rows` sorted by the accessor of the chosen key (strings by locale, numbers numerically, missing
 * values last), and a handler that flips the direction on a second click.
 */
export function useTableSort<T, K extends string>(
  rows: readonly T[],
  accessors: Record<K, (row: T) => string | number | undefined>,
) {
  const { get, update } = useUrlParams();
  const keys = Object.keys(accessors) as K[];
  const sort = oneOf(get("sort"), keys);
  const dir = oneOf(get("dir"), ["asc", "desc"] as const);
  let sorted = rows as T[];
  if (sort) {
    const read = accessors[sort];
    const sign = dir === "desc" ? -1 : 1;
    sorted = [...rows].sort((a, b) => {
      const x = read(a);
      const y = read(b);
      if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c * sign;
    });
  }
  const onSort = (column: K) =>
    update({ sort: column, dir: sort === column && dir !== "desc" ? "desc" : "asc" });
  return { rows: sorted, sort, dir, onSort };
}

/**
 * Plain (non-virtualised) table for short lists: conditions, requests, events, issuers. A real
 * `<table>`; sortable columns (`headers` given as `Column`s with `sort`) carry `aria-sort`.
 */
export function DataTable<K extends string = string>({
  headers,
  children,
  testId,
  minWidth = 720,
  sort,
  dir,
  onSort,
  label,
}: {
  headers: (ReactNode | Column<K>)[];
  children: ReactNode;
  testId?: string;
  minWidth?: number;
  sort?: K;
  dir?: SortDirection;
  onSort?: (column: K) => void;
  /** Accessible name of the table. */
  label?: string;
}) {
  return (
    <div className="scroll-thin overflow-x-auto">
      <table
        data-testid={testId}
        aria-label={label}
        className="w-full text-left text-sm"
        style={{ minWidth }}
      >
        <thead>
          <tr className="border-zinc-200 border-b bg-zinc-50/80 dark:border-zinc-800 dark:bg-zinc-900/80">
            {headers.map((h, i) => {
              const col = isColumn<K>(h) ? h : undefined;
              return (
                <th
                  // biome-ignore lint/suspicious/noArrayIndexKey: headers are static
                  key={i}
                  scope="col"
                  aria-sort={col && onSort ? ariaSortOf(col.sort, sort, dir) : undefined}
                  className="whitespace-nowrap px-4 py-2.5 font-medium text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400"
                >
                  {col ? (
                    <SortButton label={col.label} column={col.sort} sort={sort} dir={dir} onSort={onSort} />
                  ) : (
                    (h as ReactNode)
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">{children}</tbody>
      </table>
    </div>
  );
}

function isColumn<K extends string>(h: unknown): h is Column<K> {
  return typeof h === "object" && h !== null && "label" in h && !("$$typeof" in h);
}

export function Td({ children, className = "" }: { children?: ReactNode; className?: string }) {
  return <td className={`px-4 py-3 align-middle ${className}`}>{children}</td>;
}

export const trClass = "transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/30";
