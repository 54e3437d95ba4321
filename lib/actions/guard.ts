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
 * Refuses a state-changing request when the server is read-only, or when a browser sent it from
 * another origin (CSRF: the `Origin` header, which browsers always send on cross-site POSTs, must
 * name this host). Requests without `Origin` (curl, scripts) pass.
 * @throws HttpError 403
 */
export function assertMayChange(req: Request): void {
  const ro = readOnlyReason();
  if (ro) throw new HttpError(403, ro);
  const origin = req.headers.get("origin");
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new HttpError(403, `cross-origin request refused: malformed Origin "${origin}"`);
  }
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  if (originHost !== host.split(",")[0]?.trim()) {
    throw new HttpError(403, `cross-origin request refused: Origin ${origin} is not this server (${host})`);
  }
}
