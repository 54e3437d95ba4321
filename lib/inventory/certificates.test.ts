import { beforeAll, describe, expect, it } from "vitest";
import type { RawCertificate } from "@/lib/k8s/certificates";
import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import type { CertificateRow } from "@/lib/types";
import { makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import {
  type CertificateQuery,
  certificateQuerySchema,
  queryCertificateRows,
  reshapeCertificate,
  type SecretLookup,
} from "./certificates";
import { parsedSecretCacheSize, parseSecretFacts, summarizeSecretFacts, summaryOf } from "./secret-certs";

const DAY = 86_400_000;
const now = new Date("2030-01-15T00:00:00Z");
let root: TestCert;
let leaf: TestCert;

beforeAll(async () => {
  root = await makeRoot("CN=test-ca", {
    notBefore: new Date(now.getTime() - 100 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
  });
  leaf = await makeLeaf(root, "CN=etcd", {
    notBefore: new Date(now.getTime() - 30 * DAY),
    notAfter: new Date(now.getTime() + 60 * DAY),
    dnsNames: ["etcd"],
  });
});

function cert(over: Partial<RawCertificate["status"]> = {}, name = "etcd-server"): RawCertificate {
  return {
    metadata: { name, namespace: "tls", labels: { app: "etcd" } },
    spec: { secretName: "etcd-secret", issuerRef: { name: "ca-issuer" }, dnsNames: ["etcd"] },
    status: {
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "Ready",
          message: "Certificate is up to date and has not expired",
        },
      ],
      notBefore: new Date(now.getTime() - 30 * DAY).toISOString(),
      notAfter: new Date(now.getTime() + 60 * DAY).toISOString(),
      renewalTime: new Date(now.getTime() + 30 * DAY).toISOString(),
      revision: 3,
      ...over,
    },
  };
}

function facts(pem: string, rv = "1"): TlsSecretFacts {
  return {
    metadata: { name: "etcd-secret", namespace: "tls", uid: "uid-1", resourceVersion: rv },
    type: "kubernetes.io/tls",
    tlsCrt: pem,
    caCrt: root.pem,
    dataKeys: ["ca.crt", "tls.crt", "tls.key"],
  };
}

const found = (): SecretLookup => ({ kind: "found", summary: summarizeSecretFacts(facts(leaf.pem)) });

describe("reshapeCertificate", () => {
  it("reads expiry from the Secret's leaf and agrees with status", () => {
    const row = reshapeCertificate(cert(), found(), now);
    expect(row).toMatchObject({
      namespace: "tls",
      name: "etcd-server",
      ready: "True",
      readyReason: "Ready",
      issuing: false,
      issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
      secretName: "etcd-secret",
      commonName: "etcd",
      dnsNames: ["etcd"],
      revision: 3,
      expiryMismatch: false,
      renewalOverdue: false,
      daysLeft: 60,
      expiryLevel: "ok",
      labels: { app: "etcd" },
    });
    expect(Date.parse(row.notAfter!)).toBe(leaf.cert.notAfter.getTime());
    expect(row.secretProblem).toBeUndefined();
  });

  it("flags a mismatch when status.notAfter differs from the Secret by more than a second", () => {
    const close = cert({ notAfter: new Date(leaf.cert.notAfter.getTime() + 900).toISOString() });
    expect(reshapeCertificate(close, found(), now).expiryMismatch).toBe(false);
    const far = cert({ notAfter: new Date(now.getTime() + 90 * DAY).toISOString() });
    const row = reshapeCertificate(far, found(), now);
    expect(row.expiryMismatch).toBe(true);
    // the Secret wins: 60 days, not 90
    expect(row.daysLeft).toBe(60);
  });

  it("falls back to status.notAfter and says why when the Secret is missing or unreadable", () => {
    const missing = reshapeCertificate(cert(), { kind: "missing" }, now);
    expect(missing.secretProblem).toBe("Secret tls/etcd-secret does not exist");
    expect(missing.notAfter).toBeUndefined();
    expect(missing.daysLeft).toBe(60);
    expect(missing.expiryLevel).toBe("ok");
    expect(missing.expiryMismatch).toBe(false);

    const forbidden = reshapeCertificate(
      cert(),
      { kind: "unreadable", problem: 'forbidden: User "viewer" cannot list secrets' },
      now,
    );
    expect(forbidden.secretProblem).toBe('forbidden: User "viewer" cannot list secrets');
    expect(forbidden.daysLeft).toBe(60);
  });

  it("reports a malformed tls.crt as the Secret problem", () => {
    const parsed = parseSecretFacts({
      ...facts("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "9"),
    });
    const row = reshapeCertificate(cert(), { kind: "found", summary: summaryOf(parsed) }, now);
    const summary = summarizeSecretFacts(
      facts("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "10"),
    );
    expect(summary.problem).toMatch(/^tls\.crt is not a valid certificate/);
    expect(row.secretProblem).toMatch(/^tls\.crt is not a valid certificate/);
    expect(row.notAfter).toBeUndefined();
  });

  it("takes not-ready reason and message, Issuing, and the renewal state from status", () => {
    const row = reshapeCertificate(
      cert({
        conditions: [
          {
            type: "Ready",
            status: "False",
            reason: "DoesNotExist",
            message: "Issuing certificate as Secret does not exist",
          },
          { type: "Issuing", status: "True", reason: "DoesNotExist" },
        ],
        renewalTime: new Date(now.getTime() - DAY).toISOString(),
      }),
      { kind: "missing" },
      now,
    );
    expect(row).toMatchObject({
      ready: "False",
      readyReason: "DoesNotExist",
      readyMessage: "Issuing certificate as Secret does not exist",
      issuing: true,
      renewalOverdue: true,
      expiryLevel: "renewal-window",
    });
  });

  it("judges expired and critical from the effective notAfter", () => {
    const expired = reshapeCertificate(
      cert({ notAfter: new Date(now.getTime() - 1).toISOString() }),
      { kind: "missing" },
      now,
    );
    expect(expired.expiryLevel).toBe("expired");
    expect(expired.daysLeft).toBe(-1);
    const critical = reshapeCertificate(
      cert({ notAfter: new Date(now.getTime() + 6 * DAY).toISOString() }),
      { kind: "missing" },
      now,
    );
    expect(critical.expiryLevel).toBe("critical");
    const noStatus = reshapeCertificate({ ...cert(), status: undefined }, { kind: "missing" }, now);
    expect(noStatus).toMatchObject({ ready: "Unknown", expiryLevel: "unknown", daysLeft: undefined });
  });
});

describe("parseSecretFacts cache", () => {
  it("summarises 5,000 Secrets the same as the full parser, and only once", () => {
    const full = parseSecretFacts(facts(leaf.pem, "500"));
    const secrets = Array.from({ length: 5000 }, (_, i) => ({
      ...facts(leaf.pem, "1"),
      metadata: { name: `s-${i}`, namespace: "tls", uid: `bulk-${i}`, resourceVersion: "1" },
    }));
    const first = secrets.map(summarizeSecretFacts);
    expect(first[0]).toEqual(summaryOf(full));
    const rows = secrets.map((f, i) => {
      const summary = summarizeSecretFacts(f);
      expect(summary).toBe(first[i]);
      return reshapeCertificate(cert({}, `c-${i}`), { kind: "found", summary }, now);
    });
    expect(rows.every((r) => r.notAfter === full.certificates[0]?.notAfter)).toBe(true);
  }, 60_000);

  it("parses a Secret once per uid+resourceVersion", () => {
    const a = parseSecretFacts(facts(leaf.pem, "42"));
    const before = parsedSecretCacheSize();
    expect(parseSecretFacts(facts(leaf.pem, "42"))).toBe(a);
    expect(parsedSecretCacheSize()).toBe(before);
    const b = parseSecretFacts(facts(root.pem, "43"));
    expect(b).not.toBe(a);
    expect(b.certificates[0]?.commonName).toBe("test-ca");
    expect(a.ca[0]?.commonName).toBe("test-ca");
  });
});

function row(over: Partial<CertificateRow>): CertificateRow {
  return {
    namespace: "tls",
    name: "x",
    ready: "True",
    issuing: false,
    issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
    secretName: "x-secret",
    dnsNames: [],
    isCA: false,
    expiryMismatch: false,
    renewalOverdue: false,
    expiryLevel: "ok",
    labels: {},
    ...over,
  };
}

const q = (over: Record<string, string> = {}): CertificateQuery => certificateQuerySchema.parse(over);

describe("queryCertificateRows", () => {
  const rows = [
    row({ name: "b", notAfter: "2030-03-01T00:00:00Z", dnsNames: ["api.example.com"] }),
    row({
      name: "a",
      namespace: "payments",
      notAfter: "2030-02-01T00:00:00Z",
      issuerRef: { name: "le", kind: "ClusterIssuer" },
    }),
    row({ name: "c", ready: "False", expiryLevel: "expired", notAfter: "2030-01-01T00:00:00Z" }),
    row({
      name: "d",
      issuing: true,
      renewalOverdue: true,
      expiryMismatch: true,
      statusNotAfter: "2030-04-01T00:00:00Z",
    }),
    row({ name: "e", expiryLevel: "critical", notAfter: "2030-01-20T00:00:00Z", secretName: "legacy" }),
  ];

  it("filters by namespace, text, issuer and state", () => {
    expect(queryCertificateRows(rows, q({ namespace: "payments" })).items.map((r) => r.name)).toEqual(["a"]);
    expect(queryCertificateRows(rows, q({ q: "API.example" })).items.map((r) => r.name)).toEqual(["b"]);
    expect(queryCertificateRows(rows, q({ q: "legacy" })).items.map((r) => r.name)).toEqual(["e"]);
    expect(queryCertificateRows(rows, q({ issuer: "le" })).items.map((r) => r.name)).toEqual(["a"]);
    const state = (s: string) =>
      queryCertificateRows(rows, q({ state: s, sort: "name" })).items.map((r) => r.name);
    expect(state("not-ready")).toEqual(["c"]);
    expect(state("ready")).toEqual(["a", "b", "d", "e"]);
    expect(state("expired")).toEqual(["c"]);
    expect(state("critical")).toEqual(["e"]);
    expect(state("issuing")).toEqual(["d"]);
    expect(state("overdue")).toEqual(["d"]);
    expect(state("mismatch")).toEqual(["d"]);
  });

  it("sorts by expiry (unknown last) both ways and pages", () => {
    const asc = queryCertificateRows(rows, q({ sort: "expires" }));
    expect(asc.items.map((r) => r.name)).toEqual(["c", "e", "a", "b", "d"]);
    const desc = queryCertificateRows(rows, q({ sort: "expires", dir: "desc" }));
    expect(desc.items.map((r) => r.name)).toEqual(["d", "b", "a", "e", "c"]);
    const page = queryCertificateRows(rows, q({ sort: "name", limit: "2", offset: "2" }));
    expect(page.items.map((r) => r.name)).toEqual(["c", "d"]);
    expect(page.total).toBe(5);
    expect(queryCertificateRows(rows, q({ sort: "state" })).items[0]?.name).toBe("c");
    expect(queryCertificateRows(rows, q({ sort: "issuer" })).items[0]?.name).toBe("b");
  });

  it("describes the unfiltered list in namespaces and issuer facets", () => {
    const res = queryCertificateRows(rows, q({ namespace: "payments" }));
    expect(res.total).toBe(1);
    expect(res.namespaces).toEqual(["payments", "tls"]);
    expect(res.facets.issuers).toEqual([
      { name: "ca-issuer", kind: "Issuer", count: 4 },
      { name: "le", kind: "ClusterIssuer", count: 1 },
    ]);
  });

  it("filters and sorts 5,000 rows (speed is measured by npm run bench)", () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      row({
        name: `cert-${i}`,
        namespace: `ns-${i % 50}`,
        notAfter: new Date(now.getTime() + (i % 400) * DAY).toISOString(),
      }),
    );
    const res = queryCertificateRows(many, q({ sort: "expires", q: "cert-1", limit: "5000" }));
    expect(res.total).toBe(1111);
  });
});

describe("certificateQuerySchema", () => {
  it("applies defaults", () => {
    expect(q()).toEqual({ sort: "namespace", dir: "asc", limit: 500, offset: 0 });
  });

  it("names the bad parameter", () => {
    for (const [param, value] of [
      ["limit", "5001"],
      ["limit", "0"],
      ["offset", "-1"],
      ["state", "sleepy"],
      ["sort", "color"],
      ["dir", "up"],
      ["namespace", "Not_A_Namespace"],
    ] as const) {
      const res = certificateQuerySchema.safeParse({ [param]: value });
      expect(res.success, `${param}=${value}`).toBe(false);
      expect(res.error?.issues[0]?.path).toEqual([param]);
    }
  });
});
