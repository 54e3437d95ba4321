import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1Secret } from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { reduceSecret } from "@/lib/k8s/secrets";
import { makeLeaf, makeRoot } from "@/lib/x509/test-fixtures";
import { containsPrivateKey, looksLikeDerPrivateKey, scrubSecrets, scrubValue } from "./scrub";
import { certificateBlocksOnly, keptSecretAnnotations } from "./secret-reduce";

// A corpus of private keys in every encoding they travel in, all made at test time (no key in the
// source): each is detected, scrubbed, and never kept by the Secret reduction.

interface Key {
  name: string;
  /** The key as a tool prints it. */
  text: string;
  /** The DER bytes whose base64 must never survive scrubbing. */
  der: Buffer;
}

const keys: Key[] = [];
let certPem = "";

function openssl(args: string[], input?: string | Buffer): Buffer {
  return execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "ignore"] });
}

function derOfPem(pem: string): Buffer {
  const m = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem);
  return Buffer.from((m?.[1] ?? "").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-keys-"));
  try {
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const ec = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const ed = crypto.generateKeyPairSync("ed25519");
    const pem = (k: crypto.KeyObject, type: "pkcs8" | "pkcs1" | "sec1", extra = {}) =>
      k.export({ format: "pem", type, ...extra } as crypto.KeyExportOptions<"pem">) as string;
    const der = (k: crypto.KeyObject, type: "pkcs8" | "pkcs1" | "sec1") =>
      k.export({ format: "der", type }) as Buffer;
    keys.push(
      { name: "PKCS#8 RSA", text: pem(rsa.privateKey, "pkcs8"), der: der(rsa.privateKey, "pkcs8") },
      { name: "PKCS#1 RSA", text: pem(rsa.privateKey, "pkcs1"), der: der(rsa.privateKey, "pkcs1") },
      { name: "SEC1 EC", text: pem(ec.privateKey, "sec1"), der: der(ec.privateKey, "sec1") },
      { name: "PKCS#8 EC", text: pem(ec.privateKey, "pkcs8"), der: der(ec.privateKey, "pkcs8") },
      { name: "PKCS#8 Ed25519", text: pem(ed.privateKey, "pkcs8"), der: der(ed.privateKey, "pkcs8") },
    );
    const encrypted = pem(rsa.privateKey, "pkcs8", { cipher: "aes-256-cbc", passphrase: "pw" });
    keys.push({ name: "encrypted PKCS#8", text: encrypted, der: derOfPem(encrypted) });

    // `openssl ecparam -genkey`: an EC PARAMETERS block, then the SEC1 key.
    const ecparam = openssl(["ecparam", "-name", "prime256v1", "-genkey"]).toString();
    keys.push({ name: "openssl ecparam -genkey", text: ecparam, der: derOfPem(ecparam) });

    // PKCS#12 and the "Bag Attributes" PEM that `openssl pkcs12 -nodes` prints.
    const root = await makeRoot("CN=corpus-ca");
    const leaf = await makeLeaf(root, "CN=corpus", { dnsNames: ["corpus.example"] });
    certPem = leaf.pem;
    const keyFile = path.join(dir, "k.pem");
    const certFile = path.join(dir, "c.pem");
    fs.writeFileSync(keyFile, pem(rsa.privateKey, "pkcs8"));
    fs.writeFileSync(
      certFile,
      openssl(["req", "-new", "-x509", "-key", keyFile, "-subj", "/CN=p12", "-days", "1"]),
    );
    const p12 = openssl(["pkcs12", "-export", "-inkey", keyFile, "-in", certFile, "-passout", "pass:pw"]);
    keys.push({ name: "PKCS#12", text: p12.toString("latin1"), der: p12 });
    const p12File = path.join(dir, "k.p12");
    fs.writeFileSync(p12File, p12);
    const bag = openssl(["pkcs12", "-in", p12File, "-nodes", "-passin", "pass:pw"]);
    keys.push({ name: "Bag Attributes PEM", text: bag.toString(), der: derOfPem(bag.toString()) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Every encoding of one key a response, log line or annotation could carry. */
function encodings(k: Key): { how: string; text: string }[] {
  const b64 = (s: string | Buffer) =>
    Buffer.from(s as string, typeof s === "string" ? "latin1" : undefined).toString("base64");
  const secretData = k.name === "PKCS#12" ? b64(k.der) : b64(k.text);
  const manifest = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "web-tls", namespace: "tls" },
    type: "kubernetes.io/tls",
    data: { "tls.crt": b64(certPem), "tls.key": secretData },
  };
  const lastApplied = JSON.stringify({
    metadata: {
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": `${JSON.stringify(manifest)}\n` },
    },
  });
  const out = [
    { how: "base64 of the DER", text: `value: ${k.der.toString("base64")}` },
    { how: "base64 of the DER, wrapped at 64", text: k.der.toString("base64").replace(/(.{64})/g, "$1\n") },
    { how: "base64 of the text", text: `"tls.key": "${secretData}"` },
    { how: "base64 of base64", text: b64(secretData) },
    { how: "inside a last-applied annotation", text: lastApplied },
    { how: "last-applied, escaped again", text: JSON.stringify(lastApplied) },
  ];
  if (k.name !== "PKCS#12") {
    out.push(
      { how: "JSON-escaped tls.key field", text: JSON.stringify({ "tls.key": k.text }) },
      { how: "raw", text: `error near ${k.text} in input` },
      { how: "JSON-escaped", text: JSON.stringify({ message: k.text }) },
      { how: "double-escaped", text: JSON.stringify(JSON.stringify({ message: k.text })) },
      { how: "CRLF", text: k.text.replace(/\n/g, "\r\n") },
    );
  }
  return out;
}

/** The base64 bodies of the CERTIFICATE blocks in `pem`, joined. */
function certificateBodies(pem: string): string {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
    .map((m) => (m[1] ?? "").replace(/[^A-Za-z0-9+/=]/g, ""))
    .join("|");
}

/**
 * True when a 32-character stretch of the key's DER base64 survives (escapes and newlines removed).
 * Stretches that a certificate in the key's own text also holds are skipped: a certificate carries
 * its key's public modulus, which the key's DER repeats (when the two line up in base64, a kept
 * certificate would otherwise count as the key surviving).
 */
function keyBodySurvives(k: Key, text: string): boolean {
  const flat = text.replace(/\\+[nr]|[\r\n]/g, "");
  const body = k.der.toString("base64");
  const certificates = certificateBodies(k.text);
  for (let i = 0; i + 32 <= body.length; i += 16) {
    const stretch = body.slice(i, i + 32);
    if (certificates.includes(stretch)) continue;
    if (flat.includes(stretch)) return true;
  }
  return false;
}

describe("private key corpus", () => {
  it("has every kind of key", () => {
    expect(keys.map((k) => k.name)).toEqual([
      "PKCS#8 RSA",
      "PKCS#1 RSA",
      "SEC1 EC",
      "PKCS#8 EC",
      "PKCS#8 Ed25519",
      "encrypted PKCS#8",
      "openssl ecparam -genkey",
      "PKCS#12",
      "Bag Attributes PEM",
    ]);
    for (const k of keys) expect(looksLikeDerPrivateKey(k.der), k.name).toBe(true);
  });

  it("detects and scrubs every key in every encoding", () => {
    for (const k of keys) {
      for (const { how, text } of encodings(k)) {
        const label = `${k.name}, ${how}`;
        expect(containsPrivateKey(text), label).toBe(true);
        const out = scrubSecrets(text);
        expect(containsPrivateKey(out), label).toBe(false);
        expect(keyBodySurvives(k, out), label).toBe(false);
        expect(keyBodySurvives(k, JSON.stringify(scrubValue({ nested: [text] }))), label).toBe(false);
      }
    }
  });

  it("leaves certificates, CSRs and ordinary text alone", () => {
    const csr = openssl([
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      "/dev/null",
      "-subj",
      "/CN=x",
    ]).toString();
    for (const text of [
      certPem,
      csr,
      Buffer.from(certPem).toString("base64"),
      "renewed tls/web (revision 3)",
    ]) {
      expect(containsPrivateKey(text)).toBe(false);
      expect(scrubSecrets(text)).toBe(text);
    }
  });

  it("the Secret reduction keeps no key: annotations, tls.crt with a key pasted in, ca.crt", () => {
    for (const k of keys) {
      for (const { how, text } of encodings(k)) {
        const secret: V1Secret = {
          metadata: {
            name: "web-tls",
            namespace: "tls",
            annotations: {
              "cert-manager.io/certificate-name": "web",
              "kubectl.kubernetes.io/last-applied-configuration": text,
              "cert-manager.io/alt-names": text,
              "example.com/note": "hello",
            },
          },
          type: "kubernetes.io/tls",
          data: {
            "tls.crt": Buffer.from(`${certPem}${k.name === "PKCS#12" ? text : k.text}`, "latin1").toString(
              "base64",
            ),
            "ca.crt": Buffer.from(`${k.name === "PKCS#12" ? "" : k.text}${certPem}`, "latin1").toString(
              "base64",
            ),
            "tls.key": k.der.toString("base64"),
          },
        };
        const reduced = reduceSecret(secret);
        const json = JSON.stringify(reduced);
        const label = `${k.name}, ${how}`;
        expect(containsPrivateKey(json), label).toBe(false);
        expect(keyBodySurvives(k, json), label).toBe(false);
        expect(reduced.metadata.annotations, label).toEqual({ "cert-manager.io/certificate-name": "web" });
        // only CERTIFICATE blocks are kept (the "Bag Attributes" PEM brings a certificate of its own)
        for (const kept of [reduced.tlsCrt ?? "", reduced.caCrt ?? ""]) {
          expect(kept, label).toContain(certificateBlocksOnly(certPem)?.trim());
          expect(
            kept.match(/-----BEGIN [A-Z ]+-----/g)?.every((l) => l === "-----BEGIN CERTIFICATE-----"),
          ).toBe(true);
        }
        expect(reduced.dataKeys).toEqual(["ca.crt", "tls.crt", "tls.key"]);
      }
    }
  });

  it("keeps only cert-manager's annotations", () => {
    expect(
      keptSecretAnnotations({
        "cert-manager.io/issuer-name": "ca",
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        "meta.helm.sh/release-name": "x",
      }),
    ).toEqual({ "cert-manager.io/issuer-name": "ca" });
    expect(keptSecretAnnotations({ "a/b": "c" })).toBeUndefined();
  });
});
