import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as x509 from "@peculiar/x509";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeBase64Pem,
  nodeCertificateRemakes,
  parseCertificateDer,
  parseCertificatesPem,
  parseCertificatesPemWithObjects,
  splitPem,
  X509ParseError,
} from "./parse";
import { EKU, KU, makeCert, makeLeaf, makeRoot, privateKeyPem, type TestCert } from "./test-fixtures";

let root: TestCert;
let leaf: TestCert;
let rsa: TestCert;
let ed: TestCert;
let dir: string;

function openssl(args: string[]): string {
  return execFileSync("/usr/bin/openssl", args, { encoding: "utf8" });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "trustdeck-parse-"));
  root = await makeRoot("CN=selfsigned-ca, O=Trustdeck", { ca: { isCA: true, pathLength: 1 } });
  leaf = await makeLeaf(root, "CN=etcd, O=Trustdeck", {
    serial: "00ff01",
    dnsNames: ["etcd", "etcd.tls.svc"],
    ipAddresses: ["10.0.0.7"],
    emails: ["apisix@apache.org"],
    uris: ["spiffe://cluster.local/ns/tls/sa/etcd"],
    crl: ["http://crl.example.test/ca.crl"],
    ocsp: ["http://ocsp.example.test"],
  });
  rsa = await makeCert({ subject: "CN=rsa", key: { kind: "rsa", bits: 2048 }, ca: { isCA: false } });
  ed = await makeCert({ subject: "CN=ed", key: { kind: "ed25519" } });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseCertificatesPem", () => {
  it("fills every field of a leaf certificate", () => {
    const [info] = parseCertificatesPem(leaf.pem);
    expect(info).toBeDefined();
    expect(info!.subject).toBe("CN=etcd, O=Trustdeck");
    expect(info!.issuer).toBe("CN=selfsigned-ca, O=Trustdeck");
    expect(info!.commonName).toBe("etcd");
    expect(info!.serialNumber).toBe("FF01");
    expect(info!.publicKeyAlgorithm).toBe("ECDSA");
    expect(info!.publicKeySize).toBe(256);
    expect(info!.signatureAlgorithm).toBe("ecdsa-with-SHA256");
    expect(info!.dnsNames).toEqual(["etcd", "etcd.tls.svc"]);
    expect(info!.ipAddresses).toEqual(["10.0.0.7"]);
    expect(info!.emailAddresses).toEqual(["apisix@apache.org"]);
    expect(info!.uris).toEqual(["spiffe://cluster.local/ns/tls/sa/etcd"]);
    expect(info!.keyUsages).toEqual(["digital signature", "key encipherment"]);
    expect(info!.extendedKeyUsages).toEqual(["server auth", "client auth"]);
    expect(info!.isCA).toBe(false);
    expect(info!.pathLength).toBeUndefined();
    expect(info!.crlDistributionPoints).toEqual(["http://crl.example.test/ca.crl"]);
    expect(info!.ocspServers).toEqual(["http://ocsp.example.test"]);
    expect(info!.selfSigned).toBe(false);
    expect(info!.notBefore).toBe(leaf.cert.notBefore.toISOString());
    expect(info!.notAfter).toBe(leaf.cert.notAfter.toISOString());
  });

  it("reads CA facts: isCA, pathLength, cert sign, self-signed", () => {
    const [info] = parseCertificatesPem(root.pem);
    expect(info!.isCA).toBe(true);
    expect(info!.pathLength).toBe(1);
    expect(info!.keyUsages).toEqual(["cert sign", "crl sign"]);
    expect(info!.selfSigned).toBe(true);
  });

  it("matches openssl's fingerprint, serial and SPKI hash", () => {
    const file = path.join(dir, "leaf.pem");
    writeFileSync(file, leaf.pem);
    const fp = openssl(["x509", "-in", file, "-noout", "-fingerprint", "-sha256"]).trim();
    const serial = openssl(["x509", "-in", file, "-noout", "-serial"]).trim();
    const info = parseCertificatesPem(leaf.pem)[0]!;
    expect(fp.split("=")[1]).toBe(info.sha256Fingerprint);
    expect(serial).toBe(`serial=${info.serialNumber}`);
    const spki = execFileSync("/usr/bin/openssl", ["x509", "-in", file, "-noout", "-pubkey"]);
    const spkiDer = execFileSync("/usr/bin/openssl", ["pkey", "-pubin", "-outform", "DER"], { input: spki });
    const spkiHash = execFileSync("/usr/bin/openssl", ["dgst", "-sha256", "-hex"], { input: spkiDer })
      .toString()
      .trim()
      .split("= ")[1]!
      .toUpperCase();
    expect(info.publicKeyFingerprint.replaceAll(":", "")).toBe(spkiHash);
  });

  it("describes RSA and Ed25519 keys", () => {
    const r = parseCertificatesPem(rsa.pem)[0]!;
    expect(r.publicKeyAlgorithm).toBe("RSA");
    expect(r.publicKeySize).toBe(2048);
    expect(r.signatureAlgorithm).toBe("sha256WithRSAEncryption");
    const e = parseCertificatesPem(ed.pem)[0]!;
    expect(e.publicKeyAlgorithm).toBe("Ed25519");
    expect(e.signatureAlgorithm).toBe("ED25519");
    expect(e.selfSigned).toBe(true);
  });

  it("returns every certificate in order and skips private keys without leaking them", async () => {
    const keyPem = await privateKeyPem(leaf.keys);
    const bundle = `${keyPem}${leaf.pem}\nsome comment\n${root.pem}`;
    const infos = parseCertificatesPem(bundle);
    expect(infos.map((i) => i.commonName)).toEqual(["etcd", "selfsigned-ca"]);
    const keyBody = keyPem.split("\n")[1]!;
    expect(JSON.stringify(infos)).not.toContain(keyBody.slice(0, 20));
  });

  it("never mentions private key content in errors", async () => {
    const keyPem = await privateKeyPem(leaf.keys);
    const keyBody = keyPem.split("\n")[1]!;
    expect(() => parseCertificatesPem(keyPem)).toThrowError(new X509ParseError("no CERTIFICATE block"));
    try {
      parseCertificatesPem(`${keyPem}-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----`);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(X509ParseError);
      expect((err as Error).message).not.toContain(keyBody.slice(0, 16));
    }
  });

  it("says what is wrong", () => {
    expect(() => parseCertificatesPem("hello")).toThrowError(/not PEM/);
    expect(() => parseCertificatesPem("-----BEGIN CERTIFICATE-----\nAAAA\n")).toThrowError(/truncated PEM/);
    const truncated = Buffer.from(leaf.der.subarray(0, leaf.der.length - 10)).toString("base64");
    expect(() =>
      parseCertificatesPem(`-----BEGIN CERTIFICATE-----\n${truncated}\n-----END CERTIFICATE-----`),
    ).toThrowError(/certificate #1: truncated DER/);
    expect(() => parseCertificateDer(leaf.der.subarray(0, 100))).toThrowError(/truncated DER/);
    expect(() => parseCertificateDer(new Uint8Array([0x30, 0x00]))).toThrowError(X509ParseError);
  });

  it("exposes verification objects for the chain engine", () => {
    const [p] = parseCertificatesPemWithObjects(leaf.pem);
    const [r] = parseCertificatesPemWithObjects(root.pem);
    expect(p!.x509.verify(r!.x509.publicKey)).toBe(true);
    expect(p!.issuerKey).toBe(r!.subjectKey);
    expect(p!.authorityKeyId).toBe(r!.subjectKeyId);
    expect(p!.signatureHash).toBe("SHA256");
  });
});

describe("own DER reader agrees with @peculiar/x509", () => {
  it("reads names, SANs (IPv4 and IPv6), usages, constraints and URLs like peculiar does", async () => {
    const odd = await makeLeaf(root, "CN=Test \\, x \\+ y, O=Acme Inc., OU=Ops, C=US, L=Paris", {
      ipAddresses: ["10.1.2.3", "2001:db8::1", "::1"],
      dnsNames: ["a.example", "*.b.example"],
      keyUsages: KU.digitalSignature | KU.keyAgreement | KU.decipherOnly,
      crl: ["http://crl.test/1.crl", "http://crl.test/2.crl"],
      ocsp: ["http://ocsp.test"],
    });
    for (const c of [odd, leaf, root, rsa, ed]) {
      const p = new x509.X509Certificate(new Uint8Array(c.der));
      const info = parseCertificateDer(c.der);
      if (c !== odd) expect(info.subject).toBe(p.subject);
      expect(info.issuer).toBe(p.issuer);
      expect(info.notBefore).toBe(p.notBefore.toISOString());
      expect(info.notAfter).toBe(p.notAfter.toISOString());
      const san = p.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
      expect(info.dnsNames).toEqual(san.filter((n) => n.type === "dns").map((n) => n.value));
      expect(info.ipAddresses).toEqual(san.filter((n) => n.type === "ip").map((n) => n.value));
      const bc = p.getExtension(x509.BasicConstraintsExtension);
      expect(info.isCA).toBe(bc?.ca ?? false);
      const ski = p.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
      expect(parseCertificatesPemWithObjects(c.pem)[0]!.subjectKeyId).toBe(ski?.toLowerCase());
    }
    const info = parseCertificateDer(odd.der);
    expect(info.subject).toBe("CN=Test \\, x \\+ y, O=Acme Inc., OU=Ops, C=US, L=Paris");
    expect(info.commonName).toBe("Test , x + y");
    expect(info.ipAddresses).toEqual(["10.1.2.3", "2001:db8::1", "::1"]);
    expect(info.keyUsages).toEqual(["digital signature", "key agreement", "decipher only"]);
    expect(info.crlDistributionPoints).toEqual(["http://crl.test/1.crl", "http://crl.test/2.crl"]);
  });
});

describe("splitPem / decodeBase64Pem", () => {
  it("splits blocks with their types and ignores text between them", () => {
    const blocks = splitPem(`junk\n${leaf.pem}between\r\n${root.pem.replaceAll("\n", "\r\n")}trailer`);
    expect(blocks.map((b) => b.type)).toEqual(["CERTIFICATE", "CERTIFICATE"]);
    expect(Buffer.from(blocks[0]!.der).equals(Buffer.from(leaf.der))).toBe(true);
    expect(Buffer.from(blocks[1]!.der).equals(Buffer.from(root.der))).toBe(true);
    expect(splitPem("no pem here")).toEqual([]);
  });

  it("decodes Kubernetes Secret data", () => {
    const b64 = Buffer.from(leaf.pem).toString("base64");
    expect(decodeBase64Pem(b64)).toBe(leaf.pem);
    expect(decodeBase64Pem(leaf.pem)).toBe(leaf.pem);
    expect(() => decodeBase64Pem("not base64!")).toThrowError(/not base64/);
    expect(() => decodeBase64Pem(Buffer.from("hello").toString("base64"))).toThrowError(/not PEM/);
  });
});

describe("robustness (property-based)", { timeout: 60_000 }, () => {
  const onlyParseErrors = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof X509ParseError)) throw err;
    }
  };

  it("random bytes never throw anything but X509ParseError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) =>
        onlyParseErrors(() => parseCertificateDer(bytes)),
      ),
      { numRuns: 500 },
    );
  });

  it("random bytes behind a plausible SEQUENCE header never throw anything but X509ParseError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 1024 }), (body) => {
        const der = new Uint8Array([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
        onlyParseErrors(() => parseCertificateDer(der));
      }),
      { numRuns: 500 },
    );
  });

  it("truncated DER always fails with X509ParseError", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: leaf.der.length - 1 }), (n) => {
        expect(() => parseCertificateDer(leaf.der.subarray(0, n))).toThrowError(X509ParseError);
      }),
      { numRuns: 300 },
    );
  });

  it("DER with one flipped byte never throws anything but X509ParseError", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: leaf.der.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, x) => {
          const copy = new Uint8Array(leaf.der);
          copy[i] = copy[i]! ^ x;
          onlyParseErrors(() => parseCertificateDer(copy));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("mangled PEM never throws anything but X509ParseError", () => {
    const pem = `${leaf.pem}${root.pem}`;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: pem.length }),
        fc.integer({ min: 0, max: 200 }),
        fc.string({ maxLength: 40 }),
        (at, cut, insert) => {
          const mangled = pem.slice(0, at) + insert + pem.slice(at + cut);
          onlyParseErrors(() => parseCertificatesPem(mangled));
          onlyParseErrors(() => splitPem(mangled));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("arbitrary strings never throw anything but X509ParseError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        onlyParseErrors(() =>
          parseCertificatesPem(`-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----`),
        );
        onlyParseErrors(() => parseCertificatesPem(s));
        onlyParseErrors(() => decodeBase64Pem(s));
      }),
      { numRuns: 500 },
    );
  });

  it("many unterminated BEGIN lines do not hang", () => {
    const text = "-----BEGIN CERTIFICATE-----\n".repeat(20_000);
    // A hang would be caught by the test's timeout; speed is measured by npm run bench.
    expect(() => parseCertificatesPem(text)).toThrowError(X509ParseError);
  });
});

describe("fixtures", () => {
  it("can make a client-only leaf", async () => {
    const c = await makeLeaf(root, "CN=curl", { ekus: [EKU.client], keyUsages: KU.digitalSignature });
    expect(parseCertificatesPem(c.pem)[0]!.extendedKeyUsages).toEqual(["client auth"]);
  });
});

describe("Node certificate objects are not kept per certificate", { timeout: 120_000 }, () => {
  it("verifies a signature from DER after the certificate's object left the kept set", async () => {
    const root = await makeRoot("CN=kept-set root");
    const leaf = await makeLeaf(root, "CN=kept-set leaf");
    const [parsedRoot] = parseCertificatesPemWithObjects(root.pem);
    const [parsedLeaf] = parseCertificatesPemWithObjects(leaf.pem);
    // 1,100 other certificates parsed after them push both out of the 1,024 kept objects.
    const others = await Promise.all(Array.from({ length: 1100 }, (_, i) => makeLeaf(root, `CN=other-${i}`)));
    for (const o of others) parseCertificatesPemWithObjects(o.pem);
    const before = nodeCertificateRemakes();
    expect(parsedLeaf?.x509.verify(parsedRoot!.x509.publicKey)).toBe(true);
    expect(parsedLeaf?.x509.subject).toContain("kept-set leaf");
    expect(nodeCertificateRemakes()).toBe(before + 2);
    // Read again right away: from the kept set, not made again.
    expect(parsedLeaf?.x509.checkIssued(parsedRoot!.x509)).toBe(true);
    expect(nodeCertificateRemakes()).toBe(before + 2);
  });
});
