import "server-only";
import packageJson from "@/package.json";
import { sessionFromCookieHeader } from "./session";
import { authMode } from "./settings";

/** What `/api/healthz` tells a caller without a session: that the app runs, and its version. */
export interface PublicHealth {
  ok: true;
  version: string;
}

/**
 * Whether the caller may read the full health report (cluster URL, context names, errors): with a
 * session, or with sign-in off (`none`, which the proxy already limits to loopback peers).
 * Strangers get {@link publicHealth}: context names carry account ids (EKS), errors carry file
 * paths, and the context cookie can name a kubeconfig entry that runs an exec plugin. Issue 16 item 8.
 */
export async function mayReadHealthDetail(req: Request): Promise<boolean> {
  return authMode() === "none" || !!(await sessionFromCookieHeader(req.headers.get("cookie")));
}

/** The body of `/api/healthz` without a session; touches neither the kubeconfig nor the cluster. */
export function publicHealth(): PublicHealth {
  return { ok: true, version: packageJson.version };
}
