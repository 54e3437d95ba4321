import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/**
 * Test-only helpers: generate keys and certificates at test time with WebCrypto, so no private
 * key is ever committed. Not imported by application code.
 */

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type KeySpec =
  | { kind: "rsa"; bits: number }
  | { kind: "ec"; curve: "P-256" | "P-384" }
  | { kind: "ed25519" };

export interface TestCert {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  keySpec: KeySpec;
  pem: string;
  der: Uint8Array;
}

export interface CertOptions {
  /** Subject DN, e.g. "CN=root, O=Test". */
  subject: string;
  /** Signing certificate; omit for self-signed. */
  issuer?: TestCert;
  key?: KeySpec;
  /** Hash for the signature (RSA / ECDSA); "SHA-1" makes a SHA-1 signed certificate. */
  hash?: "SHA-1" | "SHA-256" | "SHA-384";
  notBefore?: Date;
  notAfter?: Date;
  /** basicConstraints: omitted when undefined. */
  ca?: { isCA: boolean; pathLength?: number };
  /** keyUsage flags; omitted when undefined. */
  keyUsages?: x509.KeyUsageFlags;
  /** EKU OIDs (use `EKU.server` / `EKU.client`). */
  ekus?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  emails?: string[];
  uris?: string[];
  crl?: string[];
  ocsp?: string[];
  serial?: string;
  /** Sign with this key pair instead of the issuer's (makes a signature that does not verify). */
  wrongSigner?: CryptoKeyPair;
}

export const EKU = { server: "1.3.6.1.5.5.7.3.1", client: "1.3.6.1.5.5.7.3.2" } as const;
export const KU = x509.KeyUsageFlags;

const DAY = 86_400_000;
let serialCounter = 1;

function keyAlgorithm(spec: KeySpec, hash: string): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  switch (spec.kind) {
    case "rsa":
      return {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: spec.bits,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash,
      };
    case "ec":
      return { name: "ECDSA", namedCurve: spec.curve };
    case "ed25519":
      return { name: "Ed25519" };
  }
}

/** Generates a key pair for the spec. */
export async function generateKeys(spec: KeySpec): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(keyAlgorithm(spec, "SHA-256"), true, ["sign", "verify"])) as CryptoKeyPair;
}

async function signerFor(keys: CryptoKeyPair, spec: KeySpec, hash: string) {
  if (spec.kind === "rsa") {
    // RSASSA keys carry their hash: re-import the private key with the requested one.
    const pkcs8 = await subtle.exportKey("pkcs8", keys.privateKey);
    const key = await subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash }, false, ["sign"]);
    return { key, algorithm: { name: "RSASSA-PKCS1-v1_5", hash } };
  }
  if (spec.kind === "ec") return { key: keys.privateKey, algorithm: { name: "ECDSA", hash } };
  return { key: keys.privateKey, algorithm: { name: "Ed25519" } };
}

/** Creates a certificate (self-signed unless `issuer` is given). */
export async function makeCert(opts: CertOptions): Promise<TestCert> {
  const keySpec = opts.key ?? { kind: "ec", curve: "P-256" };
  const keys = await generateKeys(keySpec);
  const hash = opts.hash ?? "SHA-256";
  const now = Date.now();
  const extensions: x509.Extension[] = [];
  if (opts.ca) extensions.push(new x509.BasicConstraintsExtension(opts.ca.isCA, opts.ca.pathLength, true));
  if (opts.keyUsages !== undefined) extensions.push(new x509.KeyUsagesExtension(opts.keyUsages, true));
  if (opts.ekus) extensions.push(new x509.ExtendedKeyUsageExtension(opts.ekus));
  const sans: x509.JsonGeneralName[] = [
    ...(opts.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(opts.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value })),
    ...(opts.emails ?? []).map((value) => ({ type: "email" as const, value })),
    ...(opts.uris ?? []).map((value) => ({ type: "url" as const, value })),
  ];
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans));
  if (opts.crl) extensions.push(new x509.CRLDistributionPointsExtension(opts.crl));
  if (opts.ocsp) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: opts.ocsp }));
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  const issuerKeys = opts.issuer?.keys ?? keys;
  const issuerSpec = opts.issuer?.keySpec ?? keySpec;
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey));

  const signer = await signerFor(opts.wrongSigner ?? issuerKeys, issuerSpec, hash);
  const serial = opts.serial ?? (serialCounter++).toString(16).padStart(4, "0");
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: opts.subject,
    issuer: opts.issuer ? opts.issuer.cert.subject : opts.subject,
    notBefore: opts.notBefore ?? new Date(now - DAY),
    notAfter: opts.notAfter ?? new Date(now + 90 * DAY),
    publicKey: keys.publicKey,
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
    extensions,
  });
  return { cert, keys, keySpec, pem: cert.toString("pem"), der: new Uint8Array(cert.rawData) };
}

/** CAs default to ten years, leaves to 90 days, so a leaf never outlives its CA by accident. */
const CA_LIFETIME_MS = 3650 * DAY;

/** Root CA: self-signed, CA:TRUE, cert sign + crl sign, valid ten years. */
export function makeRoot(subject = "CN=test-root, O=Trustdeck Test", extra: Partial<CertOptions> = {}) {
  return makeCert({
    subject,
    ca: { isCA: true },
    keyUsages: KU.keyCertSign | KU.cRLSign,
    notAfter: new Date(Date.now() + CA_LIFETIME_MS),
    ...extra,
  });
}

/** Intermediate CA signed by `issuer`, expiring a day before a default root. */
export function makeIntermediate(
  issuer: TestCert,
  subject = "CN=test-intermediate",
  extra: Partial<CertOptions> = {},
) {
  return makeCert({
    subject,
    issuer,
    ca: { isCA: true },
    keyUsages: KU.keyCertSign | KU.cRLSign,
    notAfter: new Date(Date.now() + CA_LIFETIME_MS - DAY),
    ...extra,
  });
}

/** Leaf signed by `issuer`, server + client auth unless `ekus` says otherwise. */
export function makeLeaf(issuer: TestCert, subject = "CN=leaf", extra: Partial<CertOptions> = {}) {
  return makeCert({
    subject,
    issuer,
    ca: { isCA: false },
    keyUsages: KU.digitalSignature | KU.keyEncipherment,
    ekus: [EKU.server, EKU.client],
    dnsNames: ["leaf.test"],
    ...extra,
  });
}

/** A fake RSA "private key" PEM block with random content (never a real key). */
export function fakePrivateKeyPem(): string {
  const body = Buffer.from(webcrypto.getRandomValues(new Uint8Array(96))).toString("base64");
  return `-----BEGIN ${"PRIVATE"} KEY-----\n${body}\n-----END ${"PRIVATE"} KEY-----\n`;
}

/** Exports a generated private key as PKCS#8 PEM (for tests that need a real key block). */
export async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const lines = pkcs8.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${"PRIVATE"} KEY-----\n${lines.join("\n")}\n-----END ${"PRIVATE"} KEY-----\n`;
}
