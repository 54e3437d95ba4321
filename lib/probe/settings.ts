import net from "node:net";
import { z } from "zod";

/**
 * `TRUSTDECK_PROBE_ALLOW`: comma-separated `host:port` patterns the TLS probe may connect to
 * (`*` for any port). The host part is one of:
 * - `*`: any host;
 * - an IP range: an address (`127.0.0.1`, `[::1]`), CIDR (`10.0.0.0/8`, `[fd00::/8]`) or an IPv4
 *   pattern with trailing `*` octets (`10.*` = 10.0.0.0/8), matched against every resolved address;
 * - a name glob (`*.example.local`), matched against the host name asked for.
 * Default: loopback only. lib/env.ts parses the setting with `parseProbeAllow`.
 */
export const PROBE_ALLOW_SETTING = {
  name: "TRUSTDECK_PROBE_ALLOW",
  default: "127.0.0.1:*,localhost:*,[::1]:*",
  description:
    "Comma-separated host:port patterns the TLS probe may connect to: * wildcards for names, CIDR (10.0.0.0/8, 10.*) for addresses; link-local and cloud metadata addresses are always refused.",
} as const;

/** One parsed allow pattern. `source` is the text it came from. */
export type AllowPattern = { port: string; source: string } & AllowHost;

/** The host part of an allow pattern. */
export type AllowHost =
  | { kind: "any" }
  | { kind: "name"; host: string }
  | { kind: "cidr"; network: string; prefix: number; family: "ipv4" | "ipv6" };

const PATTERN = /^(\[[0-9a-fA-F:.*/]+\]|[0-9A-Za-z.*/-]+):(\*|\d{1,5})$/;

/** The host part as a pattern, or the reason it is not one. */
function parseHost(host: string): AllowHost | string {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "*") return { kind: "any" };
  const [addr = "", prefixText, extra] = h.split("/");
  if (extra !== undefined) return "has more than one /";
  const family = net.isIPv4(addr) ? "ipv4" : net.isIPv6(addr) ? "ipv6" : undefined;
  if (family) {
    const max = family === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return `prefix must be 0 to ${max}`;
    return { kind: "cidr", network: addr, prefix, family };
  }
  if (prefixText !== undefined) return "CIDR needs an IP address before the /";
  if (/^[\d*]+(\.[\d*]+)*$/.test(h)) {
    // IPv4-shaped: whole octets, `*` only after the fixed ones (10.*, 10.1.*.*).
    const octets = h.split(".");
    const fixed = octets.indexOf("*");
    const n = fixed < 0 ? octets.length : fixed;
    if (octets.length > 4 || octets.slice(n).some((o) => o !== "*") || (fixed < 0 && n !== 4)) {
      return "an IPv4 pattern is a.b.c.d with * only for trailing octets (10.*), or CIDR (10.0.0.0/8)";
    }
    const network = [...octets.slice(0, n), "0", "0", "0", "0"].slice(0, 4).join(".");
    if (!net.isIPv4(network)) return "is not an IPv4 address";
    return { kind: "cidr", network, prefix: n * 8, family: "ipv4" };
  }
  if (h.includes(":")) return "is not an IPv6 address (write it in brackets, CIDR allowed: [fd00::/8])";
  return { kind: "name", host: h };
}

const allowSchema = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const raw = v?.trim() ? v : PROBE_ALLOW_SETTING.default;
    const out: AllowPattern[] = [];
    for (const part of raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = PATTERN.exec(part);
      if (!m) {
        ctx.addIssue({
          code: "custom",
          message: `TRUSTDECK_PROBE_ALLOW: "${part}" is not host:port (use * for any port)`,
        });
        return z.NEVER;
      }
      const host = parseHost(m[1] ?? "");
      if (typeof host === "string") {
        ctx.addIssue({ code: "custom", message: `TRUSTDECK_PROBE_ALLOW: "${part}": the host ${host}` });
        return z.NEVER;
      }
      out.push({ ...host, port: m[2] ?? "*", source: part });
    }
    return out;
  });

/**
 * Parses a `TRUSTDECK_PROBE_ALLOW` value (undefined or blank = the default, loopback only).
 * @throws ZodError naming the bad pattern.
 */
export function parseProbeAllow(raw: string | undefined): AllowPattern[] {
  return allowSchema.parse(raw);
}

/**
 * Parses `TRUSTDECK_PROBE_ALLOW` from an environment object (the server itself reads
 * `getEnv().probeAllow`). @throws ZodError naming the bad pattern.
 */
export function probeAllowList(source: Record<string, string | undefined>): AllowPattern[] {
  return parseProbeAllow(source.TRUSTDECK_PROBE_ALLOW);
}
