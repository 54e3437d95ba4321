/**
 * SNI / host matching the way APISIX picks an SSL object for a request: an exact host wins, then
 * a wildcard `*.example.com`, which covers exactly one extra label (`a.example.com`, not
 * `a.b.example.com` nor `example.com`). Matching is case-insensitive.
 */

function norm(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, "");
}

/**
 * Whether the ApisixTls host entry `pattern` covers `host`.
 * `*.example.com` matches one label only; a route host that is itself a wildcard is covered only by
 * the identical wildcard.
 */
export function hostMatches(pattern: string, host: string): boolean {
  const p = norm(pattern);
  const h = norm(host);
  if (!p || !h) return false;
  if (p === h) return true;
  if (!p.startsWith("*.") || h.startsWith("*.")) return false;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes(".");
}

/** How a host was matched: `exact` beats `wildcard`. */
export type HostMatch = { pattern: string; kind: "exact" | "wildcard" };

/** The best entry of `patterns` for `host` (exact first), or undefined. */
export function bestHostMatch(patterns: readonly string[], host: string): HostMatch | undefined {
  const exact = patterns.find((p) => norm(p) === norm(host));
  if (exact !== undefined) return { pattern: exact, kind: "exact" };
  const wildcard = patterns.find((p) => hostMatches(p, host));
  return wildcard !== undefined ? { pattern: wildcard, kind: "wildcard" } : undefined;
}

/**
 * Picks the object (e.g. ApisixTls) covering `host` among `candidates`: any exact match beats any
 * wildcard match; ties go to the first candidate (callers sort by namespace/name for stability).
 */
export function findCovering<T>(
  candidates: readonly T[],
  hostsOf: (c: T) => readonly string[],
  host: string,
): { item: T; match: HostMatch } | undefined {
  let wildcard: { item: T; match: HostMatch } | undefined;
  for (const item of candidates) {
    const m = bestHostMatch(hostsOf(item), host);
    if (!m) continue;
    if (m.kind === "exact") return { item, match: m };
    wildcard ??= { item, match: m };
  }
  return wildcard;
}
