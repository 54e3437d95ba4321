/**
 * DNS-rebinding defence for the modes meant for one machine (`TRUSTDECK_AUTH=local` and `none`):
 * a page on `evil.example` whose name was re-pointed at 127.0.0.1 reaches the loopback port with
 * `Host: evil.example`. Such requests are refused before any route runs, public paths included.
 * Pure; no `server-only` import (proxy.ts). Source: issue 16 item 8; the same rule as
 * Kubernetes' `kubectl proxy --accept-hosts` default (`^localhost$,^127\.0\.0\.1$,^\[::1\]$`).
 */
import net from "node:net";
import { isLoopbackHost } from "@/lib/auth/settings";

function bareHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colons = h.split(":").length - 1;
  return colons === 1 ? (h.split(":")[0] ?? "") : h;
}

/**
 * Whether a request with this `Host` header may be answered in a one-machine mode: a loopback name
 * or address, the configured `HOST` (when it is not a wildcard), or any IP literal (a rebinding
 * attack needs a DNS name; an IP literal means the browser dialled that address itself).
 * @param host the Host header (may carry a port, IPv6 in brackets).
 * @param configuredHost `HOST` as parsed by lib/env (`127.0.0.1` by default).
 */
export function hostAllowedLocally(host: string | null | undefined, configuredHost: string): boolean {
  if (!host) return false;
  const h = bareHost(host);
  if (!h) return false;
  if (isLoopbackHost(h.includes(":") ? `[${h}]` : h)) return true;
  if (net.isIP(h)) return true;
  const configured = bareHost(configuredHost);
  return configured !== "0.0.0.0" && configured !== "::" && h === configured;
}
