"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";
import { XIcon } from "@/components/ui/icons";

/** Closes `d` (firing its close event); without `close()` (jsdom) the caller's onClose runs directly. */
function closeDialog(d: HTMLDialogElement): void {
  if (typeof d.close === "function") d.close();
  else {
    d.removeAttribute("open");
    d.dispatchEvent(new Event("close"));
  }
}

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `d` (the browser would move on to its own UI after the last element). */
function trapTab(e: React.KeyboardEvent<HTMLDialogElement>): void {
  if (e.key !== "Tab") return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.offsetParent !== null || el === document.activeElement,
  );
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

const FOCUSABLE = "input:not([disabled]), select:not([disabled]), textarea:not([disabled])";

/**
 * The one modal dialog of the app, on the native `<dialog>` opened with `showModal()`: the page
 * behind is inert (Tab cannot leave the dialog), Escape closes it, and on close the focus goes
 * back to the element that opened it. On open the focus goes to `[data-autofocus]`, else the first
 * form control of the body, else the close button.
 *
 * Either controlled (`open`) or mounted only while shown (omit `open`).
 */
export function Dialog({
  open = true,
  onClose,
  title,
  children,
  footer,
  testId,
  size = "md",
}: {
  open?: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  size?: "md" | "lg" | "xl";
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      // jsdom (unit tests) has no showModal: open it as a plain dialog there.
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
      const first =
        d.querySelector<HTMLElement>("[data-autofocus]") ?? d.querySelector<HTMLElement>(FOCUSABLE);
      first?.focus();
    }
    if (!open && d.open) closeDialog(d);
  }, [open]);

  // Unmounting while open (the parent stopped rendering us) returns the focus too.
  useEffect(
    () => () => {
      const back = opener.current;
      if (back?.isConnected) back.focus();
    },
    [],
  );

  const width = { md: "max-w-lg", lg: "max-w-2xl", xl: "max-w-3xl" }[size];
  return (
    <dialog
      ref={ref}
      onClose={() => {
        const back = opener.current;
        if (back?.isConnected) back.focus();
        onCloseRef.current();
      }}
      onKeyDown={trapTab}
      data-testid={testId}
      aria-labelledby={titleId}
      className={`m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] ${width} overflow-hidden rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 backdrop:backdrop-blur-sm dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {open ? (
        <div className="flex max-h-[calc(100dvh-2rem)] flex-col">
          <div className="flex items-center justify-between gap-4 border-zinc-200 border-b px-5 py-3.5 dark:border-zinc-800">
            <h2 id={titleId} className="min-w-0 break-words font-semibold text-sm">
              {title}
            </h2>
            <button
              type="button"
              onClick={() => (ref.current ? closeDialog(ref.current) : onClose())}
              aria-label="Close"
              className="rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <XIcon size={16} />
            </button>
          </div>
          <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-5 py-4 text-sm">{children}</div>
          {footer ? (
            <div className="flex flex-wrap justify-end gap-2 border-zinc-200 border-t px-5 py-3 dark:border-zinc-800">
              {footer}
            </div>
          ) : null}
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
  align = "right",
}: {
  reason?: string;
  testId?: string;
  align?: "left" | "right";
}) {
  if (!reason) return null;
  return (
    <p
      data-testid={testId}
      className={`max-w-md text-xs text-amber-700 dark:text-amber-400 ${align === "right" ? "text-right" : ""}`}
    >
      {reason}
    </p>
  );
}
