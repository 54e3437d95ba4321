import type { ExpiryLevel } from "@/lib/types";

/** Windows the overview counts and the lists filter by (`?within=`), in days. */
export const EXPIRY_WINDOWS = ["7", "30"] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

/**
 * Whether a certificate or TLS Secret expires within `days` from now and has not expired yet:
 * `daysLeft < days` (daysLeft is whole days left, as the lists show it). Rows without a known
 * expiry (Secret missing or unreadable) are not counted. Pure.
 */
export function expiresWithin(row: { daysLeft?: number; expiryLevel: ExpiryLevel }, days: number): boolean {
  return row.expiryLevel !== "expired" && row.daysLeft !== undefined && row.daysLeft < days;
}
