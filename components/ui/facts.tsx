import type { ReactNode } from "react";

/** Definition list laid out as a label/value grid. */
export function Facts({ children, columns = 2 }: { children: ReactNode; columns?: 1 | 2 | 3 }) {
  const cols = columns === 3 ? "sm:grid-cols-2 xl:grid-cols-3" : columns === 2 ? "sm:grid-cols-2" : "";
  return <dl className={`grid gap-x-8 gap-y-4 ${cols}`}>{children}</dl>;
}

export function Fact({
  label,
  children,
  wide = false,
  testId,
}: {
  label: ReactNode;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  return (
    <div className={`min-w-0 ${wide ? "sm:col-span-full" : ""}`} data-testid={testId}>
      <dt className="font-medium text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400">
        {label}
      </dt>
      <dd className="mt-1 break-words text-sm text-zinc-800 dark:text-zinc-200">{children}</dd>
    </div>
  );
}

export function Mono({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <span className={`break-all font-mono text-[12.5px] ${className}`}>{children}</span>;
}

export function Chips({ items, empty = "—" }: { items: string[]; empty?: string }) {
  if (items.length === 0) return <span className="text-zinc-400 dark:text-zinc-600">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {items.map((item) => (
        <span
          key={item}
          className="rounded-md border border-zinc-200 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:border-zinc-700/70 dark:bg-zinc-800/60 dark:text-zinc-300"
        >
          {item}
        </span>
      ))}
    </span>
  );
}
