import type { ReactNode } from "react";

export function Card({
  children,
  className = "",
  id,
  ...data
}: { children: ReactNode; className?: string; id?: string } & {
  [key: `data-${string}`]: string | undefined;
}) {
  return (
    <div
      id={id}
      className={`rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60 ${className}`}
      {...data}
    >
      {children}
    </div>
  );
}

export function CardHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-zinc-200 border-b px-5 py-3.5 dark:border-zinc-800">
      <div className="min-w-0 flex-1 basis-52">
        <h2 className="font-semibold text-sm text-zinc-900 dark:text-zinc-100">{title}</h2>
        {description ? (
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
        ) : null}
      </div>
      {actions ? <div className="flex min-w-0 max-w-full flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
