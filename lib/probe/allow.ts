import net from "node:net";
import type { AllowPattern } from "./settings";

/** Why a probe target was refused, or ok. */
export type TargetCheck = { ok: true } | { ok: false; message: string };

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return re.test(value);
}

/** Whether `host:port` matches one of the allow patterns. */
export function isAllowed(host: string, port: number, patterns: readonly AllowPattern[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return patterns.some((p) => glob(p.host, h) && (p.port === "*" || Number(p.port) === port));
}

/** True for IPv4 169.254.0.0/16 (cloud metadata lives at 169.254.169.254) and IPv6 fe80::/10. */
export function isLinkLocal(address: string): boolean {
  const a = address.toLowerCase();
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  if (net.isIPv4(v4)) return v4.startsWith("169.254.");
  if (net.isIPv6(a)) return /^fe[89ab][0-9a-f]:/.test(a);
  return false;
}

/**
 * Decides whether the probe may connect: the host name (or, for a name, one of its resolved
 * addresses) must match the allow list, and no resolved address may be link-local. Pure: the
 * caller resolves the name first and connects to the checked addresses only.
 */
export function checkProbeTarget(
  host: string,
  port: number,
  addresses: readonly string[],
  patterns: readonly AllowPattern[],
): TargetCheck {
  const linkLocal = [host, ...addresses].find(isLinkLocal);
  if (linkLocal) {
    return { ok: false, message: `probe target not allowed: ${linkLocal} is a link-local address` };
  }
  if (addresses.length === 0)
    return { ok: false, message: `probe target not allowed: ${host} does not resolve` };
  const allowed = isAllowed(host, port, patterns) || addresses.every((a) => isAllowed(a, port, patterns));
  if (!allowed) {
    return {
      ok: false,
      message: `probe target not allowed: ${host}:${port} is not in TRUSTDECK_PROBE_ALLOW (${patterns
        .map((p) => `${p.host.includes(":") ? `[${p.host}]` : p.host}:${p.port}`)
        .join(",")})`,
    };
  }
  return { ok: true };
}
