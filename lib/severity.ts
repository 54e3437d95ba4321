/**
 * The one severity vocabulary of findings (chain checks, trust graph, audit report, gateway hops
 * aside): worst first. Pure and client-safe.
 */

/** Every severity, worst first. */
export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Sort rank of a severity, and of "ok" (no finding) after all of them: lower is worse. */
export const SEVERITY_ORDER: Readonly<Record<Severity | "ok", number>> = {
  critical: 0,
  warning: 1,
  info: 2,
  ok: 3,
};

/** Orders findings worst first (for `Array.prototype.sort`). */
export function compareSeverity(a: Severity | "ok", b: Severity | "ok"): number {
  return SEVERITY_ORDER[a] - SEVERITY_ORDER[b];
}

/** The worse of two verdicts. */
export function worse<S extends Severity | "ok">(a: S, b: S): S {
  return SEVERITY_ORDER[a] <= SEVERITY_ORDER[b] ? a : b;
}

/** The worst severity among `items`, or "ok" when there is none. */
export function worstSeverity(items: readonly { severity: Severity }[]): Severity | "ok" {
  let w: Severity | "ok" = "ok";
  for (const i of items) w = worse(w, i.severity);
  return w;
}
