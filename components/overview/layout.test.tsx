import { describe, expect, it } from "vitest";
import type { CertificateRow, IssuerRow, TlsSecretRow } from "@/lib/types";
import { heatLevel, layoutHeatmap } from "./heatmap-layout";
import { layoutTimeline, UNMANAGED_GROUP } from "./timeline-layout";

const now = new Date("2026-03-10T12:00:00Z");
const row = (over: Partial<CertificateRow>): CertificateRow => ({
  namespace: "tls",
  name: "x",
  ready: "True",
  issuing: false,
  issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
  secretName: "x",
  dnsNames: [],
  isCA: false,
  expiryMismatch: false,
  renewalOverdue: false,
  expiryLevel: "ok",
  labels: {},
  ...over,
});
const caIssuer: IssuerRow = {
  kind: "Issuer",
  namespace: "tls",
  name: "ca-issuer",
  type: "ca",
  ready: "True",
  ca: { subject: "CN=root", notAfter: "2026-04-01T00:00:00Z", daysLeft: 21, expiryLevel: "ok" },
};

describe("layoutTimeline", () => {
  const rows = [
    row({
      name: "leaf",
      notBefore: "2026-03-01T00:00:00Z",
      notAfter: "2026-05-01T00:00:00Z",
      renewalTime: "2026-03-20T00:00:00Z",
    }),
    row({
      name: "root",
      isCA: true,
      issuerRef: { name: "selfsigned", kind: "ClusterIssuer" },
      notBefore: "2026-01-01T00:00:00Z",
      notAfter: "2027-01-01T00:00:00Z",
    }),
    row({
      namespace: "payments",
      name: "ok-leaf",
      notBefore: "2026-03-09T00:00:00Z",
      notAfter: "2026-03-25T00:00:00Z",
    }),
    row({ name: "never-issued" }),
  ];

  it("places one bar per certificate with now at 25 % and the renewal marked", () => {
    const t = layoutTimeline(rows, [caIssuer], { now, zoom: "1m", groupBy: "issuer" });
    expect(t.groups.flatMap((g) => g.bars)).toHaveLength(4);
    expect(t.now).toBeCloseTo(25);
    const leaf = t.groups.flatMap((g) => g.bars).find((b) => b.name === "leaf")!;
    // span 30 d, start = now - 7.5 d = 2026-03-03T00:00Z: notBefore is before the axis
    expect(leaf.clippedStart).toBe(true);
    expect(leaf.left).toBe(0);
    expect(leaf.clippedEnd).toBe(true);
    expect(leaf.right).toBe(100);
    expect(leaf.renewal).toBeCloseTo((17 / 30) * 100);
    const ok = t.groups.flatMap((g) => g.bars).find((b) => b.name === "ok-leaf")!;
    expect(ok.left).toBeCloseTo((6 / 30) * 100);
    expect(ok.right).toBeCloseTo((22 / 30) * 100);
    expect(t.groups.flatMap((g) => g.bars).find((b) => b.name === "never-issued")!.left).toBeUndefined();
  });

  it("flags a leaf that outlives its CA issuer's CA, never the CA itself", () => {
    const bars = layoutTimeline(rows, [caIssuer], { now, zoom: "1y", groupBy: "issuer" }).groups.flatMap(
      (g) => g.bars,
    );
    expect(bars.find((b) => b.name === "leaf")!.outlivesCa).toBe("2026-04-01T00:00:00Z");
    expect(bars.find((b) => b.name === "root")!.outlivesCa).toBeUndefined();
    // payments/ok-leaf names tls's issuer in another namespace: no match
    expect(bars.find((b) => b.name === "ok-leaf")!.outlivesCa).toBeUndefined();
  });

  it("groups by issuer or namespace, CAs first", () => {
    const byIssuer = layoutTimeline(rows, [], { now, zoom: "1w", groupBy: "issuer" });
    expect(byIssuer.groups.map((g) => g.label)).toEqual([
      "ClusterIssuer selfsigned",
      "Issuer payments/ca-issuer",
      "Issuer tls/ca-issuer",
    ]);
    const byNs = layoutTimeline(rows, [], { now, zoom: "1w", groupBy: "namespace" });
    expect(byNs.groups.map((g) => g.label)).toEqual(["payments", "tls"]);
    expect(byNs.groups[1]!.bars[0]!.name).toBe("root");
  });

  it("adds a bar per unmanaged TLS Secret, in its own group (managed ones have their Certificate's)", () => {
    const secret = (name: string, managed: boolean): TlsSecretRow => ({
      namespace: "payments",
      name,
      managed,
      hasCa: false,
      notAfter: "2026-03-11T12:00:00Z",
      daysLeft: 1,
      expiryLevel: "critical",
    });
    const t = layoutTimeline(rows, [caIssuer], { now, zoom: "1m", groupBy: "issuer" }, [
      secret("legacy-tls", false),
      secret("x-tls", true),
    ]);
    const group = t.groups.find((g) => g.label === UNMANAGED_GROUP);
    expect(group?.bars.map((b) => [b.kind, b.name])).toEqual([["secret", "legacy-tls"]]);
    // expires a day after now: the bar ends just right of the now line
    expect(group?.bars[0]?.right).toBeGreaterThan(t.now);
    const byNs = layoutTimeline(rows, [], { now, zoom: "1m", groupBy: "namespace" }, [
      secret("legacy-tls", false),
    ]);
    expect(byNs.groups.find((g) => g.label === "payments")?.bars.map((b) => b.name)).toContain("legacy-tls");
  });

  it("picks at most 8 ticks per zoom, on the axis", () => {
    for (const zoom of ["1d", "1w", "1m", "3m", "1y"] as const) {
      const t = layoutTimeline(rows, [], { now, zoom, groupBy: "issuer" });
      expect(t.ticks.length).toBeGreaterThan(1);
      expect(t.ticks.length).toBeLessThanOrEqual(9);
      expect(t.ticks.every((k) => k.pct >= 0 && k.pct <= 100)).toBe(true);
    }
  });
});

describe("layoutHeatmap", () => {
  it("counts expiries per UTC day over the next year, Sunday-first weeks", () => {
    const h = layoutHeatmap(
      [
        row({ name: "a", notAfter: "2026-03-12T05:00:00Z" }),
        row({ name: "b", notAfter: "2026-03-12T23:00:00Z" }),
        row({ name: "c", statusNotAfter: "2026-07-01T00:00:00Z" }),
        row({ name: "expired", notAfter: "2026-03-01T00:00:00Z" }),
        row({ name: "far", notAfter: "2028-01-01T00:00:00Z" }),
      ],
      now,
    );
    const days = h.weeks.flat().filter((d) => d !== null);
    expect(days).toHaveLength(365);
    expect(h.first).toBe("2026-03-10");
    expect(h.weeks.every((w) => w.length === 7)).toBe(true);
    // 2026-03-10 is a Tuesday: Sunday and Monday of the first week are padding
    expect(h.weeks[0]!.slice(0, 2)).toEqual([null, null]);
    const marked = days.filter((d) => d.count > 0);
    expect(marked.map((d) => [d.date, d.names])).toEqual([
      ["2026-03-12", ["tls/a", "tls/b"]],
      ["2026-07-01", ["tls/c"]],
    ]);
    expect(h.total).toBe(3);
    expect(h.months[0]).toEqual({ label: "Mar", column: 0 });
    // a month starting within 3 columns of today replaces today's label (Sun 29 Mar → Wed 1 Apr)
    const late = layoutHeatmap([], new Date("2026-03-29T12:00:00Z"));
    expect(late.months[0]).toEqual({ label: "Apr", column: 0 });
    expect(h.months.map((m) => m.label)).toContain("Jul");
  });

  it("counts an unmanaged Secret under its label", () => {
    const h = layoutHeatmap(
      [
        {
          namespace: "payments",
          name: "legacy",
          notAfter: "2026-03-11T12:00:00Z",
          label: "Secret payments/legacy",
        },
      ],
      now,
    );
    const day = h.weeks.flat().find((d) => d?.date === "2026-03-11");
    expect(day?.names).toEqual(["Secret payments/legacy"]);
    expect(h.total).toBe(1);
  });

  it("colours by count", () => {
    expect([0, 1, 2, 3, 4, 5, 40].map(heatLevel)).toEqual([0, 1, 2, 3, 3, 4, 4]);
  });
});
