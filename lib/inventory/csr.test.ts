import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCsr } from "./csr";

/** Builds a CSR with openssl (the independent oracle) and returns its PEM. */
function opensslCsr(args: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csr-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-new", "-nodes", "-keyout", path.join(dir, "k"), "-out", path.join(dir, "c"), ...args],
      {
        stdio: "ignore",
      },
    );
    return fs.readFileSync(path.join(dir, "c"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("decodeCsr", () => {
  it("reads subject, SANs by type, EC P-256 key, usages and the self-signature of an openssl CSR", async () => {
    const pem = opensslCsr([
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-subj",
      "/CN=api.example.com/O=Example",
      "-addext",
      "subjectAltName=DNS:api.example.com,IP:10.0.0.10,URI:spiffe://cluster.local/ns/tls/sa/api,email:ops@example.com",
      "-addext",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "-addext",
      "extendedKeyUsage=serverAuth,clientAuth",
    ]);
    const info = await decodeCsr(pem);
    expect(info.subject).toContain("CN=api.example.com");
    expect(info.subject).toContain("O=Example");
    expect(info.sans).toEqual([
      { type: "DNS", value: "api.example.com" },
      { type: "IP", value: "10.0.0.10" },
      { type: "URI", value: "spiffe://cluster.local/ns/tls/sa/api" },
      { type: "email", value: "ops@example.com" },
    ]);
    expect(info).toMatchObject({ keyAlgorithm: "ECDSA", keySize: 256, curve: "prime256v1", isCA: false });
    expect(info.keyUsages).toEqual(["digitalSignature", "keyEncipherment"]);
    expect(info.extendedKeyUsages).toEqual(["serverAuth", "clientAuth"]);
    expect(info.signatureValid).toBe(true);
  });

  it("reads an RSA 2048 key and a CA request", async () => {
    const pem = opensslCsr([
      "-newkey",
      "rsa:2048",
      "-subj",
      "/CN=Example Root",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
    ]);
    const info = await decodeCsr(pem);
    expect(info).toMatchObject({ keyAlgorithm: "RSA", keySize: 2048, isCA: true, sans: [] });
  });

  it("throws on input that is not a CSR", async () => {
    await expect(decodeCsr("not a csr")).rejects.toThrow();
  });
});
