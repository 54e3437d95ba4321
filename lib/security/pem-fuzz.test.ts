import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeBase64Pem, parseCertificatesPem, splitPem, X509ParseError } from "@/lib/x509/parse";
import { makeLeaf, makeRoot, privateKeyPem, type TestCert } from "@/lib/x509/test-fixtures";
import { containsPrivateKey } from "./scrub";

// Security properties of the PEM entry points that hostile input reaches: they fail only with
// X509ParseError, and neither their output nor their messages ever carry private key material.

let leaf: TestCert;
let keyPem: string;
beforeAll(async () => {
  const root = await makeRoot();
  leaf = await makeLeaf(root, "CN=fuzz-leaf");
  keyPem = await privateKeyPem(leaf.keys);
});

function outcome(fn: () => unknown): { value?: unknown; error?: Error } {
  try {
    return { value: fn() };
  } catch (err) {
    if (!(err instanceof X509ParseError)) throw err;
    return { error: err };
  }
}

const keyBody = () => keyPem.split("\n").filter((l) => l && !l.startsWith("-----"))[0] ?? "";

describe("PEM parsers under hostile input (property-based)", { timeout: 60_000 }, () => {
  it("PEM armour around random base64 fails only with X509ParseError", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1500 }),
        fc.constantFrom("CERTIFICATE", "X", "PRIVATE KEY"),
        (bytes, label) => {
          const pem = `-----BEGIN ${label}-----\n${Buffer.from(bytes).toString("base64")}\n-----END ${label}-----\n`;
          outcome(() => parseCertificatesPem(pem));
          outcome(() => splitPem(pem));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a bundle truncated anywhere fails only with X509ParseError", () => {
    const bundle = `${leaf.pem}${keyPem}`;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bundle.length }), (n) => {
        outcome(() => parseCertificatesPem(bundle.slice(0, n)));
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary unicode text (NUL, RTL override, homoglyphs) fails only with X509ParseError", () => {
    const tricky = fc.constantFrom("\u0000", "\u202e", "\u0421", "-----BEGIN ", "-----END ", "\r\n", "=");
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), tricky), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        outcome(() => parseCertificatesPem(text));
        outcome(() => decodeBase64Pem(text));
      }),
      { numRuns: 300 },
    );
  });

  it("a private key next to a certificate never reaches the output or an error message", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.integer({ min: 0, max: 200 }),
        fc.boolean(),
        (junk, cut, keyFirst) => {
          const broken = leaf.pem.slice(0, Math.max(30, leaf.pem.length - cut));
          const text = keyFirst ? `${keyPem}${junk}${broken}` : `${broken}${junk}${keyPem}`;
          const { value, error } = outcome(() => parseCertificatesPem(text));
          const seen = JSON.stringify(value ?? null) + (error?.message ?? "");
          expect(containsPrivateKey(seen)).toBe(false);
          expect(seen).not.toContain(keyBody());
        },
      ),
      { numRuns: 200 },
    );
  });
});
