/**
 * Which mutations change nothing in the cluster, so that read-only mode (`TRUSTDECK_READ_ONLY`)
 * still allows them: previews (`…/preview`), switching the kubeconfig context (a cookie), and bulk
 * renew, whose route refuses a real run itself and allows the dry run. Pure; no `server-only`
 * import (proxy.ts). Source: issue 16 item 12.
 */

/** True when `method pathname` is a request read-only mode lets through. */
export function changesNothing(method: string, pathname: string): boolean {
  if (method.toUpperCase() !== "POST") return false;
  if (pathname === "/api/contexts") return true;
  if (pathname === "/api/certificates/renew") return true; // the route allows dryRun only
  return pathname.startsWith("/api/") && pathname.endsWith("/preview");
}
