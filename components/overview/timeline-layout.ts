import type { CertificateRow, IssuerRow, TlsSecretRow } from "@/lib/types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Zoom presets: how much time the axis spans. */
export const TIMELINE_ZOOMS = [
  { id: "1d", label: "1 day", span: DAY },
  { id: "1w", label: "1 week", span: 7 * DAY },
  { id: "1m", label: "1 month", span: 30 * DAY },
  { id: "3m", label: "3 months", span: 91 * DAY },
  { id: "1y", label: "1 year", span: 365 * DAY },
] as const;
export type TimelineZoom = (typeof TIMELINE_ZOOMS)[number]["id"];
export type TimelineGroupBy = "issuer" | "namespace";

/** The group of unmanaged TLS Secrets when grouping by issuer (no issuer renews them). */
export const UNMANAGED_GROUP = "Unmanaged TLS Secrets (nothing renews them)";

/** Share of the axis before "now": the past is context, the future is what matters. */
const PAST_SHARE = 0.25;

export interface TimelineBar {
  key: string;
  /** A Certificate's bar, or an unmanaged TLS Secret's (nothing renews it). */
  kind: "certificate" | "secret";
  namespace: string;
  name: string;
  isCA: boolean;
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  /** Bar start and end in % of the axis, clamped to [0, 100]; undefined without dates. */
  left?: number;
  right?: number;
  /** The bar continues past the axis on that side. */
  clippedStart: boolean;
  clippedEnd: boolean;
  /** Renewal mark in % of the axis, when on the axis. */
  renewal?: number;
  /** notAfter of the issuing CA when this certificate outlives it. */
  outlivesCa?: string;
  expired: boolean;
}

export interface TimelineGroup {
  label: string;
  bars: TimelineBar[];
}

export interface TimelineLayout {
  start: number;
  end: number;
  /** Position of the "now" line, in %. */
  now: number;
  ticks: { pct: number; at: number }[];
  groups: TimelineGroup[];
  /** Step between ticks in ms (tells the renderer whether to label hours or dates). */
  tickStep: number;
}

const TICK_STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 61 * DAY];

/** notAfter of the CA behind a certificate's issuer (CA issuers only), by `kind/namespace/name`. */
export function issuerCaExpiry(issuers: readonly IssuerRow[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of issuers) {
    if (i.ca?.notAfter)
      out.set(`${i.kind}/${i.kind === "Issuer" ? (i.namespace ?? "") : ""}/${i.name}`, i.ca.notAfter);
  }
  return out;
}

function caKey(r: CertificateRow): string {
  const kind = r.issuerRef.kind === "ClusterIssuer" ? "ClusterIssuer" : "Issuer";
  return `${kind}/${kind === "Issuer" ? r.namespace : ""}/${r.issuerRef.name}`;
}

const pct = (t: number, start: number, span: number) => ((t - start) / span) * 100;
const clamp = (v: number) => Math.min(100, Math.max(0, v));

/**
 * Lays out the expiry timeline: one bar per certificate (notBefore → notAfter, the Secret's dates
 * when known) on an axis of `zoom` with "now" at 25 %, the renewal time marked, grouped by issuer
 * or namespace (groups and bars sorted by name). A leaf whose notAfter is after its CA issuer's
 * CA notAfter is flagged `outlivesCa`. Unmanaged TLS Secrets get bars too (group "Unmanaged TLS
 * Secrets", or their namespace): nothing renews them, so they matter most. Pure.
 */
export function layoutTimeline(
  rows: readonly CertificateRow[],
  issuers: readonly IssuerRow[],
  opts: { now: Date; zoom: TimelineZoom; groupBy: TimelineGroupBy },
  /** Unmanaged TLS Secrets: a bar each (leaf notBefore → notAfter), grouped apart by issuer. */
  secrets: readonly TlsSecretRow[] = [],
): TimelineLayout {
  const span = TIMELINE_ZOOMS.find((z) => z.id === opts.zoom)?.span ?? 30 * DAY;
  const nowMs = opts.now.getTime();
  const start = nowMs - span * PAST_SHARE;
  const end = start + span;
  const caExpiry = issuerCaExpiry(issuers);

  // Where a validity period sits on the axis (undefined positions without a notAfter).
  const place = (nb: number, na: number) => {
    const out: Pick<TimelineBar, "left" | "right" | "clippedStart" | "clippedEnd" | "expired"> = {
      clippedStart: false,
      clippedEnd: false,
      expired: !Number.isNaN(na) && na <= nowMs,
    };
    if (!Number.isNaN(na)) {
      const from = Number.isNaN(nb) ? start : nb;
      out.left = clamp(pct(from, start, span));
      out.right = clamp(pct(na, start, span));
      out.clippedStart = from < start;
      out.clippedEnd = na > end;
    }
    return out;
  };
  const groups = new Map<string, TimelineBar[]>();
  for (const r of rows) {
    const notAfter = r.notAfter ?? r.statusNotAfter;
    const nb = r.notBefore ? Date.parse(r.notBefore) : Number.NaN;
    const na = notAfter ? Date.parse(notAfter) : Number.NaN;
    const bar: TimelineBar = {
      key: `${r.namespace}/${r.name}`,
      kind: "certificate",
      namespace: r.namespace,
      name: r.name,
      isCA: r.isCA,
      notBefore: r.notBefore,
      notAfter,
      renewalTime: r.renewalTime,
      ...place(nb, na),
    };
    const rt = r.renewalTime ? Date.parse(r.renewalTime) : Number.NaN;
    if (!Number.isNaN(rt) && rt >= start && rt <= end) bar.renewal = pct(rt, start, span);
    const caNotAfter = r.isCA ? undefined : caExpiry.get(caKey(r));
    if (caNotAfter && !Number.isNaN(na) && na > Date.parse(caNotAfter)) bar.outlivesCa = caNotAfter;

    // Namespaced Issuers of the same name in different namespaces are different issuers.
    const issuer =
      r.issuerRef.kind === "ClusterIssuer" ? r.issuerRef.name : `${r.namespace}/${r.issuerRef.name}`;
    const label = opts.groupBy === "namespace" ? r.namespace : `${r.issuerRef.kind} ${issuer}`;
    const list = groups.get(label) ?? [];
    list.push(bar);
    groups.set(label, list);
  }

  for (const s of secrets) {
    if (s.managed) continue;
    const nb = s.certificate?.notBefore ? Date.parse(s.certificate.notBefore) : Number.NaN;
    const na = s.notAfter ? Date.parse(s.notAfter) : Number.NaN;
    const bar: TimelineBar = {
      key: `secret:${s.namespace}/${s.name}`,
      kind: "secret",
      namespace: s.namespace,
      name: s.name,
      isCA: s.certificate?.isCA ?? false,
      notBefore: s.certificate?.notBefore,
      notAfter: s.notAfter,
      ...place(nb, na),
    };
    const label = opts.groupBy === "namespace" ? s.namespace : UNMANAGED_GROUP;
    const list = groups.get(label) ?? [];
    list.push(bar);
    groups.set(label, list);
  }

  const tickStep = TICK_STEPS.find((s) => span / s <= 8) ?? 61 * DAY;
  const ticks: TimelineLayout["ticks"] = [];
  // Ticks fall on whole steps (UTC), so they stay put while "now" moves.
  for (let t = Math.ceil(start / tickStep) * tickStep; t <= end; t += tickStep) {
    ticks.push({ pct: pct(t, start, span), at: t });
  }

  return {
    start,
    end,
    now: pct(nowMs, start, span),
    ticks,
    tickStep,
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, bars]) => ({
        label,
        bars: bars.sort((a, b) => Number(b.isCA) - Number(a.isCA) || a.key.localeCompare(b.key)),
      })),
  };
}
