import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

const control =
  "h-8 rounded-lg border border-zinc-200 bg-white text-sm text-zinc-900 shadow-xs outline-none transition-colors placeholder:text-zinc-400 hover:border-zinc-300 focus:border-sky-500 focus:ring-3 focus:ring-sky-500/15 dark:border-zinc-700/80 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:border-zinc-600 dark:placeholder:text-zinc-500";

export function Select({
  label,
  children,
  className = "",
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; children: ReactNode }) {
  return (
    <label className={`relative inline-flex items-center ${className}`}>
      <span className="sr-only">{label}</span>
      <select
        className={`${control} w-full cursor-pointer appearance-none bg-[length:14px] bg-[position:right_0.55rem_center] bg-no-repeat pr-8 pl-2.5`}
        style={{
          backgroundImage:
            "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%2371717a' stroke-width='2' stroke-linecap='round'%3E%3Cpath d='m7 10 5 5 5-5'/%3E%3C/svg%3E\")",
        }}
        {...props}
      >
        {children}
      </select>
    </label>
  );
}

export function TextInput({
  label,
  icon,
  className = "",
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; icon?: ReactNode }) {
  return (
    <label className={`relative inline-flex items-center ${className}`}>
      <span className="sr-only">{label}</span>
      {icon ? <span className="pointer-events-none absolute left-2.5 text-zinc-400">{icon}</span> : null}
      <input className={`${control} w-full ${icon ? "pl-8" : "pl-2.5"} pr-2.5`} {...props} />
    </label>
  );
}
