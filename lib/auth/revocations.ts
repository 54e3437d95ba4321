/**
 * Signed-out sessions. A sealed session cookie stays decryptable until it expires, so sign-out adds
 * the session's id to this list, which every request checks. The list lives in this process and,
 * when `TRUSTDECK_SESSION_REVOCATIONS` names a ConfigMap, in that ConfigMap too: each replica
 * writes its sign-outs there and follows it (lib/k8s/session-revocations.ts registers that shared
 * store at start), so a sign-out holds on every replica and across restarts. Entries are dropped
 * once the session would have expired anyway, which bounds the list.
 *
 * No `server-only` import: `proxy.ts` imports this module (through lib/auth/session.ts).
 */

/** A shared list (the ConfigMap): adds one id, resolving once stored. */
export interface SharedRevocations {
  add(id: string, expiresAt: number): Promise<void>;
}

interface State {
  /** session id -> when its session expires anyway (ms since the epoch). */
  revoked: Map<string, number>;
  shared?: SharedRevocations;
}

const KEY = Symbol.for("trustdeck.auth.revocations");

function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  g[KEY] ??= { revoked: new Map() };
  return g[KEY];
}

/** True when session `id` was signed out (here, or on a replica whose list reached us). */
export function isRevoked(id: string, now = Date.now()): boolean {
  const until = state().revoked.get(id);
  return until !== undefined && until > now;
}

/**
 * Signs session `id` out until `expiresAt` (ms): at once in this process, and in the shared list
 * when one is registered (awaited, so the answer to the sign-out means every replica will refuse it).
 * @throws when the shared list cannot be written (the caller reports it; this process refuses anyway).
 */
export async function revokeSession(id: string, expiresAt: number): Promise<void> {
  const s = state();
  s.revoked.set(id, expiresAt);
  await s.shared?.add(id, expiresAt);
}

/** Merges entries read from the shared list (id -> expiry ms), dropping expired ones everywhere. */
export function mergeRevocations(entries: Iterable<[string, number]>, now = Date.now()): void {
  const revoked = state().revoked;
  for (const [id, until] of entries) if (until > now) revoked.set(id, Math.max(until, revoked.get(id) ?? 0));
  for (const [id, until] of revoked) if (until <= now) revoked.delete(id);
}

/** Registers the shared list (or removes it with undefined). */
export function setSharedRevocations(shared: SharedRevocations | undefined): void {
  state().shared = shared;
}

/** Forgets every revocation and the shared list (tests). */
export function resetRevocations(): void {
  const s = state();
  s.revoked.clear();
  s.shared = undefined;
}
