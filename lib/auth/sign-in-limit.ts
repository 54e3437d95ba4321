/**
 * Sign-in rate limits, counted on failures only and keyed on the real client address.
 *
 * - The client address is the socket's peer (lib/auth/peer.ts); `X-Forwarded-For` counts only
 *   through `TRUSTDECK_TRUSTED_PROXY_HOPS` reverse proxies, read from the right (each proxy appends
 *   the address it saw), as Express's "trust proxy" count does.
 * - Only failed attempts spend tokens: {@link SIGNIN_LIMIT} per address, {@link SIGNIN_GLOBAL_LIMIT}
 *   for the process. The token is checked before the global budget decides anything: when the
 *   global budget is spent, an address with no failure on record is still checked (so a person with
 *   the right token gets in while someone else guesses), and an address that has failed waits.
 *
 * No `server-only` import: the proxy may import it. Source: issue 16 item 4.
 */
import { getEnv } from "@/lib/env";
import {
  peekTokens,
  SIGNIN_GLOBAL_LIMIT,
  SIGNIN_LIMIT,
  secondsUntilToken,
  takeToken,
} from "@/lib/security/rate-limit";
import { peerAddress } from "./peer";

/**
 * The client's address: with `hops` trusted proxies, the `hops`-th address from the right of
 * [peer, ...X-Forwarded-For] read right to left (the leftmost one when there are fewer); with 0,
 * the peer. "unknown" when the server hook did not stamp the request.
 * @param headers request headers (X-Forwarded-For, the peer stamp).
 * @param hops `TRUSTDECK_TRUSTED_PROXY_HOPS`.
 */
export function clientAddress(headers: Headers, hops = getEnv().trustedProxyHops): string {
  const chain = [peerAddress(headers) ?? "unknown"];
  if (hops > 0) {
    const xff = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .reverse();
    chain.push(...xff);
  }
  return chain[Math.min(hops, chain.length - 1)] ?? "unknown";
}

/** Outcome of {@link signInAllowed}. */
export type SignInGate = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Whether an attempt from `address` may be checked now (spends nothing).
 * @param now epoch milliseconds (tests).
 */
export function signInAllowed(address: string, now = Date.now()): SignInGate {
  const own = secondsUntilToken("signin", address, SIGNIN_LIMIT, now);
  if (own > 0) return { ok: false, retryAfterSeconds: own };
  const hasFailed = peekTokens("signin", address, SIGNIN_LIMIT, now) < SIGNIN_LIMIT.capacity;
  const global = secondsUntilToken("signin-all", "*", SIGNIN_GLOBAL_LIMIT, now);
  if (hasFailed && global > 0) return { ok: false, retryAfterSeconds: global };
  return { ok: true };
}

/** Records a failed attempt (wrong token) from `address`. */
export function recordSignInFailure(address: string, now = Date.now()): void {
  takeToken("signin", address, SIGNIN_LIMIT, now);
  takeToken("signin-all", "*", SIGNIN_GLOBAL_LIMIT, now);
}

/** The 429 message of a refused attempt. */
export function tooManySignIns(retryAfterSeconds: number): string {
  return `too many failed sign-in attempts; retry in ${retryAfterSeconds} s`;
}
