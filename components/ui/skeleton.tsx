export function Skeleton({ className = "" }: { className?: string }) {
  return (
    <div className={`skeleton rounded-md bg-zinc-200/80 dark:bg-zinc-800 ${className}`} aria-hidden="true" />
  );
}

/** Placeholder rows shaped like a table while its data loads. */
export function TableSkeleton({ rows = 8, columns = 6 }: { rows?: number; columns?: number }) {
  return (
    <div
      data-testid="table-skeleton"
      aria-busy="true"
      role="status"
      aria-label="Loading"
      className="divide-y divide-zinc-100 dark:divide-zinc-800/70"
    >
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <div key={r} className="flex items-center gap-6 px-4 py-3.5">
          {Array.from({ length: columns }, (_, c) => (
            <Skeleton
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
              key={c}
              className={`h-3.5 ${c === 1 ? "w-40" : c % 3 === 0 ? "w-20" : "w-28"} ${c > 3 ? "hidden lg:block" : ""}`}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
