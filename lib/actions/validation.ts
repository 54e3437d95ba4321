/**
 * Field validators that mirror cert-manager's webhook and the Certificate CRD. Pure and free of
 * Node-only imports: the issue form runs the very same checks in the browser.
 */

const NS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const DURATION_TOKEN = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go `time.ParseDuration` string ("2160h", "1h30m", "90m", "0.5h") into milliseconds.
 * Returns undefined when the text is not a Go duration (units are required, as in Go).
 */
export function parseGoDuration(text: string): number | undefined {
  let s = text.trim();
  if (s === "") return undefined;
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    sign = s[0] === "-" ? -1 : 1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  let ns = 0;
  DURATION_TOKEN.lastIndex = 0;
  while (DURATION_TOKEN.lastIndex < s.length) {
    const m = DURATION_TOKEN.exec(s);
    if (!m) return undefined;
    ns += Number(m[1]) * (NS_PER_UNIT[m[2] ?? ""] ?? Number.NaN);
  }
  return Number.isFinite(ns) ? (sign * ns) / 1e6 : undefined;
}

/** Milliseconds as a short Go-style duration ("1h", "1h30m", "5m", "45s"). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return "0s";
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const out = `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
  return neg ? `-${out}` : out;
}

/** cert-manager's `MinimumCertificateDuration`. */
export const MIN_DURATION_MS = 3_600_000;
/** cert-manager's `MinimumRenewBefore`. */
export const MIN_RENEW_BEFORE_MS = 300_000;
/** Default `spec.duration` (90 days) when none is given. */
export const DEFAULT_DURATION_MS = 2160 * 3_600_000;

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Why `name` is not a valid DNS name for a certificate SAN, or undefined when it is. A wildcard is
 * allowed only as the whole first label (`*.example.com`), as RFC 6125 and every issuer expect.
 */
export function dnsNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (name.length > 253) return "must be at most 253 characters";
  if (name.endsWith(".")) return "must not end with a dot";
  const labels = name.split(".");
  for (const [i, label] of labels.entries()) {
    if (label === "*") {
      if (i !== 0) return "a wildcard '*' is only allowed as the first label";
      if (labels.length < 2) return "a wildcard needs a domain after it (*.example.com)";
      continue;
    }
    if (label.includes("*")) return "a wildcard must be a whole label ('*.example.com'), not part of one";
    if (label === "") return "must not contain empty labels ('..')";
    if (label.length > 63) return `label "${label.slice(0, 20)}…" is longer than 63 characters`;
    if (!DNS_LABEL.test(label)) {
      return `label "${label}" may contain only letters, digits and '-', and must start and end with a letter or digit`;
    }
  }
  return undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** True for a dotted-quad IPv4 address (no leading zeros, as Go's net.ParseIP). */
export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** True for an IPv6 address in any textual form Go's net.ParseIP accepts (incl. `::` and a trailing IPv4). */
export function isIPv6(s: string): boolean {
  if (!s.includes(":")) return false;
  const parts = s.split("::");
  if (parts.length > 2) return false;
  const groups = (p: string) => (p === "" ? [] : p.split(":"));
  const head = groups(parts[0] ?? "");
  const tail = parts.length === 2 ? groups(parts[1] ?? "") : [];
  const all = [...head, ...tail];
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (i === all.length - 1 && g.includes(".")) {
      if (!isIPv4(g)) return false;
      count += 2;
    } else if (HEX_GROUP.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return parts.length === 2 ? count < 8 : count === 8;
}

/** True for an IPv4 or IPv6 address. */
export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** Why `s` is not an absolute URI with a scheme (as a URI SAN needs), or undefined. */
export function uriProblem(s: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s))
    return "must be an absolute URI with a scheme, e.g. spiffe://cluster.local/ns/x";
  if (/\s/.test(s)) return "must not contain spaces";
  try {
    new URL(s);
  } catch {
    return "is not a valid URI";
  }
  return undefined;
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * Why `s` is not a bare e-mail address (`user@example.com`), or undefined. Like cert-manager, a
 * display name (`Name <user@example.com>`) is refused: the value must be the address itself.
 */
export function emailProblem(s: string): string | undefined {
  if (/[<>]/.test(s) || /\s/.test(s)) {
    return "must be the address itself (user@example.com), without a display name or spaces";
  }
  const at = s.lastIndexOf("@");
  if (at <= 0 || at === s.length - 1) return "must look like user@example.com";
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (!EMAIL_LOCAL.test(local)) return `"${local}" is not a valid local part`;
  if (!(dnsNameProblem(domain) === undefined && !domain.includes("*")) && !/^\[.+\]$/.test(domain)) {
    return `"${domain}" is not a valid domain`;
  }
  return undefined;
}
