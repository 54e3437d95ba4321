import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * The one control style of the app (inputs, selects, text areas): height, border, focus ring,
 * invalid state, light and dark. Every form field and filter uses it, through the components below.
 */
export const controlClass =
  "h-8 rounded-lg border border-zinc-200 bg-white text-sm text-zinc-900 shadow-xs outline-none transition-colors placeholder:text-zinc-400 hover:border-zinc-300 focus:border-sky-500 focus:ring-3 focus:ring-sky-500/15 disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-red-400 dark:border-zinc-700/80 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:border-zinc-600 dark:placeholder:text-zinc-500";

const selectArrow = {
  backgroundImage:
    "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%2371717a' stroke-width='2' stroke-linecap='round'%3E%3Cpath d='m7 10 5 5 5-5'/%3E%3C/svg%3E\")",
};
const selectClass = `${controlClass} w-full cursor-pointer appearance-none bg-[length:14px] bg-[position:right_0.55rem_center] bg-no-repeat pr-8 pl-2.5`;

/** A text input in the app's control style (full width of its container). */
export function Input({ className = "", ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${controlClass} w-full px-2.5 ${className}`} {...props} />;
}

/** A multi-line input in the app's control style. */
export function TextArea({ className = "", ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea className={`${controlClass} h-auto min-h-16 w-full px-2.5 py-1.5 ${className}`} {...props} />
  );
}

/** A native select in the app's control style, for use inside a `Field`. */
export function SelectInput({ className = "", children, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={`${selectClass} ${className}`} style={selectArrow} {...props}>
      {children}
    </select>
  );
}

/**
 * A labelled form field: visible label bound to the control `id`, then the control, then the
 * error (announced via `aria-describedby` = `${id}-error`, test id `error-${name}`) or a hint.
 */
export function Field({
  id,
  name,
  label,
  hint,
  error,
  className = "",
  children,
}: {
  id: string;
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`space-y-1 ${className}`} data-field={name}>
      <label htmlFor={id} className="block font-medium text-xs text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {error ? (
        <p
          id={`${id}-error`}
          className="text-red-600 text-xs dark:text-red-400"
          data-testid={name ? `error-${name}` : undefined}
        >
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>
      ) : null}
    </div>
  );
}

/** A compact select for filter bars: the label is for screen readers, the options speak for themselves. */
export function Select({
  label,
  children,
  className = "",
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; children: ReactNode }) {
  return (
    <label className={`relative inline-flex items-center ${className}`}>
      <span className="sr-only">{label}</span>
      <select className={selectClass} style={selectArrow} {...props}>
        {children}
      </select>
    </label>
  );
}

/** A compact select with a visible inline label (filter bars with room for words). */
export function LabelledSelect({
  label,
  children,
  className = "",
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; children: ReactNode }) {
  return (
    <label className={`flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400 ${className}`}>
      {label}
      <select className={`${selectClass} w-auto`} style={selectArrow} {...props}>
        {children}
      </select>
    </label>
  );
}

/** A compact text input for filter bars, with an optional leading icon and a screen-reader label. */
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
      <input className={`${controlClass} w-full ${icon ? "pl-8" : "pl-2.5"} pr-2.5`} {...props} />
    </label>
  );
}
