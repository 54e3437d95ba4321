import {
  type HistogramState,
  histogramSamples,
  type MetricFamily,
  newHistogram,
  observe,
} from "./exposition";

/** Bucket bounds (seconds) of `trustdeck_http_request_duration_seconds`. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Registry {
  series: Map<string, { labels: { route: string; method: string; code: string }; h: HistogramState }>;
}

// One registry per process; on globalThis so Next dev HMR does not reset it.
const g = globalThis as typeof globalThis & { __trustdeckHttpMetrics?: Registry };
function registry(): Registry {
  g.__trustdeckHttpMetrics ??= { series: new Map() };
  return g.__trustdeckHttpMetrics;
}

/** Records one request of `route` (the route pattern, not the URL) that took `seconds`. */
export function recordHttpRequest(route: string, method: string, code: number, seconds: number): void {
  const labels = { route, method: method.toUpperCase(), code: String(code) };
  const key = `${labels.route} ${labels.method} ${labels.code}`;
  const series = registry().series;
  let entry = series.get(key);
  if (!entry) {
    entry = { labels, h: newHistogram(HTTP_DURATION_BUCKETS) };
    series.set(key, entry);
  }
  observe(entry.h, seconds);
}

/** The `trustdeck_http_request_duration_seconds` family, series sorted by route, method, code. */
export function httpMetricFamily(): MetricFamily {
  const entries = [...registry().series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    name: "trustdeck_http_request_duration_seconds",
    help: "Duration of Trustdeck API requests until the response headers, by route pattern, method and status code.",
    type: "histogram",
    samples: entries.flatMap(([, e]) => histogramSamples(e.h, e.labels)),
  };
}

/** Forgets every recorded request (tests). */
export function resetHttpMetrics(): void {
  registry().series.clear();
}
