import { beforeAll, describe, expect, it } from "vitest";
import { EKU, makeLeaf } from "@/lib/x509/test-fixtures";
import { buildGatewayMatrix } from "./matrix";
import { inDays, makeSeedPki, type SeedPki, seedRoutes, seedTlses, seedUpstreams } from "./test-helpers";

let pki: SeedPki;
beforeAll(async () => {
  pki = await makeSeedPki();
});

const now = () => new Date();

function seeded(over: Partial<Parameters<typeof buildGatewayMatrix>[0]> = {}) {
  return buildGatewayMatrix({
    routes: seedRoutes(),
    tlses: seedTlses(),
    upstreams: seedUpstreams(),
    secrets: pki.secrets,
    now: now(),
    ...over,
  });
}

describe("buildGatewayMatrix on the seeded objects", () => {
  it("has one row per route rule and host", () => {
    const m = seeded();
    expect(m.rows.map((r) => r.id)).toEqual([
      "tls/mtls-route/secure/mtls.example.local",
      "tls/public-route/public/public.example.local",
      "tls/public-route/plain/plain.example.local",
    ]);
  });

  it("shows mTLS on for mtls.example.local, trusting root-secret, with the skip regex", () => {
    const row = seeded().rows.find((r) => r.host === "mtls.example.local")!;
    expect(row.cells.clientTls.level).toBe("green");
    expect(row.cells.clientMtls.level).toBe("green");
    expect(row.cells.clientMtls.reason).toContain("tls/root-secret");
    expect(row.cells.clientMtls.reason).toContain("/healthz");
    expect(row.tls?.client?.caSecret.trustedCertificate?.isCA).toBe(true);
  });

  it("shows mTLS off (amber) for public.example.local", () => {
    const row = seeded().rows.find((r) => r.host === "public.example.local")!;
    expect(row.cells.clientTls.level).toBe("green");
    expect(row.cells.clientMtls).toMatchObject({ level: "amber" });
    expect(row.cells.clientMtls.reason).toMatch(/mTLS off/);
  });

  it("flags plain.example.local: served without TLS", () => {
    const m = seeded();
    const row = m.rows.find((r) => r.host === "plain.example.local")!;
    expect(row.cells.clientTls).toMatchObject({ level: "red" });
    expect(row.cells.clientTls.reason).toMatch(/served without TLS/);
    expect(row.level).toBe("red");
    expect(m.hostsWithoutTls).toEqual([
      { namespace: "tls", route: "public-route", rule: "plain", host: "plain.example.local" },
    ]);
  });

  it("shows the upstream hop over HTTPS with a client certificate", () => {
    const row = seeded().rows[0]!;
    expect(row.cells.upstreamTls.level).toBe("green");
    expect(row.cells.upstreamClientCert.level).toBe("green");
    expect(row.upstream?.tlsSecret?.name).toBe("apisix-client-secret");
    expect(row.upstream?.tlsSecret?.certificate?.commonName).toBe("apisix");
  });

  it("lists CA Secrets first as caSecret candidates", () => {
    const c = seeded().caSecretCandidates;
    expect(c.slice(0, 2).every((x) => x.isCA)).toBe(true);
    expect(c.map((x) => x.name)).toContain("root-secret");
  });
});

describe("matrix levels", () => {
  it("is red when the served certificate expired and amber when it expires within 7 days", async () => {
    const expired = await makeLeaf(pki.root, "CN=old", {
      dnsNames: ["public.example.local"],
      notBefore: inDays(-30),
      notAfter: inDays(-1),
    });
    const soon = await makeLeaf(pki.root, "CN=soon", {
      dnsNames: ["public.example.local"],
      notAfter: inDays(3),
    });
    const withServed = (pem: string) =>
      seeded({
        secrets: pki.secrets.map((s) => (s.name === "apisix-server-secret" ? { ...s, tlsCrt: pem } : s)),
      }).rows.find((r) => r.host === "public.example.local")!.cells.clientTls;
    expect(withServed(expired.pem)).toMatchObject({ level: "red" });
    expect(withServed(expired.pem).reason).toMatch(/expired/);
    expect(withServed(soon.pem)).toMatchObject({ level: "amber" });
    expect(withServed(soon.pem).reason).toMatch(/expires in/);
  });

  it("is red with the gotcha explained when caSecret is a leaf's Secret", () => {
    const tlses = seedTlses();
    tlses[1]!.spec.client!.caSecret = { name: "curl-secret", namespace: "tls" };
    const cell = seeded({ tlses }).rows.find((r) => r.host === "mtls.example.local")!.cells.clientMtls;
    expect(cell.level).toBe("red");
    expect(cell.reason).toMatch(/leaf's Secret/);
    expect(cell.reason).toMatch(/tls\.crt, then ca\.crt/);
    expect(cell.reason).toMatch(/root-secret/);
  });

  it("is red when caSecret does not exist", () => {
    const tlses = seedTlses();
    tlses[1]!.spec.client!.caSecret = { name: "nope", namespace: "tls" };
    expect(seeded({ tlses }).rows[0]!.cells.clientMtls.level).toBe("red");
  });

  it("is amber for an http upstream, a missing ApisixUpstream, and https without tlsSecret", () => {
    const http = seeded({
      upstreams: [{ metadata: { name: "upstream", namespace: "tls" }, spec: { scheme: "http" } }],
    }).rows[0]!;
    expect(http.cells.upstreamTls).toMatchObject({ level: "amber" });
    expect(http.cells.upstreamTls.reason).toMatch(/scheme http/);
    expect(http.cells.upstreamClientCert.level).toBe("amber");
    const none = seeded({ upstreams: [] }).rows[0]!;
    expect(none.cells.upstreamTls.reason).toMatch(/no ApisixUpstream/);
    const noCert = seeded({
      upstreams: [{ metadata: { name: "upstream", namespace: "tls" }, spec: { scheme: "https" } }],
    }).rows[0]!;
    expect(noCert.cells.upstreamTls.level).toBe("green");
    expect(noCert.cells.upstreamClientCert).toMatchObject({ level: "amber" });
  });

  it("is amber when the upstream client certificate lacks client auth", async () => {
    const serverOnly = await makeLeaf(pki.root, "CN=server-only", { ekus: [EKU.server] });
    const m = seeded({
      secrets: pki.secrets.map((s) =>
        s.name === "apisix-client-secret" ? { ...s, tlsCrt: serverOnly.pem } : s,
      ),
    });
    expect(m.rows[0]!.cells.upstreamClientCert.reason).toMatch(/lacks the client auth/);
  });

  it("marks certificate checks unverified (amber, not red) when Secrets cannot be read", () => {
    const m = seeded({ secrets: [], secretsUnreadable: "secrets is forbidden" });
    const row = m.rows.find((r) => r.host === "mtls.example.local")!;
    expect(row.cells.clientTls).toMatchObject({ level: "amber" });
    expect(row.cells.clientTls.reason).toMatch(
      /not verified: Secrets could not be read: secrets is forbidden/,
    );
    expect(row.cells.clientMtls.level).toBe("amber");
    expect(m.secretsUnreadable).toBe("secrets is forbidden");
    // a host without ApisixTls is still red: that needs no Secret
    expect(m.rows.find((r) => r.host === "plain.example.local")!.cells.clientTls.level).toBe("red");
  });

  it("covers a host through a wildcard ApisixTls", () => {
    const m = buildGatewayMatrix({
      routes: [
        {
          metadata: { name: "r", namespace: "tls" },
          spec: { http: [{ name: "w", match: { hosts: ["api.example.local"] } }] },
        },
      ],
      tlses: [
        {
          metadata: { name: "wild", namespace: "tls" },
          spec: { hosts: ["*.example.local"], secret: { name: "apisix-server-secret", namespace: "tls" } },
        },
      ],
      upstreams: [],
      secrets: pki.secrets,
      now: now(),
    });
    expect(m.rows[0]!.tls?.matchedBy).toBe("*.example.local");
    // The served certificate does not name api.example.local.
    expect(m.rows[0]!.cells.clientTls.level).toBe("amber");
  });
});

describe("Secret layouts APISIX reads (issue 13 c)", () => {
  it("reads APISIX's Opaque cert / key layout for the served certificate and the client CA", () => {
    const secrets = pki.secrets
      .filter((s) => s.name !== "apisix-server-secret" && s.name !== "root-secret")
      .concat([
        { namespace: "tls", name: "apisix-server-secret", cert: pki.server.pem, dataKeys: ["cert", "key"] },
        { namespace: "tls", name: "root-secret", cert: pki.root.pem, dataKeys: ["cert"] },
      ]);
    const row = seeded({ secrets }).rows.find((r) => r.host === "mtls.example.local")!;
    expect(row.tls?.secret.found).toBe(true);
    expect(row.tls?.secret.certificate?.dnsNames).toContain("mtls.example.local");
    expect(row.cells.clientTls.level).toBe("green");
    expect(row.tls?.client?.caSecret.trustedCertificate?.isCA).toBe(true);
    expect(row.cells.clientMtls.level).toBe("green");
  });

  it("says 'keystore, not parsed' for a keystore-only Secret, never that it is missing", () => {
    const secrets = pki.secrets
      .filter((s) => s.name !== "apisix-server-secret")
      .concat([{ namespace: "tls", name: "apisix-server-secret", dataKeys: ["keystore.p12"] }]);
    const row = seeded({ secrets }).rows.find((r) => r.host === "public.example.local")!;
    expect(row.tls?.secret.found).toBe(true);
    expect(row.tls?.secret.problem).toMatch(/^keystore, not parsed \(keystore\.p12\)/);
  });
});

describe("hosts claimed by several ApisixTls (issue 13 h)", () => {
  it("warns on the row and lists every claimant", () => {
    const tlses = [
      ...seedTlses(),
      {
        metadata: { name: "public-tls-copy", namespace: "other" },
        spec: { hosts: ["Public.Example.Local"], secret: { name: "apisix-server-secret", namespace: "tls" } },
      },
    ];
    const m = seeded({ tlses });
    expect(m.hostConflicts).toEqual([
      {
        host: "public.example.local",
        claimants: [
          { namespace: "other", name: "public-tls-copy" },
          { namespace: "tls", name: "public-tls" },
        ],
        message: expect.stringContaining("other/public-tls-copy, tls/public-tls"),
      },
    ]);
    const row = m.rows.find((r) => r.host === "public.example.local")!;
    expect(row.cells.clientTls.level).toBe("amber");
    expect(row.cells.clientTls.reason).toContain("claimed by 2 ApisixTls objects");
    expect(seeded().hostConflicts).toEqual([]);
  });
});
