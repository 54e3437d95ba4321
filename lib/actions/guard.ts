import "server-only";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";

/** Why actions are off for the whole server, or undefined when they are on. */
export function readOnlyReason(): string | undefined {
  return getEnv().readOnly
    ? "Trustdeck runs read-only (TRUSTDECK_READ_ONLY=true): actions that change the cluster are disabled"
    : undefined;
}

/**
 * Refuses a state-changing action when the server is read-only. The proxy already refuses such
 * requests (with CSRF and same-origin checks); this keeps the rule when the lib is called directly.
 * @throws HttpError 403
 */
export function assertMayChange(): void {
  const ro = readOnlyReason();
  if (ro) throw new HttpError(403, ro);
}
