/**
 * In-memory token buckets (per process). State lives on `globalThis` so the proxy and the route
 * bundles share it. No `server-only` import: `proxy.ts` imports this module.
 */

/** `capacity` requests at once, refilled evenly over `perMs` (e.g. 10 per 60 000 ms). */
export interface RateLimitRule {
  capacity: number;
  perMs: number;
}

/** Failed sign-in attempts per client address. */
export const SIGNIN_LIMIT: RateLimitRule = { capacity: 10, perMs: 60_000 };
/**
 * Failed sign-in attempts for the whole process (bounds guessing from rotating addresses): once
 * spent, an address that has already failed waits; a first attempt from an address is still checked.
 */
export const SIGNIN_GLOBAL_LIMIT: RateLimitRule = { capacity: 60, perMs: 60_000 };
/** Endpoint probes per session. */
export const PROBE_LIMIT: RateLimitRule = { capacity: 30, perMs: 60_000 };

/** Outcome of {@link takeToken}. */
export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updated: number;
}

const MAX_KEYS = 50_000;
const STATE_KEY = Symbol.for("trustdeck.rate-limit.state");

function buckets(): Map<string, Bucket> {
  const g = globalThis as unknown as Record<symbol, Map<string, Bucket> | undefined>;
  let m = g[STATE_KEY];
  if (!m) {
    m = new Map();
    g[STATE_KEY] = m;
  }
  return m;
}

/**
 * Takes one token from bucket `name`/`key` under `rule`.
 * @returns ok with the tokens left, or the whole seconds until one token is available again.
 */
export function takeToken(name: string, key: string, rule: RateLimitRule, now = Date.now()): RateLimitResult {
  const m = buckets();
  const id = `${name}\u0000${key}`;
  const ratePerMs = rule.capacity / rule.perMs;
  let b = m.get(id);
  if (b) {
    b.tokens = Math.min(rule.capacity, b.tokens + (now - b.updated) * ratePerMs);
    b.updated = now;
    m.delete(id); // re-insert: Map order doubles as least-recently-used order
  } else {
    if (m.size >= MAX_KEYS) {
      const oldest = m.keys().next();
      if (!oldest.done) m.delete(oldest.value);
    }
    b = { tokens: rule.capacity, updated: now };
  }
  m.set(id, b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return { ok: true, remaining: Math.floor(b.tokens) };
  }
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
}

/**
 * The tokens bucket `name`/`key` holds under `rule` at `now`, without taking one (a bucket never
 * used is full).
 */
export function peekTokens(name: string, key: string, rule: RateLimitRule, now = Date.now()): number {
  const b = buckets().get(`${name}\u0000${key}`);
  if (!b) return rule.capacity;
  return Math.min(rule.capacity, b.tokens + (now - b.updated) * (rule.capacity / rule.perMs));
}

/** Whole seconds until bucket `name`/`key` holds one token again (0 when it holds one now). */
export function secondsUntilToken(name: string, key: string, rule: RateLimitRule, now = Date.now()): number {
  const tokens = peekTokens(name, key, rule, now);
  if (tokens >= 1) return 0;
  return Math.max(1, Math.ceil(((1 - tokens) * rule.perMs) / rule.capacity / 1000));
}

/** Empties every bucket (tests). */
export function resetRateLimits(): void {
  buckets().clear();
}
