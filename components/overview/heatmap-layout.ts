/** What the calendar needs of a certificate row or an unmanaged TLS Secret. */
export interface HeatmapItem {
  namespace: string;
  name: string;
  /** The Secret's notAfter, when known. */
  notAfter?: string;
  /** cert-manager's `status.notAfter` (Certificates only), used when the Secret's is unknown. */
  statusNotAfter?: string;
  /** How the item is named in the day's list; default `namespace/name`. */
  label?: string;
}

const DAY = 86_400_000;

export interface HeatmapDay {
  /** UTC date, YYYY-MM-DD. */
  date: string;
  count: number;
  /** "namespace/name" of the certificates (and labels of unmanaged Secrets) expiring that day. */
  names: string[];
  /** 0 (none) to 4 (most). */
  level: 0 | 1 | 2 | 3 | 4;
}

export interface HeatmapLayout {
  /** Columns of 7 cells (Sunday first); `null` pads days outside the range. */
  weeks: (HeatmapDay | null)[][];
  /** Month labels and the column where each month starts. */
  months: { label: string; column: number }[];
  total: number;
  first: string;
  last: string;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Colour level of a day with `count` expiries: 1, 2, 3–4, 5+. */
export function heatLevel(count: number): HeatmapDay["level"] {
  if (count <= 0) return 0;
  if (count === 1) return 1;
  if (count === 2) return 2;
  if (count <= 4) return 3;
  return 4;
}

/**
 * A GitHub-style grid of expiries over the next `days` days (UTC dates, today included): one cell
 * per day holding how many certificates expire (the Secret's notAfter, else status.notAfter) and
 * which; unmanaged TLS Secrets count too (pass them with a `label`). Pure.
 */
export function layoutHeatmap(rows: readonly HeatmapItem[], now: Date, days = 365): HeatmapLayout {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const lastDay = today + (days - 1) * DAY;
  const byDay = new Map<string, string[]>();
  for (const r of rows) {
    const na = r.notAfter ?? r.statusNotAfter;
    const t = na ? Date.parse(na) : Number.NaN;
    if (Number.isNaN(t) || t < now.getTime() || t >= lastDay + DAY) continue;
    const key = isoDay(t);
    const list = byDay.get(key) ?? [];
    list.push(r.label ?? `${r.namespace}/${r.name}`);
    byDay.set(key, list);
  }

  const weeks: (HeatmapDay | null)[][] = [];
  const months: HeatmapLayout["months"] = [];
  const gridStart = today - new Date(today).getUTCDay() * DAY;
  let total = 0;
  for (let col = 0, t = gridStart; t <= lastDay; col++) {
    const week: (HeatmapDay | null)[] = [];
    for (let d = 0; d < 7; d++, t += DAY) {
      if (t < today || t > lastDay) {
        week.push(null);
        continue;
      }
      const date = isoDay(t);
      if (date.endsWith("-01") || t === today) {
        months.push({
          label: new Date(t).toLocaleString("en", { month: "short", timeZone: "UTC" }),
          column: col,
        });
      }
      const names = (byDay.get(date) ?? []).sort();
      total += names.length;
      week.push({ date, count: names.length, names, level: heatLevel(names.length) });
    }
    weeks.push(week);
  }
  // Labels need ~3 columns: drop today's label when the next month starts right after it.
  const dedup = months.filter((m, i) => {
    const next = months[i + 1];
    return !(i === 0 && next && next.column - m.column < 3);
  });
  return { weeks, months: dedup, total, first: isoDay(today), last: isoDay(lastDay) };
}
