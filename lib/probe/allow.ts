import net from "node:net";
import type { AllowPattern } from "./settings";

/** Why a probe target was refused, or ok. */
export type TargetCheck = { ok: true } | { ok: false; message: string };

/**
 * Ranges the probe never connects to, whatever `TRUSTDECK_PROBE_ALLOW` says: link-local IPv4
 * 169.254.0.0/16 (cloud metadata at 169.254.169.254), link-local IPv6 fe80::/10, AWS's IPv6
 * metadata endpoint fd00:ec2::254, Alibaba Cloud's 100.100.100.200. Addresses are normalised first
 * (IPv4-mapped, IPv4-compatible and NAT64 64:ff9b::/96 forms become IPv4), then matched with
 * `net.BlockList`, so no textual form slips through. Source: issue 16 item 6; AWS/GCP/Azure IMDS docs.
 */
export const ALWAYS_REFUSED: readonly { address: string; prefix: number; family: "ipv4" | "ipv6" }[] = [
  { address: "169.254.0.0", prefix: 16, family: "ipv4" },
  { address: "100.100.100.200", prefix: 32, family: "ipv4" },
  { address: "fe80::", prefix: 10, family: "ipv6" },
  { address: "fd00:ec2::254", prefix: 128, family: "ipv6" },
];

const refusedList = (() => {
  const list = new net.BlockList();
  for (const r of ALWAYS_REFUSED) list.addSubnet(r.address, r.prefix, r.family);
  return list;
})();

/** The 16 bytes of an IPv6 address (brackets and a zone id allowed), or undefined. */
function ipv6Bytes(text: string): number[] | undefined {
  const s = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (net.isIPv6(s) === false) return undefined;
  let head = s;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted?.[1]) {
    tail.push(...dotted[1].split(".").map(Number));
    head = s.slice(0, -dotted[1].length);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const groups = (part: string) => (part ? part.split(":").filter((g) => g !== "") : []);
  const words = (list: string[]) =>
    list.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 255]);
  const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
  const leftBytes = words(groups(left ?? ""));
  const rightBytes = [...words(groups(right ?? "")), ...tail];
  const fill = 16 - leftBytes.length - rightBytes.length;
  if (fill < 0 || (right === undefined && fill !== 0)) return undefined;
  return [...leftBytes, ...new Array(fill).fill(0), ...rightBytes];
}

/**
 * The address in canonical form with its family: IPv4 for IPv4 and for IPv6 forms that carry one
 * (`::ffff:a.b.c.d` in any spelling, `::a.b.c.d`, NAT64 `64:ff9b::/96`); lower-case IPv6 otherwise.
 * Undefined when `text` is not an IP address.
 */
export function normalizeAddress(text: string): { address: string; family: "ipv4" | "ipv6" } | undefined {
  const s = text.trim().replace(/^\[|\]$/g, "");
  if (net.isIPv4(s)) return { address: s, family: "ipv4" };
  const b = ipv6Bytes(s);
  if (!b) return undefined;
  const v4 = () => ({ address: b.slice(12).join("."), family: "ipv4" as const });
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 255 && b[11] === 255) return v4(); // IPv4-mapped
  if (zero(0, 12) && !zero(12, 15)) return v4(); // IPv4-compatible (not :: or ::1)
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(); // NAT64
  const hex = [];
  for (let i = 0; i < 16; i += 2) hex.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16));
  return { address: hex.join(":"), family: "ipv6" };
}

/** True when `address` (any textual form) is in a range the probe never reaches ({@link ALWAYS_REFUSED}). */
export function isAlwaysRefused(address: string): boolean {
  const n = normalizeAddress(address);
  return !!n && refusedList.check(n.address, n.family);
}

/** Kept for callers of the old name: link-local or metadata, see {@link isAlwaysRefused}. */
export const isLinkLocal = isAlwaysRefused;

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

function portMatches(p: AllowPattern, port: number): boolean {
  return p.port === "*" || Number(p.port) === port;
}

/** Whether `address` (an IP) is in an IP-shaped pattern's CIDR range, or the pattern is `*`. */
function addressMatches(p: AllowPattern, address: string): boolean {
  if (p.kind === "any") return true;
  if (p.kind !== "cidr") return false;
  const n = normalizeAddress(address);
  if (!n || n.family !== p.family) return false;
  const list = new net.BlockList();
  list.addSubnet(p.network, p.prefix, p.family);
  return list.check(n.address, n.family);
}

/** Whether the name `host` matches a name pattern (`*` wildcards), or the pattern is `*`. */
function nameMatches(p: AllowPattern, host: string): boolean {
  if (p.kind === "any") return true;
  return p.kind === "name" && glob(p.host, host);
}

/** Whether `host:port` matches one of the allow patterns: IP literals by CIDR, names by glob. */
export function isAllowed(host: string, port: number, patterns: readonly AllowPattern[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  const ip = normalizeAddress(h) !== undefined;
  return patterns.some((p) => portMatches(p, port) && (ip ? addressMatches(p, h) : nameMatches(p, h)));
}

/**
 * Decides whether the probe may connect. No resolved address (and no IP literal) may be in
 * {@link ALWAYS_REFUSED}; an IP literal must be inside an IP pattern's range; a name must match a
 * name pattern, or else every address it resolves to must be inside an IP pattern's range (so
 * `10.*:443` covers 10.0.0.0/8, not the name `10.attacker.example`). Pure: the caller resolves the
 * name first and connects to the checked addresses only.
 */
export function checkProbeTarget(
  host: string,
  port: number,
  addresses: readonly string[],
  patterns: readonly AllowPattern[],
): TargetCheck {
  const bare = host.replace(/^\[|\]$/g, "");
  const refused = [bare, ...addresses].find(isAlwaysRefused);
  if (refused) {
    return {
      ok: false,
      message: `probe target not allowed: ${refused} is a link-local or cloud metadata address, which the probe never reaches`,
    };
  }
  if (addresses.length === 0)
    return { ok: false, message: `probe target not allowed: ${host} does not resolve` };
  const isIp = normalizeAddress(bare) !== undefined;
  const byName = !isIp && patterns.some((p) => portMatches(p, port) && nameMatches(p, bare.toLowerCase()));
  const byAddress = addresses.every((a) =>
    patterns.some((p) => portMatches(p, port) && addressMatches(p, a)),
  );
  if (!byName && !byAddress) {
    return {
      ok: false,
      message: `probe target not allowed: ${host}:${port}${
        isIp || addresses.length === 0 ? "" : ` (${addresses.join(", ")})`
      } is not in TRUSTDECK_PROBE_ALLOW (${patterns.map((p) => p.source).join(",")})`,
    };
  }
  return { ok: true };
}
