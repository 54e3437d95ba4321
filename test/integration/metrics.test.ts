import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/export/certificates.csv/route";
import { GET as exportJson } from "@/app/api/export/certificates.json/route";
import { GET as exportIcs } from "@/app/api/export/expiries.ics/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { GET as trustReport } from "@/app/api/trust/report/route";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { stopAllWatches } from "@/lib/k8s/watch-cache";
import type { CertificateRow } from "@/lib/types";
import { KUBECONFIG, kubectl, secretLeafNotAfter } from "./helpers/kubectl";

// /api/metrics and the exports against the real local control plane, checked against kubectl + node:crypto.
interface Seeded {
  namespace: string;
  name: string;
  secretName: string;
  issuer: string;
  issuerKind: string;
}

function seededCertificates(): Seeded[] {
  const list = JSON.parse(kubectl(["get", "certificates", "-n", "tls", "-o", "json"])) as {
    items: {
      metadata: { namespace: string; name: string };
      spec: { secretName: string; issuerRef: { name: string; kind?: string } };
    }[];
  };
  const payments = JSON.parse(
    kubectl(["get", "certificates", "-n", "payments", "-o", "json"]),
  ) as typeof list;
  return [...list.items, ...payments.items].map((c) => ({
    namespace: c.metadata.namespace,
    name: c.metadata.name,
    secretName: c.spec.secretName,
    issuer: c.spec.issuerRef.name,
    issuerKind: c.spec.issuerRef.kind ?? "Issuer",
  }));
}

function secretExists(ns: string, name: string): boolean {
  return kubectl(["get", "secret", "-n", ns, name, "--ignore-not-found", "-o", "name"]).trim() !== "";
}

function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${metric}{`)) continue;
    const body = line.slice(metric.length + 1, line.lastIndexOf("}"));
    const got = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v))
      return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

const scrape = async () => {
  const res = await metrics(new Request("http://127.0.0.1/api/metrics"));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return res.text();
};

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_AUTH;
  resetEnvCache();
  resetKubeConfigCache();
});

afterAll(() => stopAllWatches());

describe("GET /api/metrics on the seeded cluster", () => {
  it("gives every seeded certificate an expiration equal to its Secret's certificate notAfter", async () => {
    const seeded = seededCertificates().filter((c) => secretExists(c.namespace, c.secretName));
    expect(seeded.length).toBeGreaterThanOrEqual(9);
    let text = await scrape();
    for (const c of seeded) {
      const labels = {
        namespace: c.namespace,
        name: c.name,
        issuer_name: c.issuer,
        issuer_kind: c.issuerKind,
      };
      let expected = Date.parse(secretLeafNotAfter(c.namespace, c.secretName)) / 1000;
      let got = sample(text, "trustdeck_certificate_expiration_timestamp_seconds", labels);
      if (got !== expected && c.name === "short-lived") {
        // renewed every few minutes: it may have rotated between the scrape and kubectl
        text = await scrape();
        expected = Date.parse(secretLeafNotAfter(c.namespace, c.secretName)) / 1000;
        got = sample(text, "trustdeck_certificate_expiration_timestamp_seconds", labels);
      }
      expect([c.namespace, c.name, got]).toEqual([c.namespace, c.name, expected]);
    }
  });

  it("has HELP/TYPE lines, one-hot Ready status, TLS Secret, CA, audit and watch families", async () => {
    const text = await scrape();
    for (const name of [
      "trustdeck_certificate_expiration_timestamp_seconds",
      "trustdeck_certificate_renewal_timestamp_seconds",
      "trustdeck_certificate_ready_status",
      "trustdeck_tls_secret_expiration_timestamp_seconds",
      "trustdeck_ca_certificate_expiration_timestamp_seconds",
      "trustdeck_chain_problems",
      "trustdeck_watch_restarts_total",
      "trustdeck_watch_state",
      "trustdeck_http_request_duration_seconds",
    ]) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, "m"));
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (gauge|counter|histogram)$`, "m"));
    }
    const etcd = { namespace: "tls", name: "etcd-server" };
    expect(sample(text, "trustdeck_certificate_ready_status", { ...etcd, condition: "True" })).toBe(1);
    expect(sample(text, "trustdeck_certificate_ready_status", { ...etcd, condition: "False" })).toBe(0);
    expect(
      sample(text, "trustdeck_certificate_ready_status", {
        namespace: "tls",
        name: "broken-issuer",
        condition: "True",
      }),
    ).toBe(0);
    const rootNotAfter = Date.parse(secretLeafNotAfter("tls", "root-secret")) / 1000;
    expect(
      sample(text, "trustdeck_tls_secret_expiration_timestamp_seconds", {
        namespace: "tls",
        name: "root-secret",
        managed: "true",
      }),
    ).toBe(rootNotAfter);
    expect(
      sample(text, "trustdeck_ca_certificate_expiration_timestamp_seconds", {
        namespace: "tls",
        secret: "root-secret",
        subject: "CN=selfsigned-ca",
      }),
    ).toBe(rootNotAfter);
    expect(text).toMatch(/^trustdeck_chain_problems\{severity="critical"\} \d+$/m);
    expect(text).toMatch(
      /^trustdeck_watch_state\{kind="Certificate",context="trustdeck-admin",state="\w+"\} 1$/m,
    );
    expect(text).toMatch(
      /^trustdeck_http_request_duration_seconds_count\{route="\/api\/metrics",method="GET",code="200"\} \d+$/m,
    );
  });
});

describe("metrics and the trust report agree for the same person", () => {
  const asContext = (name: string) => ({ headers: { cookie: `trustdeck-context=${name}` } });

  it.each(["trustdeck-admin", "trustdeck-viewer"])(
    "%s: chain problem counts equal /api/trust/report's",
    async (name) => {
      const text = await (await metrics(new Request("http://127.0.0.1/api/metrics", asContext(name)))).text();
      const res = await trustReport(new Request("http://127.0.0.1/api/trust/report", asContext(name)));
      expect(res.status).toBe(200);
      const report = (await res.json()) as { counts: Record<string, number>; source: string };
      // The viewer may not list Secrets: both read CertificateRequests instead (one loader, lib/trust/source.ts).
      expect(report.source).toBe(name === "trustdeck-viewer" ? "certificate-requests" : "secrets");
      for (const severity of ["critical", "warning", "info"]) {
        expect(sample(text, "trustdeck_chain_problems", { severity }), severity).toBe(
          report.counts[severity],
        );
      }
    },
  );
});

describe("exports on the seeded cluster", () => {
  let rows: CertificateRow[] = [];

  beforeAll(async () => {
    const res = await exportJson(new Request("http://127.0.0.1/api/export/certificates.json?limit=1"));
    expect(res.status).toBe(200);
    rows = ((await res.json()) as { items: CertificateRow[] }).items;
  });

  it("JSON holds one row per certificate, ignoring paging parameters", () => {
    const all = seededCertificates();
    expect(rows.map((r) => `${r.namespace}/${r.name}`).sort()).toEqual(
      expect.arrayContaining(all.map((c) => `${c.namespace}/${c.name}`).sort()),
    );
    expect(new Set(rows.map((r) => `${r.namespace}/${r.name}`)).size).toBe(rows.length);
  });

  it("CSV parses with one record per certificate and honours the list filters", async () => {
    const res = await exportCsv(new Request("http://127.0.0.1/api/export/certificates.csv"));
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => `${r.namespace}/${r.name}`).sort()).toEqual(
      rows.map((r) => `${r.namespace}/${r.name}`).sort(),
    );
    const etcd = records.find((r) => r.namespace === "tls" && r.name === "etcd-server")!;
    expect(etcd.notAfter).toBe(secretLeafNotAfter("tls", "etcd-secret"));

    const filtered = await exportCsv(
      new Request("http://127.0.0.1/api/export/certificates.csv?namespace=payments&state=ready"),
    );
    const payments = parse(await filtered.text(), { columns: true }) as Record<string, string>[];
    expect(payments.length).toBeGreaterThan(0);
    expect(payments.every((r) => r.namespace === "payments" && r.ready === "True")).toBe(true);

    const bad = await exportCsv(new Request("http://127.0.0.1/api/export/certificates.csv?state=nonsense"));
    expect(bad.status).toBe(422);
  });

  it("ICS parses with ical.js: a renewal and an expiry event per certificate", async () => {
    const res = await exportIcs(new Request("http://127.0.0.1/api/export/expiries.ics"));
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const events = new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents("vevent")
      .map((v) => new ICAL.Event(v));
    const withExpiry = rows.filter((r) => r.notAfter ?? r.statusNotAfter);
    const withRenewal = rows.filter((r) => r.renewalTime);
    expect(events.filter((e) => e.summary.startsWith("Expiry:"))).toHaveLength(withExpiry.length);
    expect(events.filter((e) => e.summary.startsWith("Renewal:"))).toHaveLength(withRenewal.length);
    const etcd = events.find((e) => e.summary === "Expiry: certificate tls/etcd-server")!;
    expect(etcd.startDate.toJSDate().toISOString()).toBe(secretLeafNotAfter("tls", "etcd-secret"));
  });
});
