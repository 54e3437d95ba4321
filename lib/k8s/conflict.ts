import "server-only";
import { KubeError } from "./errors";

/** How many times a write that met a 409 Conflict is retried (with a fresh read each time). */
export const MAX_CONFLICT_RETRIES = 5;

/**
 * Runs `attempt(n)` (n = 0, 1, ...) until it does not throw a KubeError 409 Conflict, at most
 * `1 + retries` times. Each attempt must re-read the object it writes: a 409 means the
 * `resourceVersion` it sent is no longer current (optimistic concurrency, as `kubectl` retries it).
 * @throws the last 409 when every attempt conflicted; any other error at once.
 */
export async function retryOnConflict<T>(
  attempt: (n: number) => Promise<T>,
  retries: number = MAX_CONFLICT_RETRIES,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof KubeError && err.status === 409) || n >= retries) throw err;
    }
  }
}
