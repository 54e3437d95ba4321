import { describe, expect, it } from "vitest";
import {
  escapeLabelValue,
  formatExposition,
  formatValue,
  histogramSamples,
  newHistogram,
  observe,
} from "./exposition";

describe("formatExposition", () => {
  it("writes HELP and TYPE once per family, then escaped samples", () => {
    const text = formatExposition([
      {
        name: "trustdeck_certificate_expiration_timestamp_seconds",
        help: "Expiry\nof a \\ certificate",
        type: "gauge",
        samples: [
          { labels: { namespace: "tls", name: 'we"ird\\na\nme' }, value: 1767225600 },
          { labels: { namespace: "tls", name: "b" }, value: 1.5 },
        ],
      },
      { name: "trustdeck_empty", help: "none yet", type: "counter", samples: [] },
    ]);
    expect(text).toBe(
      [
        "# HELP trustdeck_certificate_expiration_timestamp_seconds Expiry\\nof a \\\\ certificate",
        "# TYPE trustdeck_certificate_expiration_timestamp_seconds gauge",
        'trustdeck_certificate_expiration_timestamp_seconds{namespace="tls",name="we\\"ird\\\\na\\nme"} 1767225600',
        'trustdeck_certificate_expiration_timestamp_seconds{namespace="tls",name="b"} 1.5',
        "# HELP trustdeck_empty none yet",
        "# TYPE trustdeck_empty counter",
        "",
      ].join("\n"),
    );
  });

  it("rejects invalid names and duplicate families", () => {
    expect(() => formatExposition([{ name: "bad-name", help: "", type: "gauge", samples: [] }])).toThrow();
    expect(() =>
      formatExposition([
        { name: "ok", help: "", type: "gauge", samples: [{ labels: { "a-b": "x" }, value: 1 }] },
      ]),
    ).toThrow();
    const f = { name: "dup", help: "", type: "gauge" as const, samples: [] };
    expect(() => formatExposition([f, f])).toThrow(/twice/);
  });

  it("formats special values and escapes label values", () => {
    expect(formatValue(Number.NaN)).toBe("NaN");
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe("+Inf");
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe("-Inf");
    expect(formatValue(0.25)).toBe("0.25");
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it("writes cumulative histogram buckets ending in +Inf, with _sum and _count", () => {
    const h = newHistogram([0.1, 1]);
    observe(h, 0.05);
    observe(h, 0.5);
    observe(h, 3);
    const text = formatExposition([
      { name: "d", help: "h", type: "histogram", samples: histogramSamples(h, { route: "/x" }) },
    ]);
    expect(text).toContain('d_bucket{route="/x",le="0.1"} 1\n');
    expect(text).toContain('d_bucket{route="/x",le="1"} 2\n');
    expect(text).toContain('d_bucket{route="/x",le="+Inf"} 3\n');
    expect(text).toContain('d_sum{route="/x"} 3.55\n');
    expect(text).toContain('d_count{route="/x"} 3\n');
  });
});
