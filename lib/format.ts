import type { ExpiryLevel } from "@/lib/types";

const DAY_MS = 86_400_000;

function toDate(value: string | Date | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2027-02-26` (UTC), or an em dash when the value is missing or invalid. */
export function formatDate(value: string | Date | undefined): string {
  const date = toDate(value);
  return date ? date.toISOString().slice(0, 10) : "—";
}

/** `2027-02-26 14:03 UTC`, or an em dash when the value is missing or invalid. */
export function formatDateTime(value: string | Date | undefined): string {
  const date = toDate(value);
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

/** `2027-02-26 08:15:42 UTC`: to the second (X.509 validity has one-second precision), or an em dash. */
export function formatDateTimeSeconds(value: string | Date | undefined): string {
  const date = toDate(value);
  return date ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : "—";
}

/**
 * Whether two timestamps are the same instant (at full precision, whatever their text form); two
 * missing values are the same, one missing value is not.
 */
export function sameInstant(a: string | Date | undefined, b: string | Date | undefined): boolean {
  const x = toDate(a);
  const y = toDate(b);
  if (!x || !y) return !x && !y;
  return x.getTime() === y.getTime();
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * DAY_MS],
  ["month", 30 * DAY_MS],
  ["day", DAY_MS],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];
const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "in 12 days", "3 days ago", "just now"; days are kept up to 60 so expiry reads naturally. */
export function formatRelative(value: string | Date | undefined, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return "—";
  const diff = date.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  for (const [unit, ms] of UNITS) {
    if (unit === "month" && abs < 60 * DAY_MS) continue;
    if (unit === "year" && abs < 365 * DAY_MS) continue;
    if (abs >= ms) return relative.format(Math.trunc(diff / ms), unit);
  }
  return relative.format(Math.trunc(diff / 1000), "second");
}

/** Short age like `3d`, `5h`, `12m` for "created" columns. */
export function formatAge(value: string | Date | undefined, now: Date = new Date()): string {
  const date = toDate(value);
  if (!date) return "—";
  const secs = Math.max(0, Math.floor((now.getTime() - date.getTime()) / 1000));
  if (secs < 60) return `${secs}s`;
  if (secs < 3600) return `${Math.floor(secs / 60)}m`;
  if (secs < 86_400) return `${Math.floor(secs / 3600)}h`;
  if (secs < 365 * 86_400) return `${Math.floor(secs / 86_400)}d`;
  return `${Math.floor(secs / (365 * 86_400))}y`;
}

/** "12 days", "1 day", "today", "3 days ago"; an em dash when unknown. */
export function formatDaysLeft(daysLeft: number | undefined): string {
  if (daysLeft === undefined || Number.isNaN(daysLeft)) return "—";
  const days = Math.floor(daysLeft);
  if (days === 0) return daysLeft < 0 ? "expired today" : "today";
  const n = Math.abs(days);
  const word = n === 1 ? "day" : "days";
  return days > 0 ? `${n} ${word}` : `${n} ${word} ago`;
}

export type Tone = "red" | "orange" | "amber" | "green" | "blue" | "violet" | "gray";

export interface LevelStyle {
  label: string;
  tone: Tone;
  description: string;
}

const LEVELS: Record<ExpiryLevel, LevelStyle> = {
  expired: { label: "Expired", tone: "red", description: "The certificate is past its notAfter." },
  "not-yet-valid": {
    label: "Not yet valid",
    tone: "red",
    description: "Now is before the certificate's notBefore: clients reject it until then.",
  },
  critical: { label: "< 7 days", tone: "orange", description: "Expires within 7 days." },
  "renewal-window": {
    label: "Renewal window",
    tone: "amber",
    description: "Inside the renewal window: cert-manager should be renewing it.",
  },
  ok: { label: "OK", tone: "green", description: "Valid and outside the renewal window." },
  unknown: { label: "Unknown", tone: "gray", description: "No readable certificate to judge." },
};

/** Label, colour tone and explanation for an expiry level. */
export function expiryLevelStyle(level: ExpiryLevel): LevelStyle {
  return LEVELS[level] ?? LEVELS.unknown;
}

/** First item plus "+N" for the rest: `["a","b","c"]` → `{ first: "a", more: 2 }`. */
export function summarizeList(items: readonly string[]): { first?: string; more: number } {
  return { first: items[0], more: Math.max(0, items.length - 1) };
}

/** Splits a long hex string (fingerprint, serial) into colon-separated byte pairs. */
export function formatHex(hex: string): string {
  const clean = hex.replace(/[^0-9a-f]/gi, "").toUpperCase();
  if (!clean) return hex;
  return (clean.match(/.{1,2}/g) ?? []).join(":");
}
