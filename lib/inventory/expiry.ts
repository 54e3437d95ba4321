import type { ExpiryLevel } from "@/lib/types";

export const DAY_MS = 86_400_000;
/** Below this many days left, a certificate is "critical". */
export const CRITICAL_DAYS = 7;

/** Whole days from `now` until `notAfter` (negative once expired). */
export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((Date.parse(notAfter) - now.getTime()) / DAY_MS);
}

/**
 * expired (now ≥ notAfter) / not-yet-valid (now < notBefore) / critical (< 7 days left) / renewal-window (now past `renewalTime`, or,
 * without one, inside the last third of the lifetime) / ok; unknown without a notAfter.
 */
export function expiryLevel(o: {
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  now: Date;
}): ExpiryLevel {
  if (!o.notAfter) return "unknown";
  const end = Date.parse(o.notAfter);
  if (Number.isNaN(end)) return "unknown";
  const now = o.now.getTime();
  if (now >= end) return "expired";
  if (o.notBefore) {
    const start = Date.parse(o.notBefore);
    if (!Number.isNaN(start) && now < start) return "not-yet-valid";
  }
  if (end - now < CRITICAL_DAYS * DAY_MS) return "critical";
  if (o.renewalTime) {
    const renew = Date.parse(o.renewalTime);
    if (!Number.isNaN(renew) && now > renew) return "renewal-window";
  } else if (o.notBefore) {
    const start = Date.parse(o.notBefore);
    if (!Number.isNaN(start) && end > start && now > start + ((end - start) * 2) / 3) return "renewal-window";
  }
  return "ok";
}
