import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { CertificateRequestRow, CertificateRow, TlsSecretRow } from "@/lib/types";
import {
  CERTIFICATE_CSV_COLUMNS,
  certificatesToCsv,
  csvField,
  REQUEST_CSV_COLUMNS,
  requestsToCsv,
  SECRET_CSV_COLUMNS,
  secretsToCsv,
} from "./csv";
import { buildIcs, escapeIcsText, expiryEvents, foldIcsLine } from "./ics";

function row(over: Partial<CertificateRow> = {}): CertificateRow {
  return {
    namespace: "tls",
    name: "etcd-server",
    ready: "True",
    issuing: false,
    issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
    secretName: "etcd-secret",
    dnsNames: ["etcd"],
    isCA: false,
    notBefore: "2026-01-01T00:00:00Z",
    notAfter: "2026-04-01T00:00:00Z",
    statusNotAfter: "2026-04-01T00:00:00Z",
    expiryMismatch: false,
    renewalTime: "2026-03-01T00:00:00Z",
    renewalOverdue: false,
    daysLeft: 30,
    expiryLevel: "ok",
    labels: {},
    ...over,
  };
}

describe("certificatesToCsv", () => {
  it("parses back with a real CSV parser into one record per certificate, awkward text intact", () => {
    const rows = [
      row(),
      row({
        name: "weird",
        commonName: 'quote " comma , and\r\nnewline',
        dnsNames: ["a.example", "b.example"],
        daysLeft: -3,
        readyReason: '=HYPERLINK("x")',
      }),
    ];
    const csv = certificatesToCsv(rows);
    expect(csv.endsWith("\r\n")).toBe(true);
    const records = parse(csv, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    expect(records).toHaveLength(2);
    expect(Object.keys(records[0]!)).toEqual(CERTIFICATE_CSV_COLUMNS.map((c) => c.header));
    expect(records[0]).toMatchObject({
      namespace: "tls",
      name: "etcd-server",
      notAfter: "2026-04-01T00:00:00Z",
    });
    expect(records[1]!.commonName).toBe('quote " comma , and\r\nnewline');
    expect(records[1]!.dnsNames).toBe("a.example b.example");
    // a number stays a number; formula-like text is neutralised
    expect(records[1]!.daysLeft).toBe("-3");
    expect(records[1]!.readyReason).toBe('\'=HYPERLINK("x")');
  });

  it("falls back to status.notAfter when the Secret could not be read", () => {
    const csv = certificatesToCsv([row({ notAfter: undefined, statusNotAfter: "2027-01-01T00:00:00Z" })]);
    const [rec] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rec!.notAfter).toBe("2027-01-01T00:00:00Z");
  });

  it("quotes only what needs quoting", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvField("-rf")).toBe("'-rf");
  });
});

describe("secretsToCsv and requestsToCsv", () => {
  it("write one row per item under their headers, read back by csv-parse", () => {
    const secret: TlsSecretRow = {
      namespace: "tls",
      name: "legacy, old",
      managed: false,
      hasCa: false,
      notAfter: "2026-02-01T00:00:00Z",
      daysLeft: 1,
      expiryLevel: "critical",
    };
    const parsed = parse(secretsToCsv([secret]), { columns: true }) as Record<string, string>[];
    expect(Object.keys(parsed[0] ?? {})).toEqual(SECRET_CSV_COLUMNS.map((c) => c.header));
    expect(parsed).toMatchObject([{ name: "legacy, old", managed: "false", daysLeft: "1" }]);

    const request: CertificateRequestRow = {
      namespace: "payments",
      name: "api-1",
      issuerRef: { name: "ca", kind: "ClusterIssuer" },
      approved: false,
      denied: false,
      ready: "Unknown",
    };
    const rows = parse(requestsToCsv([request, { ...request, name: "api-2", denied: true }]), {
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(REQUEST_CSV_COLUMNS.map((c) => c.header));
    expect(rows.map((r) => r.approval)).toEqual(["pending", "denied"]);
  });
});

describe("iCalendar", () => {
  const now = new Date("2026-02-01T12:00:00Z");

  it("escapes TEXT and folds long lines at 75 octets without splitting UTF-8", () => {
    expect(escapeIcsText("a;b,c\\d\ne")).toBe("a\\;b\\,c\\\\d\\ne");
    const long = `DESCRIPTION:${"é".repeat(100)}`;
    const folded = foldIcsLine(long);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replaceAll("\r\n ", "")).toBe(long);
  });

  it("has one renewal and one expiry event per certificate, parseable by ical.js", () => {
    const rows = [
      row(),
      row({
        namespace: "payments",
        name: "payments-api",
        commonName: "api; payments, «prod»",
        dnsNames: Array.from({ length: 8 }, (_, i) => `host-${i}.payments.svc.cluster.local`),
      }),
      row({ name: "no-renewal", renewalTime: undefined }),
    ];
    const ics = buildIcs(expiryEvents(rows), now);
    expect(ics.split("\r\n").every((l) => Buffer.byteLength(l, "utf8") <= 75)).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);

    const comp = new ICAL.Component(ICAL.parse(ics));
    const vevents = comp.getAllSubcomponents("vevent");
    expect(vevents).toHaveLength(5);
    const events = vevents.map((v) => new ICAL.Event(v));
    const uids = events.map((e) => e.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const v of vevents) {
      expect(v.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-02-01T12:00:00Z");
    }
    const api = events.filter((e) => e.summary.includes("payments/payments-api"));
    expect(api.map((e) => e.startDate.toJSDate().toISOString()).sort()).toEqual([
      "2026-03-01T00:00:00.000Z",
      "2026-04-01T00:00:00.000Z",
    ]);
    const expiry = api.find((e) => e.summary.startsWith("Expiry"))!;
    expect(expiry.description).toContain("api; payments, «prod»");
    expect(expiry.description).toContain("host-7.payments.svc.cluster.local");
    expect(events.filter((e) => e.summary.includes("no-renewal")).map((e) => e.summary)).toEqual([
      "Expiry: certificate tls/no-renewal",
    ]);
  });
});

describe("secretsToCsv (issue 13 e: the state travels with the export)", () => {
  it("has one row per Secret with its expiry state, and parses back as openssl-shaped dates", () => {
    const csv = secretsToCsv([
      {
        namespace: "case-10",
        name: "not-yet-valid",
        managed: false,
        hasCa: true,
        notAfter: "2027-03-10T00:00:00Z",
        daysLeft: 99,
        expiryLevel: "not-yet-valid",
        certificate: { subject: "CN=future.example.local", notBefore: "2026-12-10T00:00:00Z", isCA: false },
      } as TlsSecretRow,
    ]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      expect.objectContaining({
        namespace: "case-10",
        name: "not-yet-valid",
        managed: "false",
        subject: "CN=future.example.local",
        notBefore: "2026-12-10T00:00:00Z",
        expiryLevel: "not-yet-valid",
      }),
    ]);
    expect(Object.keys(rows[0]!)).toEqual(SECRET_CSV_COLUMNS.map((c) => c.header));
  });
});
