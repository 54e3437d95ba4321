import type { ReactNode } from "react";
import type { Tone } from "@/lib/format";

const TONES: Record<Tone, string> = {
  red: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-400 dark:ring-red-500/25",
  orange:
    "bg-orange-50 text-orange-700 ring-orange-600/20 dark:bg-orange-500/10 dark:text-orange-300 dark:ring-orange-500/25",
  amber:
    "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  green:
    "bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-400 dark:ring-emerald-500/25",
  blue: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-500/25",
  violet:
    "bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-500/25",
  gray: "bg-zinc-100 text-zinc-600 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-400 dark:ring-zinc-400/20",
};

const DOTS: Record<Tone, string> = {
  red: "bg-red-500",
  orange: "bg-orange-500",
  amber: "bg-amber-500",
  green: "bg-emerald-500",
  blue: "bg-sky-500",
  violet: "bg-violet-500",
  gray: "bg-zinc-400",
};

export function Badge({
  tone = "gray",
  dot = false,
  title,
  children,
  className = "",
  ...data
}: {
  tone?: Tone;
  dot?: boolean;
  title?: string;
  children: ReactNode;
  className?: string;
} & { [key: `data-${string}`]: string | undefined }) {
  return (
    <span
      title={title}
      className={`inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md px-1.5 py-0.5 font-medium text-xs ring-1 ring-inset ${TONES[tone]} ${className}`}
      {...data}
    >
      {dot ? <span className={`size-1.5 rounded-full ${DOTS[tone]}`} aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

export function StatusDot({ tone, pulse = false }: { tone: Tone; pulse?: boolean }) {
  return (
    <span className="relative inline-flex size-2">
      {pulse ? (
        <span
          className={`absolute inline-flex size-full animate-ping rounded-full opacity-60 ${DOTS[tone]}`}
        />
      ) : null}
      <span className={`relative inline-flex size-2 rounded-full ${DOTS[tone]}`} />
    </span>
  );
}
