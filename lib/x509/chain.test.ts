import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainRole, type ChainVerdict, checkSecretChain, inferRole, verifyChain } from "./chain";
import { parseCertificatesPem } from "./parse";
import { EKU, KU, makeIntermediate, makeLeaf, makeRoot, type TestCert } from "./test-fixtures";

const DAY = 86_400_000;
const NOW = new Date();
let dir: string;

/**
 * Runs `openssl verify` on the same material and returns whether it accepts the chain.
 * Flags mirror the engine's policy: strict X.509, auth level 2 (RSA >= 2048, no SHA-1),
 * the same point in time, and the purpose of the role.
 */
function opensslAccepts(c: { leaf: string; untrusted?: string; trusted: string; role?: ChainRole }): boolean {
  const d = mkdtempSync(path.join(dir, "case-"));
  const files = {
    leaf: path.join(d, "leaf.pem"),
    untrusted: path.join(d, "untrusted.pem"),
    ca: path.join(d, "ca.pem"),
  };
  writeFileSync(files.leaf, c.leaf);
  writeFileSync(files.ca, c.trusted);
  const base = [
    "verify",
    "-x509_strict",
    "-auth_level",
    "2",
    "-attime",
    String(Math.floor(NOW.getTime() / 1000)),
  ];
  base.push("-CAfile", files.ca);
  if (c.untrusted) {
    writeFileSync(files.untrusted, c.untrusted);
    base.push("-untrusted", files.untrusted);
  }
  const purposes =
    c.role === "both"
      ? ["sslserver", "sslclient"]
      : c.role === "server"
        ? ["sslserver"]
        : c.role === "client"
          ? ["sslclient"]
          : [undefined];
  return purposes.every((p) => {
    const args = p ? [...base, "-purpose", p, files.leaf] : [...base, files.leaf];
    const r = spawnSync("/usr/bin/openssl", args, { encoding: "utf8" });
    return r.status === 0;
  });
}

interface Case {
  /** tls.crt: leaf first, then intermediates. */
  bundle: TestCert[];
  trusted: TestCert[];
  role?: ChainRole;
}

function pems(certs: TestCert[]): string {
  return certs.map((c) => c.pem).join("");
}

function run(c: Case): { verdict: ChainVerdict; openssl: boolean } {
  const verdict = verifyChain({ bundle: pems(c.bundle), trusted: pems(c.trusted), role: c.role, now: NOW });
  const rest = c.bundle.slice(1);
  const openssl = opensslAccepts({
    leaf: c.bundle[0]!.pem,
    untrusted: rest.length ? pems(rest) : undefined,
    trusted: pems(c.trusted),
    role: c.role,
  });
  return { verdict, openssl };
}

function codes(v: ChainVerdict): string[] {
  return v.problems.map((p) => p.code);
}

let root: TestCert;
let inter: TestCert;
let leaf: TestCert;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "trustdeck-chain-"));
  root = await makeRoot("CN=test-root, O=Trustdeck", { notAfter: new Date(NOW.getTime() + 3650 * DAY) });
  inter = await makeIntermediate(root, "CN=test-intermediate, O=Trustdeck", {
    notAfter: new Date(NOW.getTime() + 1000 * DAY),
  });
  leaf = await makeLeaf(inter, "CN=leaf, O=Trustdeck");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("verifyChain agrees with openssl verify", () => {
  it("valid root -> intermediate -> leaf", () => {
    const { verdict, openssl } = run({ bundle: [leaf, inter], trusted: [root], role: "both" });
    expect(verdict.status).toBe("complete");
    expect(verdict.valid).toBe(true);
    expect(verdict.problems).toEqual([]);
    expect(verdict.links.map((l) => l.certificate.commonName)).toEqual([
      "leaf",
      "test-intermediate",
      "test-root",
    ]);
    expect(verdict.links.map((l) => l.source)).toEqual(["bundle", "bundle", "trusted"]);
    expect(verdict.links.every((l) => l.signatureValid === true)).toBe(true);
    expect(openssl).toBe(true);
  });

  it("orders an out-of-order bundle leaf -> root", () => {
    const verdict = verifyChain({ bundle: pems([leaf, root, inter]), now: NOW });
    expect(verdict.links.map((l) => l.certificate.commonName)).toEqual([
      "leaf",
      "test-intermediate",
      "test-root",
    ]);
    expect(verdict.valid).toBe(true);
  });

  it("cert-manager layout: tls.crt = leaf, ca.crt = root", async () => {
    const direct = await makeLeaf(root, "CN=etcd", { ekus: [EKU.server, EKU.client] });
    const { verdict, openssl } = run({ bundle: [direct], trusted: [root], role: "both" });
    expect(verdict.valid).toBe(true);
    expect(openssl).toBe(true);
    // Without ca.crt the root is missing: incomplete.
    const alone = verifyChain({ bundle: direct.pem, now: NOW });
    expect(alone.status).toBe("incomplete");
    expect(codes(alone)).toContain("issuer-missing");
    expect(alone.valid).toBe(false);
  });

  it("self-signed CA secret (tls.crt == ca.crt)", () => {
    const { verdict, openssl } = run({ bundle: [root], trusted: [root], role: "ca" });
    expect(verdict.status).toBe("complete");
    expect(verdict.valid).toBe(true);
    expect(verdict.links).toHaveLength(1);
    expect(verdict.links[0]!.certificate.selfSigned).toBe(true);
    expect(openssl).toBe(true);
  });

  it("expired intermediate", async () => {
    const old = await makeIntermediate(root, "CN=old-intermediate", {
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
    });
    const l = await makeLeaf(old, "CN=leaf-of-expired", { notBefore: new Date(NOW.getTime() - 10 * DAY) });
    const { verdict, openssl } = run({ bundle: [l, old], trusted: [root], role: "server" });
    expect(verdict.status).toBe("complete");
    expect(verdict.valid).toBe(false);
    const expired = verdict.links[1]!.problems.find((p) => p.code === "expired");
    expect(expired?.severity).toBe("critical");
    expect(expired?.fix).toMatch(/rotate/i);
    expect(verdict.links[0]!.problems.map((p) => p.code)).toContain("leaf-outlives-ca");
    expect(openssl).toBe(false);
  });

  it("ca.crt belongs to another CA (different name): incomplete", async () => {
    const other = await makeRoot("CN=other-root");
    const direct = await makeLeaf(root, "CN=svc");
    const { verdict, openssl } = run({ bundle: [direct], trusted: [other], role: "server" });
    expect(verdict.status).toBe("incomplete");
    expect(codes(verdict)).toEqual(["issuer-missing"]);
    expect(verdict.valid).toBe(false);
    expect(openssl).toBe(false);
  });

  it("ca.crt is a rotated CA with the same name: broken signature", async () => {
    const rotated = await makeRoot("CN=test-root, O=Trustdeck");
    const direct = await makeLeaf(root, "CN=svc");
    const { verdict, openssl } = run({ bundle: [direct], trusted: [rotated], role: "server" });
    expect(verdict.status).toBe("broken");
    expect(codes(verdict)).toContain("signature-invalid");
    expect(verdict.links[0]!.signatureValid).toBe(false);
    expect(verdict.valid).toBe(false);
    expect(openssl).toBe(false);
  });

  it("signature made by the wrong key", async () => {
    const impostor = await makeRoot("CN=impostor");
    const forged = await makeLeaf(inter, "CN=forged", { wrongSigner: impostor.keys });
    const { verdict, openssl } = run({ bundle: [forged, inter], trusted: [root], role: "server" });
    expect(verdict.status).toBe("broken");
    expect(verdict.problems[0]!.code).toBe("signature-invalid");
    expect(openssl).toBe(false);
  });

  it("client certificate without clientAuth", async () => {
    const serverOnly = await makeLeaf(inter, "CN=apisix-server", { ekus: [EKU.server] });
    const asClient = run({ bundle: [serverOnly, inter], trusted: [root], role: "client" });
    expect(codes(asClient.verdict)).toEqual(["missing-client-auth"]);
    expect(asClient.verdict.valid).toBe(false);
    expect(asClient.openssl).toBe(false);
    const asServer = run({ bundle: [serverOnly, inter], trusted: [root], role: "server" });
    expect(asServer.verdict.valid).toBe(true);
    expect(asServer.openssl).toBe(true);
  });

  it("server certificate without serverAuth", async () => {
    const clientOnly = await makeLeaf(inter, "CN=curl-client", { ekus: [EKU.client] });
    const { verdict, openssl } = run({ bundle: [clientOnly, inter], trusted: [root], role: "server" });
    expect(codes(verdict)).toEqual(["missing-server-auth"]);
    expect(openssl).toBe(false);
    const asClient = run({ bundle: [clientOnly, inter], trusted: [root], role: "client" });
    expect(asClient.verdict.valid).toBe(true);
    expect(asClient.openssl).toBe(true);
  });

  it("CA without keyCertSign", async () => {
    const noSign = await makeIntermediate(root, "CN=no-certsign", {
      keyUsages: KU.digitalSignature | KU.cRLSign,
    });
    const l = await makeLeaf(noSign, "CN=leaf-nosign");
    const { verdict, openssl } = run({ bundle: [l, noSign], trusted: [root], role: "server" });
    expect(codes(verdict)).toEqual(["ca-no-keycertsign"]);
    expect(verdict.links[1]!.verdict).toBe("critical");
    expect(openssl).toBe(false);
  });

  it("issuer without CA:TRUE", async () => {
    const notCa = await makeIntermediate(root, "CN=not-a-ca", { ca: { isCA: false } });
    const l = await makeLeaf(notCa, "CN=leaf-notca");
    const { verdict, openssl } = run({ bundle: [l, notCa], trusted: [root], role: "server" });
    expect(codes(verdict)).toContain("ca-not-ca");
    expect(verdict.valid).toBe(false);
    expect(openssl).toBe(false);
  });

  it("pathLen 0 violated", async () => {
    const strictRoot = await makeRoot("CN=pathlen0-root", { ca: { isCA: true, pathLength: 0 } });
    const sub = await makeIntermediate(strictRoot, "CN=sub-ca");
    const l = await makeLeaf(sub, "CN=leaf-deep");
    const { verdict, openssl } = run({ bundle: [l, sub], trusted: [strictRoot], role: "server" });
    expect(codes(verdict)).toEqual(["path-length-exceeded"]);
    expect(verdict.links[2]!.problems[0]!.code).toBe("path-length-exceeded");
    expect(openssl).toBe(false);
    // pathLen 0 allows a leaf directly under the root.
    const direct = await makeLeaf(strictRoot, "CN=leaf-shallow");
    const ok = run({ bundle: [direct], trusted: [strictRoot], role: "server" });
    expect(ok.verdict.valid).toBe(true);
    expect(ok.openssl).toBe(true);
  });

  it("RSA 1024 leaf", async () => {
    const weak = await makeLeaf(inter, "CN=weak", { key: { kind: "rsa", bits: 1024 } });
    const { verdict, openssl } = run({ bundle: [weak, inter], trusted: [root], role: "server" });
    expect(codes(verdict)).toEqual(["weak-rsa-key"]);
    expect(verdict.problems[0]!.severity).toBe("critical");
    expect(openssl).toBe(false);
  });

  it("SHA-1 signed leaf (RSA issuer)", async () => {
    const rsaRoot = await makeRoot("CN=rsa-root", { key: { kind: "rsa", bits: 2048 } });
    const sha1 = await makeLeaf(rsaRoot, "CN=sha1-leaf", { hash: "SHA-1" });
    expect(parseCertificatesPem(sha1.pem)[0]!.signatureAlgorithm).toBe("sha1WithRSAEncryption");
    const { verdict, openssl } = run({ bundle: [sha1], trusted: [rsaRoot], role: "server" });
    expect(codes(verdict)).toEqual(["sha1-signature"]);
    expect(verdict.valid).toBe(false);
    expect(openssl).toBe(false);
    const sha256 = await makeLeaf(rsaRoot, "CN=sha256-leaf", { key: { kind: "rsa", bits: 2048 } });
    const ok = run({ bundle: [sha256], trusted: [rsaRoot], role: "server" });
    expect(ok.verdict.valid).toBe(true);
    expect(ok.openssl).toBe(true);
  });

  it("not yet valid leaf", async () => {
    const future = await makeLeaf(inter, "CN=future", {
      notBefore: new Date(NOW.getTime() + 2 * DAY),
      notAfter: new Date(NOW.getTime() + 30 * DAY),
    });
    const { verdict, openssl } = run({ bundle: [future, inter], trusted: [root], role: "server" });
    expect(codes(verdict)).toEqual(["not-yet-valid"]);
    expect(openssl).toBe(false);
  });

  it("warnings do not invalidate: expiring soon, leaf outlives CA", async () => {
    const shortInter = await makeIntermediate(root, "CN=short-ca", {
      notAfter: new Date(NOW.getTime() + 20 * DAY),
    });
    const l = await makeLeaf(shortInter, "CN=long-leaf", { notAfter: new Date(NOW.getTime() + 60 * DAY) });
    const r1 = run({ bundle: [l, shortInter], trusted: [root], role: "server" });
    expect(codes(r1.verdict)).toEqual(["leaf-outlives-ca"]);
    expect(r1.verdict.problems[0]!.severity).toBe("warning");
    expect(r1.verdict.valid).toBe(true);
    expect(r1.openssl).toBe(true);

    const soon = await makeLeaf(inter, "CN=soon", { notAfter: new Date(NOW.getTime() + 3 * DAY) });
    const r2 = run({ bundle: [soon, inter], trusted: [root], role: "server" });
    expect(codes(r2.verdict)).toEqual(["expiring-soon"]);
    expect(r2.verdict.problems[0]!.severity).toBe("warning");
    expect(r2.verdict.valid).toBe(true);
    expect(r2.openssl).toBe(true);
  });

  it("Ed25519 chain", async () => {
    const edRoot = await makeRoot("CN=ed-root", { key: { kind: "ed25519" } });
    const edLeaf = await makeLeaf(edRoot, "CN=ed-leaf", { key: { kind: "ed25519" } });
    const { verdict, openssl } = run({ bundle: [edLeaf], trusted: [edRoot], role: "both" });
    expect(verdict.valid).toBe(true);
    expect(openssl).toBe(true);
  });

  it("chain ending in a root that is not trusted", async () => {
    const other = await makeRoot("CN=other-trusted");
    const { verdict, openssl } = run({ bundle: [leaf, inter, root], trusted: [other], role: "server" });
    expect(verdict.status).toBe("complete");
    expect(codes(verdict)).toEqual(["untrusted-root"]);
    expect(verdict.valid).toBe(false);
    expect(openssl).toBe(false);
  });
});

describe("renewal window and time injection", () => {
  it("reports the renewal window as info, using the injected now", () => {
    const notBefore = Date.parse(leaf.cert.notBefore.toISOString());
    const notAfter = Date.parse(leaf.cert.notAfter.toISOString());
    const inWindow = new Date(notAfter - (notAfter - notBefore) / 4);
    const v = verifyChain({ bundle: pems([leaf, inter]), trusted: root.pem, now: inWindow });
    const p = v.problems.find((x) => x.code === "expiring-soon");
    expect(p?.severity).toBe("info");
    expect(v.valid).toBe(true);
    const explicit = verifyChain({
      bundle: pems([leaf, inter]),
      trusted: root.pem,
      now: inWindow,
      renewalTime: new Date(notAfter - DAY * 8),
    });
    expect(explicit.problems).toEqual([]);
    const after = verifyChain({
      bundle: pems([leaf, inter]),
      trusted: root.pem,
      now: new Date(notAfter + 1000),
    });
    expect(after.problems.map((x) => x.code)).toEqual(["expired"]);
  });
});

describe("roles and helpers", () => {
  it("infers roles from usages, then EKUs", async () => {
    const info = parseCertificatesPem(leaf.pem)[0]!;
    expect(inferRole(info)).toBe("both");
    expect(inferRole(info, ["digital signature", "client auth"])).toBe("client");
    expect(inferRole(parseCertificatesPem(root.pem)[0]!)).toBe("ca");
    const plain = await makeLeaf(inter, "CN=plain", { ekus: undefined });
    expect(inferRole(parseCertificatesPem(plain.pem)[0]!, [])).toBeUndefined();
  });

  it("role ca on a non-CA leaf is critical", () => {
    const v = verifyChain({ bundle: pems([leaf, inter]), trusted: root.pem, role: "ca", now: NOW });
    expect(v.problems.map((p) => p.code)).toEqual(["ca-not-ca"]);
    expect(v.valid).toBe(false);
  });

  it("every problem carries a message and a one-line fix", async () => {
    const weak = await makeLeaf(inter, "CN=weak2", { key: { kind: "rsa", bits: 1024 }, ekus: [EKU.client] });
    const v = verifyChain({ bundle: weak.pem, role: "server", now: new Date(NOW.getTime() + 400 * DAY) });
    expect(v.problems.length).toBeGreaterThanOrEqual(3);
    for (const p of v.problems) {
      expect(p.message.length).toBeGreaterThan(10);
      expect(p.fix).not.toContain("\n");
      expect(p.fix.length).toBeGreaterThan(10);
    }
  });

  it("checkSecretChain gives cmctl-style verification result", () => {
    expect(checkSecretChain(pems([leaf, inter]), root.pem, NOW)).toMatchObject({ chainVerifies: true });
    const bad = checkSecretChain(leaf.pem, root.pem, NOW);
    expect(bad.chainVerifies).toBe(false);
    expect(bad.chainProblem).toMatch(/issuer/);
    expect(checkSecretChain("garbage", undefined, NOW)).toEqual({
      chainVerifies: false,
      chainProblem: "not PEM",
    });
  });

  it("reports an unparseable trusted bundle instead of throwing", () => {
    const v = verifyChain({
      bundle: pems([leaf, inter]),
      trusted: "-----BEGIN CERTIFICATE-----\n!!\n",
      now: NOW,
    });
    expect(v.problems.map((p) => p.code)).toContain("unparseable");
    expect(v.valid).toBe(false);
  });

  it("lists bundle certificates that are not part of the chain", async () => {
    const stray = await makeRoot("CN=stray");
    const v = verifyChain({ bundle: pems([leaf, inter, stray]), trusted: root.pem, now: NOW });
    expect(v.unusedCertificates.map((c) => c.commonName)).toEqual(["stray"]);
  });
});
