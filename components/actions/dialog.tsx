"use client";

import { type ReactNode, useEffect, useRef } from "react";
import { XIcon } from "@/components/ui/icons";

/** A modal built on <dialog>: focus trap, Escape and backdrop come from the platform. */
export function ActionDialog({
  open,
  onClose,
  title,
  children,
  testId,
  wide = false,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      data-testid={testId}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      className={`m-auto w-[calc(100%-2rem)] ${wide ? "max-w-2xl" : "max-w-lg"} rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {open ? (
        <div>
          <div className="flex items-center justify-between gap-4 border-zinc-200 border-b px-5 py-3.5 dark:border-zinc-800">
            <h2 id={testId ? `${testId}-title` : undefined} className="font-semibold text-sm">
              {title}
            </h2>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <XIcon size={16} />
            </button>
          </div>
          <div className="space-y-4 px-5 py-4 text-sm">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

/** A line of help or status inside a dialog, toned by outcome. */
export function Notice({
  tone,
  children,
  testId,
}: {
  tone: "info" | "success" | "error" | "warning";
  children: ReactNode;
  testId?: string;
}) {
  const tones = {
    info: "border-sky-300/70 bg-sky-50 text-sky-900 dark:border-sky-500/30 dark:bg-sky-500/[0.07] dark:text-sky-200",
    success:
      "border-emerald-300/70 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/[0.07] dark:text-emerald-200",
    error:
      "border-red-300/70 bg-red-50 text-red-900 dark:border-red-500/30 dark:bg-red-500/[0.07] dark:text-red-200",
    warning:
      "border-amber-300/70 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/[0.07] dark:text-amber-200",
  };
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={`rounded-lg border px-3 py-2 text-sm ${tones[tone]}`}
    >
      {children}
    </div>
  );
}

/** Why a button is disabled, shown next to it (not only in a tooltip). */
export function DeniedReason({
  reason,
  testId = "action-denied-reason",
}: {
  reason?: string;
  testId?: string;
}) {
  if (!reason) return null;
  return (
    <p data-testid={testId} className="max-w-md text-right text-xs text-amber-700 dark:text-amber-400">
      {reason}
    </p>
  );
}
