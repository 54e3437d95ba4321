import { beforeAll, describe, expect, it } from "vitest";
import { makeLeaf } from "@/lib/x509/test-fixtures";
import { diffSpecs, previewMtls } from "./preview";
import type { GatewaySecret } from "./secrets";
import { inDays, makeSeedPki, type SeedPki, seedTlses } from "./test-helpers";

let pki: SeedPki;
beforeAll(async () => {
  pki = await makeSeedPki();
});

const certificates = [
  { namespace: "tls", name: "curl-client", secretName: "curl-secret", usages: ["client auth"] },
  { namespace: "tls", name: "apisix-client", secretName: "apisix-client-secret", usages: ["client auth"] },
  {
    namespace: "tls",
    name: "etcd-server",
    secretName: "etcd-secret",
    usages: ["client auth", "server auth"],
  },
];

function preview(caName: string | undefined, extra: Partial<Parameters<typeof previewMtls>[0]> = {}) {
  const publicTls = seedTlses()[0]!;
  const caSecret = caName ? (pki.secrets.find((s) => s.name === caName) ?? null) : undefined;
  return previewMtls({
    tls: publicTls,
    request: caName
      ? {
          enabled: true,
          caSecret: { name: caName, namespace: "tls" },
          depth: 1,
          skipMtlsUriRegex: ["/healthz"],
        }
      : { enabled: false },
    caSecret,
    secrets: pki.secrets,
    certificates,
    now: new Date(),
    ...extra,
  });
}

describe("previewMtls", () => {
  it("lists the seeded client certificates as getting in with root-secret", () => {
    const p = preview("root-secret");
    expect(p.getsIn.map((v) => v.secretName)).toEqual(["apisix-client-secret", "curl-secret", "etcd-secret"]);
    expect(p.getsIn.find((v) => v.secretName === "curl-secret")?.certificate).toBe("curl-client");
    expect(p.trustedCa?.commonName).toBe("selfsigned-ca");
    expect(p.warnings).toEqual([]);
  });

  it("locks out a client certificate of another CA, and never lists server-only leaves", () => {
    const p = preview("root-secret");
    expect(p.lockedOut.map((v) => v.secretName)).toEqual(["payments-api-tls"]);
    expect(p.lockedOut[0]?.reason).toMatch(/does not chain/);
    const all = [...p.getsIn, ...p.lockedOut].map((v) => v.secretName);
    expect(all).not.toContain("apisix-server-secret");
    expect(all).not.toContain("root-secret");
  });

  it("gives the spec diff: client added with caSecret, depth and skip regexes", () => {
    const p = preview("root-secret");
    expect(p.before).not.toHaveProperty("client");
    expect(p.after).toMatchObject({
      hosts: ["public.example.local"],
      client: {
        caSecret: { name: "root-secret", namespace: "tls" },
        depth: 1,
        skip_mtls_uri_regex: ["/healthz"],
      },
    });
    expect(p.changes.map((c) => c.path)).toEqual([
      "client.caSecret.name",
      "client.caSecret.namespace",
      "client.depth",
      "client.skip_mtls_uri_regex",
    ]);
  });

  it("warns when caSecret is a leaf's Secret and says which Secret to use", () => {
    const p = preview("curl-secret");
    const w = p.warnings.find((x) => x.code === "ca-secret-is-leaf");
    expect(w?.message).toMatch(/reads cert, then tls\.crt, then ca\.crt/);
    expect(w?.message).toContain("tls/root-secret");
    expect(p.getsIn).toEqual([]);
    expect(p.warnings.map((x) => x.code)).toContain("nobody-gets-in");
  });

  it("warns when the CA Secret does not exist", () => {
    const p = preview("missing-secret");
    expect(p.warnings.map((w) => w.code)).toContain("ca-secret-missing");
  });

  it("flags expired client certificates and ones that lack client auth", async () => {
    const expired = await makeLeaf(pki.root, "CN=old-client", {
      ekus: ["1.3.6.1.5.5.7.3.2"],
      notBefore: inDays(-20),
      notAfter: inDays(-2),
    });
    const noClientAuth = await makeLeaf(pki.root, "CN=server-only", { ekus: ["1.3.6.1.5.5.7.3.1"] });
    const secrets = [
      ...pki.secrets,
      { namespace: "tls", name: "old-client", tlsCrt: expired.pem },
      { namespace: "tls", name: "mislabelled", tlsCrt: noClientAuth.pem },
    ];
    const p = preview("root-secret", {
      secrets,
      certificates: [
        ...certificates,
        { namespace: "tls", name: "mislabelled", secretName: "mislabelled", usages: ["client auth"] },
      ],
    });
    const old = p.lockedOut.find((v) => v.secretName === "old-client");
    expect(old).toMatchObject({ expired: true, chainsToCa: true });
    expect(old?.reason).toMatch(/expired/);
    const mis = p.lockedOut.find((v) => v.secretName === "mislabelled");
    expect(mis).toMatchObject({ hasClientAuth: false });
    expect(mis?.reason).toMatch(/lacks the client auth/);
  });

  it("reads APISIX's Opaque layout (cert, then tls.crt, then ca.crt) for the CA and the client Secrets", async () => {
    // APISIX's mTLS tutorial: Opaque Secrets with `cert` / `key`, no tls.crt at all.
    const opaqueClient = await makeLeaf(pki.root, "CN=opaque-client", { ekus: ["1.3.6.1.5.5.7.3.2"] });
    const opaqueCa: GatewaySecret = {
      namespace: "tls",
      name: "opaque-ca",
      cert: pki.root.pem,
      dataKeys: ["cert"],
    };
    // `cert` wins over `tls.crt`: a Secret whose tls.crt is another CA's still trusts `cert`.
    const shadowedCa: GatewaySecret = {
      namespace: "tls",
      name: "shadowed-ca",
      cert: pki.root.pem,
      tlsCrt: pki.otherRoot.pem,
      dataKeys: ["cert", "tls.crt"],
    };
    const secrets: GatewaySecret[] = [
      ...pki.secrets,
      opaqueCa,
      shadowedCa,
      { namespace: "tls", name: "opaque-client", cert: opaqueClient.pem, dataKeys: ["cert", "key"] },
    ];
    for (const ca of [opaqueCa, shadowedCa]) {
      const p = previewMtls({
        tls: seedTlses()[0]!,
        request: { enabled: true, caSecret: { namespace: "tls", name: ca.name }, depth: 1 },
        caSecret: ca,
        secrets,
        certificates,
        now: new Date(),
      });
      expect(p.trustedCa?.commonName).toBe("selfsigned-ca");
      expect(p.warnings.map((w) => w.code)).not.toContain("ca-secret-unreadable");
      const opaque = p.getsIn.find((v) => v.secretName === "opaque-client");
      expect(opaque).toMatchObject({ chainsToCa: true, hasClientAuth: true, subject: "CN=opaque-client" });
      expect(p.getsIn.map((v) => v.secretName)).toContain("curl-secret");
    }
  });

  it("removes spec.client when disabling, and nobody is locked out", () => {
    const mtlsTls = seedTlses()[1]!;
    const p = previewMtls({
      tls: mtlsTls,
      request: { enabled: false },
      secrets: pki.secrets,
      certificates,
      now: new Date(),
    });
    expect(p.after).not.toHaveProperty("client");
    expect(p.changes.every((c) => c.path.startsWith("client.") && c.after === undefined)).toBe(true);
    expect(p.lockedOut).toEqual([]);
  });
});

describe("diffSpecs", () => {
  it("reports changed, added and removed paths", () => {
    expect(diffSpecs({ a: 1, b: { c: [1] } }, { a: 2, b: { d: true } })).toEqual([
      { path: "a", before: 1, after: 2 },
      { path: "b.c", before: [1] },
      { path: "b.d", after: true },
    ]);
  });
});
