import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { EKU, fakePrivateKeyPem, KU, makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import { buildTrustGraph, downstreamOf, trustedBy, trustNodeId } from "./graph";
import { auditReportToCsv, buildAuditReport } from "./report";
import { secretFactsFromData } from "./secret-facts";
import type { CertificateFacts, SecretFacts, TrustGraph, TrustGraphInput } from "./types";

const NOW = new Date();
const DAY = 86_400_000;
const NS = "tls";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function tlsSecret(name: string, cert: TestCert, ca: TestCert): SecretFacts {
  return secretFactsFromData(
    NS,
    name,
    { "tls.crt": b64(cert.pem), "tls.key": b64(fakePrivateKeyPem()), "ca.crt": b64(ca.pem) },
    "kubernetes.io/tls",
  );
}

interface LeafSpec {
  name: string;
  secret: string;
  usages: string[];
  dnsNames?: string[];
  emails?: string[];
}

const LEAVES: LeafSpec[] = [
  { name: "etcd-server", secret: "etcd-secret", usages: ["client auth", "server auth"], dnsNames: ["etcd"] },
  {
    name: "apisix-client",
    secret: "apisix-client-secret",
    usages: ["client auth"],
    emails: ["apisix@apache.org"],
  },
  {
    name: "apisix-server",
    secret: "apisix-server-secret",
    usages: ["server auth"],
    dnsNames: ["admin", "apisix"],
  },
  { name: "curl-client", secret: "curl-secret", usages: ["client auth"], emails: ["curl@localhost.dev"] },
  { name: "upstream-server", secret: "upstream-secret", usages: ["server auth"], dnsNames: ["upstream"] },
];

let root: TestCert;
const leafCerts = new Map<string, TestCert>();

/** The domain.md §1 scenario, with certificates generated for this test. */
function scenario(overrides: Partial<TrustGraphInput> = {}, rootCert: TestCert = root): TrustGraphInput {
  const certificates: CertificateFacts[] = [
    {
      namespace: NS,
      name: "selfsigned-ca",
      issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
      secretName: "root-secret",
      isCA: true,
      usages: [],
      commonName: "selfsigned-ca",
    },
    ...LEAVES.map((l) => ({
      namespace: NS,
      name: l.name,
      issuerRef: { name: "ca-issuer", kind: "Issuer" },
      secretName: l.secret,
      isCA: false,
      usages: l.usages,
      dnsNames: l.dnsNames ?? [],
    })),
  ];
  return {
    issuers: [
      { kind: "ClusterIssuer", name: "selfsigned-issuer", type: "selfSigned" },
      { kind: "Issuer", namespace: NS, name: "ca-issuer", type: "ca", caSecret: { name: "root-secret" } },
    ],
    certificates,
    secrets: [
      tlsSecret("root-secret", rootCert, rootCert),
      ...LEAVES.map((l) => tlsSecret(l.secret, leafCerts.get(l.name)!, rootCert)),
    ],
    apisixTls: [
      {
        namespace: NS,
        name: "apisix-admin",
        hosts: ["apisix", "admin"],
        secret: { name: "apisix-server-secret" },
        client: { caSecret: { name: "root-secret", namespace: NS }, depth: 1 },
      },
    ],
    apisixUpstreams: [
      { namespace: NS, name: "upstream", scheme: "https", tlsSecret: { name: "apisix-client-secret" } },
    ],
    ...overrides,
  };
}

const id = {
  clusterIssuer: trustNodeId("clusterissuer", undefined, "selfsigned-issuer"),
  caIssuer: trustNodeId("issuer", NS, "ca-issuer"),
  caCert: trustNodeId("ca-certificate", NS, "selfsigned-ca"),
  rootSecret: trustNodeId("secret", NS, "root-secret"),
  leaf: (name: string) => trustNodeId("leaf-certificate", NS, name),
  secret: (name: string) => trustNodeId("secret", NS, name),
  tls: trustNodeId("apisix-tls", NS, "apisix-admin"),
  upstream: trustNodeId("apisix-upstream", NS, "upstream"),
  host: (h: string) => trustNodeId("host", undefined, h),
};

function node(g: TrustGraph, nodeId: string) {
  const n = g.nodes.find((x) => x.id === nodeId);
  if (!n) throw new Error(`no node ${nodeId}`);
  return n;
}

function hasEdge(g: TrustGraph, kind: string, from: string, to: string): boolean {
  return g.edges.some((e) => e.kind === kind && e.from === from && e.to === to);
}

beforeAll(async () => {
  root = await makeRoot("CN=selfsigned-ca", { notAfter: new Date(NOW.getTime() + 365 * DAY) });
  for (const l of LEAVES) {
    const ekus = l.usages.map((u) => (u === "server auth" ? EKU.server : EKU.client));
    leafCerts.set(
      l.name,
      await makeLeaf(root, `CN=${l.name}`, {
        ekus,
        dnsNames: l.dnsNames ?? [],
        emails: l.emails ?? [],
        keyUsages: KU.digitalSignature | KU.keyEncipherment,
      }),
    );
  }
}, 60_000);

describe("buildTrustGraph: the mTLS-everywhere scenario", () => {
  it("has every node kind and no problem when everything is right", () => {
    const g = buildTrustGraph(scenario(), { now: NOW });
    const kinds = new Set(g.nodes.map((n) => n.kind));
    expect([...kinds].sort()).toEqual([
      "apisix-tls",
      "apisix-upstream",
      "ca-certificate",
      "clusterissuer",
      "host",
      "issuer",
      "leaf-certificate",
      "secret",
    ]);
    expect(g.nodes.filter((n) => n.kind === "leaf-certificate")).toHaveLength(5);
    expect(g.nodes.flatMap((n) => n.problems)).toEqual([]);
    expect(g.nodes.every((n) => n.status === "ok")).toBe(true);
    expect(node(g, id.leaf("etcd-server")).chain).toEqual({ status: "complete", valid: true });
    expect(node(g, id.caCert).certificate?.selfSigned).toBe(true);
  });

  it("links issuers, certificates, secrets and APISIX objects", () => {
    const g = buildTrustGraph(scenario(), { now: NOW });
    expect(hasEdge(g, "issued-by", id.caCert, id.clusterIssuer)).toBe(true);
    expect(hasEdge(g, "stored-in", id.caCert, id.rootSecret)).toBe(true);
    expect(hasEdge(g, "signed-by", id.caIssuer, id.rootSecret)).toBe(true);
    for (const l of LEAVES) {
      expect(hasEdge(g, "issued-by", id.leaf(l.name), id.caIssuer)).toBe(true);
      expect(hasEdge(g, "stored-in", id.leaf(l.name), id.secret(l.secret))).toBe(true);
      expect(hasEdge(g, "signed-by", id.secret(l.secret), id.rootSecret)).toBe(true);
    }
    expect(hasEdge(g, "served-for-host", id.secret("apisix-server-secret"), id.tls)).toBe(true);
    expect(hasEdge(g, "served-for-host", id.tls, id.host("apisix"))).toBe(true);
    expect(hasEdge(g, "served-for-host", id.tls, id.host("admin"))).toBe(true);
    expect(hasEdge(g, "trusted-as-client-ca-by", id.rootSecret, id.tls)).toBe(true);
    expect(hasEdge(g, "presented-to-upstream", id.secret("apisix-client-secret"), id.upstream)).toBe(true);
    // The root is self-signed: no signed-by edge from its Secret to itself.
    expect(hasEdge(g, "signed-by", id.rootSecret, id.rootSecret)).toBe(false);
  });

  it("keeps no private key material in the graph", () => {
    const input = scenario();
    const g = buildTrustGraph(input, { now: NOW });
    const json = JSON.stringify(g);
    expect(json).not.toContain("PRIVATE KEY");
    expect(Object.keys(input.secrets[0]!)).not.toContain("tls.key");
  });

  it("downstreamOf: everything that breaks when the CA rotates", () => {
    const g = buildTrustGraph(scenario(), { now: NOW });
    const down = new Set(downstreamOf(g, id.rootSecret).map((n) => n.id));
    expect(down.has(id.caIssuer)).toBe(true);
    for (const l of LEAVES) {
      expect(down.has(id.leaf(l.name))).toBe(true);
      expect(down.has(id.secret(l.secret))).toBe(true);
    }
    expect(down.has(id.tls)).toBe(true);
    expect(down.has(id.host("apisix"))).toBe(true);
    expect(down.has(id.upstream)).toBe(true);
    expect(down.has(id.rootSecret)).toBe(false);
    expect(down.has(id.clusterIssuer)).toBe(false);

    const fromTop = new Set(downstreamOf(g, id.clusterIssuer).map((n) => n.id));
    expect(fromTop.has(id.caCert)).toBe(true);
    expect(fromTop.has(id.upstream)).toBe(true);

    const leafDown = downstreamOf(g, id.leaf("etcd-server")).map((n) => n.id);
    expect(leafDown).toEqual([id.secret("etcd-secret")]);
  });

  it("trustedBy: who accepts a certificate", () => {
    const g = buildTrustGraph(scenario(), { now: NOW });
    const trusting = trustedBy(g, id.leaf("curl-client")).map((n) => n.id);
    // APISIX admin trusts root-secret as client CA, so it accepts curl's certificate.
    expect(trusting).toContain(id.tls);
    // Every workload whose ca.crt is the root accepts it as a peer.
    expect(trusting).toContain(id.secret("etcd-secret"));
    expect(trusting).not.toContain(id.secret("curl-secret"));
    expect(trusting).not.toContain(id.upstream);
    expect(trustedBy(g, "secret:nope/none")).toEqual([]);
  });
});

describe("buildTrustGraph: problems", () => {
  it("ApisixTls client.caSecret pointing at a leaf Secret", () => {
    const input = scenario({
      apisixTls: [
        {
          namespace: NS,
          name: "apisix-admin",
          hosts: ["apisix"],
          secret: { name: "apisix-server-secret" },
          client: { caSecret: { name: "curl-secret" } },
        },
      ],
    });
    const g = buildTrustGraph(input, { now: NOW });
    const tls = node(g, id.tls);
    expect(tls.status).toBe("critical");
    const p = tls.problems.find((x) => x.code === "client-ca-is-leaf");
    expect(p?.message).toContain("tls.crt");
    expect(p?.message).toContain("CN=curl-client");
    expect(p?.fix).toContain("tls/root-secret");
    expect(hasEdge(g, "trusted-as-client-ca-by", id.secret("curl-secret"), id.tls)).toBe(true);
  });

  it("a CA-only Secret (ca.crt only) is accepted as client CA", () => {
    const caOnly = secretFactsFromData(NS, "ca-only", { "ca.crt": b64(root.pem) });
    const input = scenario({
      secrets: [...scenario().secrets, caOnly],
      apisixTls: [
        {
          namespace: NS,
          name: "apisix-admin",
          hosts: ["apisix"],
          secret: { name: "apisix-server-secret" },
          client: { caSecret: { name: "ca-only" } },
        },
      ],
    });
    const g = buildTrustGraph(input, { now: NOW });
    expect(node(g, id.tls).problems).toEqual([]);
  });

  it("referenced Secrets and issuers that do not exist", () => {
    const base = scenario();
    const input = scenario({
      secrets: base.secrets.filter((s) => s.name !== "apisix-server-secret"),
      certificates: [
        ...base.certificates,
        {
          namespace: NS,
          name: "orphan",
          issuerRef: { name: "nope-issuer", kind: "Issuer" },
          secretName: "orphan-secret",
          isCA: false,
          usages: [],
        },
      ],
      apisixUpstreams: [{ namespace: NS, name: "upstream", scheme: "https", tlsSecret: { name: "gone" } }],
    });
    const g = buildTrustGraph(input, { now: NOW });
    expect(node(g, id.secret("apisix-server-secret")).missing).toBe(true);
    expect(node(g, id.tls).problems.map((p) => p.code)).toEqual(["secret-missing"]);
    expect(node(g, id.tls).status).toBe("critical");
    expect(node(g, id.upstream).problems.map((p) => p.code)).toEqual(["secret-missing"]);
    const orphan = node(g, id.leaf("orphan"));
    expect(orphan.problems.map((p) => p.code).sort()).toEqual(["issuer-not-found", "secret-missing"]);
    // Kind and name once each ("Issuer Issuer ..." was the old wording).
    const notFound = orphan.problems.find((p) => p.code === "issuer-not-found");
    expect(notFound?.message).toBe(
      `Issuer ${NS}/nope-issuer, referenced by Certificate ${NS}/orphan, does not exist.`,
    );
    // cert-manager writes a Certificate's Secret: the advice is never to create it by hand.
    const missing = orphan.problems.find((p) => p.code === "secret-missing");
    expect(missing?.fix).not.toMatch(/Create the Secret/);
    expect(missing?.fix).toMatch(/missing issuer/);
    expect(node(g, trustNodeId("issuer", NS, "nope-issuer")).missing).toBe(true);
  });

  it("an expired CA is reported once, on the CA, and reaches everything downstream", async () => {
    const oldRoot = await makeRoot("CN=selfsigned-ca", {
      notBefore: new Date(NOW.getTime() - 100 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
    });
    const saved = new Map(leafCerts);
    for (const l of LEAVES) {
      leafCerts.set(l.name, await makeLeaf(oldRoot, `CN=${l.name}`, { dnsNames: l.dnsNames ?? [] }));
    }
    try {
      const g = buildTrustGraph(scenario({}, oldRoot), { now: NOW });
      const ca = node(g, id.caCert);
      expect(ca.problems.map((p) => p.code)).toEqual(["expired"]);
      const leaf = node(g, id.leaf("etcd-server"));
      expect(leaf.chain).toEqual({ status: "complete", valid: false });
      expect(leaf.problems.map((p) => p.code)).toEqual(["leaf-outlives-ca"]);
      const rows = buildAuditReport(g).filter((r) => r.code === "expired");
      expect(rows).toEqual([
        expect.objectContaining({ objectKind: "Certificate", namespace: NS, name: "selfsigned-ca" }),
      ]);
      const affected = downstreamOf(g, id.caCert).map((n) => n.id);
      expect(affected).toEqual(
        expect.arrayContaining([id.leaf("curl-client"), id.tls, id.upstream, id.host("admin")]),
      );
    } finally {
      for (const [k, v] of saved) leafCerts.set(k, v);
    }
  });

  it("served certificate that does not cover the hosts or lacks server auth; upstream cert without client auth", () => {
    const input = scenario({
      apisixTls: [
        {
          namespace: NS,
          name: "apisix-admin",
          hosts: ["mtls.example.local"],
          secret: { name: "curl-secret" },
        },
      ],
      apisixUpstreams: [
        { namespace: NS, name: "upstream", scheme: "http", tlsSecret: { name: "upstream-secret" } },
      ],
    });
    const g = buildTrustGraph(input, { now: NOW });
    expect(
      node(g, id.tls)
        .problems.map((p) => p.code)
        .sort(),
    ).toEqual(["host-not-covered", "missing-server-auth"]);
    expect(node(g, id.upstream).problems.map((p) => p.code)).toEqual([
      "missing-client-auth",
      "upstream-scheme-not-https",
    ]);
  });

  it("a Certificate whose leaf lacks the usage cert-manager was asked for", async () => {
    const wrong = await makeLeaf(root, "CN=apisix-client", { ekus: [EKU.server] });
    leafCerts.set("apisix-client-bad", wrong);
    const input = scenario();
    input.secrets = input.secrets.map((s) =>
      s.name === "apisix-client-secret" ? tlsSecret(s.name, wrong, root) : s,
    );
    const g = buildTrustGraph(input, { now: NOW });
    const p = node(g, id.leaf("apisix-client")).problems;
    expect(p.map((x) => x.code)).toEqual(["missing-client-auth"]);
    expect(node(g, id.upstream).problems.map((x) => x.code)).toEqual(["missing-client-auth"]);
  });

  it("a Secret without ca.crt: verified against known CAs, else a warning (not critical)", async () => {
    const noCa = secretFactsFromData(NS, "no-ca", { "tls.crt": b64(leafCerts.get("etcd-server")!.pem) });
    const foreignRoot = await makeRoot("CN=public-root");
    const foreign = await makeLeaf(foreignRoot, "CN=acme-like");
    const unknown = secretFactsFromData(NS, "acme-like", { "tls.crt": b64(foreign.pem) });
    const g = buildTrustGraph(scenario({ secrets: [...scenario().secrets, noCa, unknown] }), { now: NOW });
    expect(node(g, id.secret("no-ca")).chain).toEqual({ status: "complete", valid: true });
    expect(hasEdge(g, "signed-by", id.secret("no-ca"), id.rootSecret)).toBe(true);
    const acme = node(g, id.secret("acme-like"));
    expect(acme.chain?.status).toBe("incomplete");
    expect(acme.problems.map((p) => [p.code, p.severity])).toEqual([["issuer-missing", "warning"]]);
  });

  it("unparseable Secret data is a problem on the Secret", () => {
    const bad = secretFactsFromData(NS, "broken", { "tls.crt": b64("-----BEGIN CERTIFICATE-----\nAAAA\n") });
    expect(bad.errors?.["tls.crt"]).toMatch(/truncated PEM/);
    const g = buildTrustGraph(scenario({ secrets: [...scenario().secrets, bad] }), { now: NOW });
    expect(node(g, id.secret("broken")).problems.map((p) => p.code)).toEqual(["secret-unparseable"]);
  });
});

describe("audit report", () => {
  it("has one row per problem, worst first, and CSV that round-trips", () => {
    const input = scenario({
      apisixTls: [
        {
          namespace: NS,
          name: "apisix-admin",
          hosts: ["apisix"],
          secret: { name: "apisix-server-secret" },
          client: { caSecret: { name: "curl-secret" } },
        },
      ],
      apisixUpstreams: [
        { namespace: NS, name: "upstream", scheme: "http", tlsSecret: { name: "apisix-client-secret" } },
      ],
    });
    const rows = buildAuditReport(buildTrustGraph(input, { now: NOW }));
    expect(rows.map((r) => [r.severity, r.objectKind, r.code])).toEqual([
      ["critical", "ApisixTls", "client-ca-is-leaf"],
      ["warning", "ApisixUpstream", "upstream-scheme-not-https"],
    ]);
    const csv = auditReportToCsv(rows);
    expect(csv.startsWith("severity,objectKind,namespace,name,code,message,fix\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const parsed = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(parsed).toEqual(rows.map((r) => ({ ...r })));
  });

  it("quotes per RFC 4180 and neutralises formulas", () => {
    const csv = auditReportToCsv([
      {
        severity: "info",
        objectKind: "Secret",
        namespace: "ns",
        name: "a",
        code: "x",
        message: 'has "quotes", commas\nand lines',
        fix: "=HYPERLINK(1)",
      },
    ]);
    expect(csv.split("\r\n")[1]).toBe(
      `info,Secret,ns,a,x,"has ""quotes"", commas\nand lines",'=HYPERLINK(1)`,
    );
    expect(auditReportToCsv([])).toBe("severity,objectKind,namespace,name,code,message,fix\r\n");
  });
});

describe("buildTrustGraph: every finding is reported (issue 13 d)", () => {
  it("an ApisixTls whose served Secret and client CA Secret are both missing reports both", () => {
    const input = scenario({
      apisixTls: [
        {
          namespace: NS,
          name: "apisix-admin",
          hosts: ["apisix"],
          secret: { name: "gone-server" },
          client: { caSecret: { name: "gone-ca" } },
        },
      ],
    });
    const g = buildTrustGraph(input, { now: NOW });
    const missing = node(g, id.tls).problems.filter((p) => p.code === "secret-missing");
    expect(missing).toHaveLength(2);
    expect(missing.map((p) => p.message).join(" ")).toContain("gone-server");
    expect(missing.map((p) => p.message).join(" ")).toContain("gone-ca");
  });

  it("a Secret whose tls.crt and ca.crt are both unreadable reports both keys", () => {
    const bad = b64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const facts = secretFactsFromData(NS, "both-bad", { "tls.crt": bad, "ca.crt": bad });
    const g = buildTrustGraph(scenario({ secrets: [...scenario().secrets, facts] }), { now: NOW });
    const problems = node(g, id.secret("both-bad")).problems.filter((p) => p.code === "secret-unparseable");
    expect(problems.map((p) => p.message.split(" ")[1])).toEqual(["tls.crt", "ca.crt"]);
  });

  it("reads APISIX's Opaque `cert` layout as a served certificate and as a client CA", () => {
    const server = secretFactsFromData(
      NS,
      "opaque-server",
      { cert: b64(leafCerts.get("apisix-server")!.pem) },
      "Opaque",
    );
    const ca = secretFactsFromData(NS, "opaque-ca", { cert: b64(root.pem) }, "Opaque");
    const input = scenario({
      secrets: [...scenario().secrets, server, ca],
      apisixTls: [
        {
          namespace: NS,
          name: "apisix-admin",
          hosts: ["apisix"],
          secret: { name: "opaque-server" },
          client: { caSecret: { name: "opaque-ca" } },
        },
      ],
    });
    const g = buildTrustGraph(input, { now: NOW });
    expect(node(g, id.tls).problems.filter((p) => p.code === "secret-missing")).toEqual([]);
  });
});
