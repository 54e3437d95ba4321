/**
 * A per-session cap on open server-sent-event streams (`TRUSTDECK_MAX_STREAMS_PER_SESSION`): each
 * stream holds a watch subscription and a socket, so one browser session (or one client address
 * without a session) may not open them without end. State lives on `globalThis` (see session.ts).
 * Source: issue 16 item 12.
 */

const STATE_KEY = Symbol.for("trustdeck.streams.open");

function open(): Map<string, number> {
  const g = globalThis as unknown as Record<symbol, Map<string, number> | undefined>;
  let m = g[STATE_KEY];
  if (!m) {
    m = new Map();
    g[STATE_KEY] = m;
  }
  return m;
}

/**
 * Counts one more open stream for `key`.
 * @returns a release function (idempotent) to call when the stream ends, or undefined when `key`
 * already holds `max` streams.
 */
export function acquireStream(key: string, max: number): (() => void) | undefined {
  const m = open();
  const n = m.get(key) ?? 0;
  if (n >= max) return undefined;
  m.set(key, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (m.get(key) ?? 1) - 1;
    if (left <= 0) m.delete(key);
    else m.set(key, left);
  };
}

/** How many streams `key` holds open. */
export function openStreams(key: string): number {
  return open().get(key) ?? 0;
}
