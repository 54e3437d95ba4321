"use client";

import { useSyncExternalStore } from "react";

interface Toast {
  id: number;
  tone: "success" | "error" | "info";
  message: string;
}

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

/** Shows a short message in the corner for 6 seconds (announced to screen readers). */
export function showToast(message: string, tone: Toast["tone"] = "success"): void {
  const id = next++;
  toasts = [...toasts, { id, tone, message }];
  emit();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    emit();
  }, 6000);
}

const TONE = {
  success:
    "border-emerald-300/70 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-950 dark:text-emerald-200",
  error: "border-red-300/70 bg-red-50 text-red-900 dark:border-red-500/30 dark:bg-red-950 dark:text-red-200",
  info: "border-sky-300/70 bg-sky-50 text-sky-900 dark:border-sky-500/30 dark:bg-sky-950 dark:text-sky-200",
};

/** Where toasts appear; mounted once in the app frame. */
export function Toaster() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
    () => toasts,
  );
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-[60] flex flex-col gap-2">
      {list.map((t) => (
        <div
          key={t.id}
          role="status"
          data-testid="toast"
          data-tone={t.tone}
          className={`pointer-events-auto max-w-sm rounded-lg border px-4 py-2.5 text-sm shadow-lg ${TONE[t.tone]}`}
        >
          {t.message}
        </div>
      ))}
    </div>
  );
}
