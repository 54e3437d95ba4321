/**
 * Prometheus text exposition format 0.0.4: pure formatting, no I/O.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** The Content-Type of the exposition. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "gauge" | "counter" | "histogram" | "untyped";

export type Labels = Record<string, string>;

/** One sample; `suffix` is appended to the family name (`_bucket`, `_sum`, `_count`). */
export interface Sample {
  labels?: Labels;
  value: number;
  suffix?: string;
}

/** A metric family: one HELP and one TYPE line, then its samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** HELP text escaping: backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

/** Label value escaping: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

/** A sample value as Prometheus writes it (`NaN`, `+Inf`, `-Inf`, else the shortest decimal). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  if (!labels) return "";
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  for (const [k] of entries)
    if (!LABEL_NAME.test(k) || k.startsWith("__")) throw new Error(`invalid label name "${k}"`);
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

/**
 * Formats metric families as exposition text: `# HELP`, `# TYPE`, then one line per sample;
 * a trailing line feed. Families without samples still get their HELP/TYPE lines.
 * @throws Error for an invalid metric or label name (a programming error).
 */
export function formatExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const f of families) {
    if (!METRIC_NAME.test(f.name)) throw new Error(`invalid metric name "${f.name}"`);
    if (seen.has(f.name)) throw new Error(`metric family "${f.name}" appears twice`);
    seen.add(f.name);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      lines.push(`${f.name}${s.suffix ?? ""}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Cumulative histogram state for one label set. */
export interface HistogramState {
  /** Upper bounds, ascending, without +Inf. */
  buckets: readonly number[];
  /** Per bucket (same order), the count of observations ≤ the bound; not cumulative. */
  counts: number[];
  sum: number;
  count: number;
}

/** An empty histogram over `buckets`. */
export function newHistogram(buckets: readonly number[]): HistogramState {
  return { buckets, counts: buckets.map(() => 0), sum: 0, count: 0 };
}

/** Records one observation. */
export function observe(h: HistogramState, value: number): void {
  const i = h.buckets.findIndex((b) => value <= b);
  if (i >= 0) h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.sum += value;
  h.count++;
}

/** `_bucket` (cumulative, with `le`, ending in `+Inf`), `_sum` and `_count` samples of a histogram. */
export function histogramSamples(h: HistogramState, labels: Labels): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  h.buckets.forEach((bound, i) => {
    cumulative += h.counts[i] ?? 0;
    out.push({ suffix: "_bucket", labels: { ...labels, le: formatValue(bound) }, value: cumulative });
  });
  out.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: h.count });
  out.push({ suffix: "_sum", labels, value: h.sum });
  out.push({ suffix: "_count", labels, value: h.count });
  return out;
}
