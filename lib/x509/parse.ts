import { createHash, X509Certificate as NodeX509Certificate } from "node:crypto";
import { RsaSaPssParams } from "@peculiar/asn1-rsa";
import { AsnConvert } from "@peculiar/asn1-schema";
import type { CertificateInfo } from "@/lib/types";
import {
  DerError,
  type GeneralNameValue,
  type Rdn,
  readCertificateFields,
  readCertificateOutline,
} from "./der";
import { type NameConstraintsValue, parseNameConstraints } from "./names";

/**
 * X.509 parsing: PEM/DER in, `CertificateInfo` DTOs out. Pure and synchronous.
 *
 * Conventions of the output:
 * - `subject` / `issuer`: RDNs in certificate (DER) order joined with ", ", e.g. "CN=ca, O=Acme"
 *   (OpenSSL short names, `emailAddress=`; RFC 4514 escaping of special characters).
 *
 * Certificates are read with Node's X509Certificate (OpenSSL: validity of the encoding, public
 * key, signatures) plus a small DER reader for the extensions (`der.ts`), which is several times
 * faster than a schema-driven ASN.1 parser when a cluster holds thousands of certificates.
 * - `serialNumber`: plain uppercase hex, no colons, no sign-padding `00` (what `openssl x509 -serial` prints).
 * - `sha256Fingerprint` / `publicKeyFingerprint`: uppercase hex pairs joined by ":" (as `openssl -fingerprint`).
 * - `publicKeyAlgorithm`: "RSA" | "RSA-PSS" | "ECDSA" | "Ed25519" | "Ed448" | "DSA"; `publicKeySize`: RSA
 *   modulus bits or EC curve bits (undefined for Ed25519/Ed448).
 * - `signatureAlgorithm`: OpenSSL's name ("sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519", ...).
 * - `keyUsages` / `extendedKeyUsages`: cert-manager usage names ("digital signature", "server auth", ...);
 *   an unknown EKU is given as its dotted OID.
 */

/** Thrown for any input that is not a well-formed certificate; the message says what is wrong. */
export class X509ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "X509ParseError";
  }
}

/** One PEM block: its label ("CERTIFICATE", "PRIVATE KEY", ...) and decoded body. */
export interface PemBlock {
  type: string;
  der: Uint8Array;
}

/** A parsed certificate with the objects the chain engine needs besides the DTO. */
export interface ParsedCertificate {
  info: CertificateInfo;
  der: Uint8Array;
  /**
   * Node's certificate object: signature verification, public key. Made from `der` when read and
   * kept only among the most recently used (`nodeCertificate`): each one holds ~8 KB of OpenSSL
   * memory, so keeping one per certificate of 50,000 Secrets cost ~400 MB while signature results
   * are memoised anyway (lib/x509/chain.ts).
   */
  readonly x509: NodeX509Certificate;
  /** Dotted OID of the signature algorithm. */
  signatureOid: string;
  /** Hash used by the signature ("SHA1", "SHA256", ...; "" for EdDSA or unknown). */
  signatureHash: string;
  /** Subject / issuer exactly as Node renders them: used for name matching. */
  subjectKey: string;
  issuerKey: string;
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** Whether the certificate has a keyUsage / basicConstraints extension at all. */
  hasKeyUsage: boolean;
  hasBasicConstraints: boolean;
  /** X.509 version (1, 2 or 3). */
  version: number;
  /** pathLenConstraint as encoded, also when CA is false (a strict-mode error). */
  basicConstraintsPathLength?: number;
  /** Every extension: OID and critical flag, in certificate order. */
  extensions: { oid: string; critical: boolean }[];
  /** OIDs that appear more than once (RFC 5280 4.2: a certificate MUST NOT). */
  duplicateExtensions: string[];
  /** OIDs of extensions whose value could not be read (empty, truncated, wrong type). */
  malformedExtensions: string[];
  /** SAN entries with raw values; `hasSan` tells an empty SAN from an absent one. */
  sanEntries: GeneralNameValue[];
  hasSan: boolean;
  /** Subject and issuer as RDN lists (name constraints compare DNs by RDN). */
  subjectRdns: Rdn[];
  issuerRdns: Rdn[];
  /** RFC 5280 4.1.2.2 serial rules broken: "zero", "negative", "too-long" (> 20 octets). */
  serialProblems: ("zero" | "negative" | "too-long")[];
  /** tbsCertificate.signature equals signatureAlgorithm (RFC 5280 4.1.1.2). */
  signatureAlgorithmsMatch: boolean;
  /** Key facts for the key-strength policy. */
  key: {
    /** EC named-curve OID or name, when the key is EC with a named curve. */
    curve?: string;
    /** EC key with explicit (unnamed) curve parameters: OpenSSL's strict mode rejects them. */
    explicitCurve: boolean;
    /** Whether Node/OpenSSL can use the key at all (unsupported or malformed keys cannot verify). */
    usable: boolean;
  };
  /** Decoded NameConstraints, or the reason it is invalid; undefined without the extension. */
  nameConstraints?: NameConstraintsValue | { invalid: string };
  /** Authority key identifier facts beyond keyIdentifier (authorityCertIssuer/serialNumber). */
  authorityKeyIdHasIssuer: boolean;
  hasAuthorityKeyIdExtension: boolean;
}

const PEM_BEGIN = "-----BEGIN ";
const PEM_DASHES = "-----";
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function isPrivateKeyType(type: string): boolean {
  return type.includes("PRIVATE KEY");
}

/**
 * Splits text into its PEM blocks, in order. Text outside blocks (comments, `openssl` dumps) is
 * ignored. Throws X509ParseError for a BEGIN without matching END or a body that is not base64.
 * Note: blocks of every type are returned, private keys included; use `parseCertificatesPem` when
 * you only want certificates.
 */
export function splitPem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let pos = 0;
  for (;;) {
    const begin = text.indexOf(PEM_BEGIN, pos);
    if (begin < 0) break;
    const labelEnd = text.indexOf(PEM_DASHES, begin + PEM_BEGIN.length);
    const lineEnd = text.indexOf("\n", begin);
    if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
      throw new X509ParseError("malformed PEM: BEGIN line without closing dashes");
    }
    const type = text.slice(begin + PEM_BEGIN.length, labelEnd).trim();
    if (!/^[A-Z0-9 ]{1,64}$/.test(type)) throw new X509ParseError("malformed PEM: invalid block label");
    const bodyStart = labelEnd + PEM_DASHES.length;
    const endMarker = `-----END ${type}-----`;
    const end = text.indexOf(endMarker, bodyStart);
    if (end < 0) throw new X509ParseError(`truncated PEM: BEGIN ${type} without END ${type}`);
    // Drop RFC 1421 header lines (Proc-Type:, DEK-Info:) that encrypted keys carry.
    const body = text
      .slice(bodyStart, end)
      .split(/\r?\n/)
      .filter((line) => !line.includes(":"))
      .join("")
      .replace(/\s+/g, "");
    if (!BASE64_RE.test(body) || body.length % 4 === 1) {
      throw new X509ParseError(`malformed PEM: ${type} block body is not base64`);
    }
    blocks.push({ type, der: new Uint8Array(Buffer.from(body, "base64")) });
    pos = end + endMarker.length;
  }
  return blocks;
}

/**
 * Decodes one Kubernetes Secret `data` value (base64 of PEM) to PEM text. Input that already is
 * PEM (e.g. from `stringData`) is returned unchanged. Throws X509ParseError when the input is not
 * base64 or does not decode to PEM.
 */
export function decodeBase64Pem(b64: string): string {
  if (b64.includes(PEM_BEGIN)) return b64;
  const compact = b64.replace(/\s+/g, "");
  if (compact.length === 0) throw new X509ParseError("empty value: no PEM");
  if (!BASE64_RE.test(compact) || compact.length % 4 === 1) {
    throw new X509ParseError("not base64: Secret data must be base64-encoded PEM");
  }
  const text = Buffer.from(compact, "base64").toString("utf8");
  if (!text.includes(PEM_BEGIN)) throw new X509ParseError("not PEM: base64 value does not decode to PEM");
  return text;
}

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string }> = {
  "1.2.840.113549.1.1.4": { name: "md5WithRSAEncryption", hash: "MD5" },
  "1.2.840.113549.1.1.5": { name: "sha1WithRSAEncryption", hash: "SHA1" },
  "1.2.840.113549.1.1.10": { name: "rsassaPss", hash: "" },
  "1.2.840.113549.1.1.11": { name: "sha256WithRSAEncryption", hash: "SHA256" },
  "1.2.840.113549.1.1.12": { name: "sha384WithRSAEncryption", hash: "SHA384" },
  "1.2.840.113549.1.1.13": { name: "sha512WithRSAEncryption", hash: "SHA512" },
  "1.2.840.113549.1.1.14": { name: "sha224WithRSAEncryption", hash: "SHA224" },
  "1.2.840.10045.4.1": { name: "ecdsa-with-SHA1", hash: "SHA1" },
  "1.2.840.10045.4.3.1": { name: "ecdsa-with-SHA224", hash: "SHA224" },
  "1.2.840.10045.4.3.2": { name: "ecdsa-with-SHA256", hash: "SHA256" },
  "1.2.840.10045.4.3.3": { name: "ecdsa-with-SHA384", hash: "SHA384" },
  "1.2.840.10045.4.3.4": { name: "ecdsa-with-SHA512", hash: "SHA512" },
  "1.2.840.10040.4.3": { name: "dsaWithSHA1", hash: "SHA1" },
  "2.16.840.1.101.3.4.3.2": { name: "dsa_with_SHA256", hash: "SHA256" },
  "1.3.101.112": { name: "ED25519", hash: "" },
  "1.3.101.113": { name: "ED448", hash: "" },
};

const EKU_NAMES: Record<string, string> = {
  "2.5.29.37.0": "any",
  "1.3.6.1.5.5.7.3.1": "server auth",
  "1.3.6.1.5.5.7.3.2": "client auth",
  "1.3.6.1.5.5.7.3.3": "code signing",
  "1.3.6.1.5.5.7.3.4": "email protection",
  "1.3.6.1.5.5.7.3.5": "ipsec end system",
  "1.3.6.1.5.5.7.3.6": "ipsec tunnel",
  "1.3.6.1.5.5.7.3.7": "ipsec user",
  "1.3.6.1.5.5.7.3.8": "timestamping",
  "1.3.6.1.5.5.7.3.9": "ocsp signing",
  "1.3.6.1.4.1.311.10.3.3": "microsoft sgc",
  "2.16.840.1.113730.4.1": "netscape sgc",
};

/** KeyUsage bit names in ASN.1 bit order. */
const KEY_USAGE_NAMES = [
  "digital signature",
  "content commitment",
  "key encipherment",
  "data encipherment",
  "key agreement",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
];

const ATTRIBUTE_NAMES: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "STREET",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "title",
  "2.5.4.17": "postalCode",
  "2.5.4.42": "GN",
  "0.9.2342.19200300.100.1.1": "UID",
  "0.9.2342.19200300.100.1.25": "DC",
  "1.2.840.113549.1.9.1": "emailAddress",
};

function escapeDnValue(value: string): string {
  if (value.startsWith("#") && /^#[0-9a-f]*$/.test(value)) return value;
  let v = value.replace(/[,+"\\<>;]/g, "\\$&");
  if (v.startsWith(" ") || v.startsWith("#")) v = `\\${v}`;
  if (v.endsWith(" ") && v.length > 1) v = `${v.slice(0, -1)}\\ `;
  return v;
}

/** "CN=a, O=b" in DER order; multi-valued RDNs joined with "+". */
export function formatDn(rdns: Rdn[]): string {
  return rdns
    .map((rdn) => rdn.map((a) => `${ATTRIBUTE_NAMES[a.oid] ?? a.oid}=${escapeDnValue(a.value)}`).join("+"))
    .join(", ");
}

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  "P-256": 256,
  "P-384": 384,
  "P-521": 521,
};

/** Uppercase hex pairs joined by ":". */
export function colonHex(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString("hex")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
}

/**
 * The serial as `openssl x509 -serial` prints it, from the INTEGER's two's-complement content:
 * uppercase hex without the sign-padding 00; a negative serial as "-" and its magnitude
 * (content ED CC prints "-1234", unlike the positive 00 ED CC, "EDCC").
 */
export function formatSerial(rawHex: string): string {
  if (rawHex.length === 0) return "00";
  const bytes = Buffer.from(rawHex, "hex");
  if ((bytes[0]! & 0x80) !== 0) {
    const magnitude = (1n << BigInt(bytes.length * 8)) - BigInt(`0x${rawHex}`);
    let h = magnitude.toString(16).toUpperCase();
    if (h.length % 2 === 1) h = `0${h}`;
    return `-${h}`;
  }
  let s = rawHex.toUpperCase();
  while (s.length > 2 && s.startsWith("00")) s = s.slice(2);
  return s;
}

function serialProblems(rawHex: string): ("zero" | "negative" | "too-long")[] {
  const out: ("zero" | "negative" | "too-long")[] = [];
  const bytes = Buffer.from(rawHex, "hex");
  if (bytes.every((b) => b === 0)) out.push("zero");
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) out.push("negative");
  if (bytes.length > 20) out.push("too-long");
  return out;
}

const HASH_OIDS: Record<string, string> = {
  "1.3.14.3.2.26": "SHA1",
  "2.16.840.1.101.3.4.2.1": "SHA256",
  "2.16.840.1.101.3.4.2.2": "SHA384",
  "2.16.840.1.101.3.4.2.3": "SHA512",
  "2.16.840.1.101.3.4.2.4": "SHA224",
  "1.2.840.113549.2.5": "MD5",
};

/**
 * Hash of an RSASSA-PSS signature (RFC 4055): read from its parameters with `@peculiar/asn1-rsa`
 * (absent parameters mean SHA-1). Returns "" when the parameters cannot be read.
 */
function pssHash(params: Uint8Array | undefined): string {
  if (!params) return "SHA1";
  try {
    const p = AsnConvert.parse(params, RsaSaPssParams);
    return HASH_OIDS[p.hashAlgorithm.algorithm] ?? p.hashAlgorithm.algorithm;
  } catch {
    return "";
  }
}

const CURVE_OIDS: Record<string, string> = {
  "1.2.840.10045.3.1.7": "P-256",
  "1.3.132.0.34": "P-384",
  "1.3.132.0.35": "P-521",
  "1.3.132.0.33": "P-224",
  "1.2.840.10045.3.1.1": "P-192",
  "1.3.132.0.10": "secp256k1",
};

const CURVE_OID_BITS: Record<string, number> = { "P-192": 192, "P-224": 224 };

/** How many Node certificate objects `nodeCertificate` keeps (CAs verify many children: they stay). */
const NODE_CERT_KEEP = 1024;
const nodeCerts = new Map<string, NodeX509Certificate>();
let nodeCertRemakes = 0;

/** Puts `cert` first in the kept set (evicting the least recently used past `NODE_CERT_KEEP`). */
function keepNodeCertificate(fingerprint: string, cert: NodeX509Certificate): void {
  nodeCerts.delete(fingerprint);
  nodeCerts.set(fingerprint, cert);
  if (nodeCerts.size > NODE_CERT_KEEP) {
    const oldest = nodeCerts.keys().next().value;
    if (oldest !== undefined) nodeCerts.delete(oldest);
  }
}

/**
 * Node's certificate object for `der` (identified by its SHA-256 fingerprint), from a small
 * least-recently-used set that parsing fills; made again from the DER when it has left the set.
 */
function nodeCertificate(der: Uint8Array, fingerprint: string): NodeX509Certificate {
  const kept = nodeCerts.get(fingerprint);
  if (kept) {
    keepNodeCertificate(fingerprint, kept);
    return kept;
  }
  nodeCertRemakes++;
  const made = new NodeX509Certificate(Buffer.from(der));
  keepNodeCertificate(fingerprint, made);
  return made;
}

/** How many Node certificate objects were made again from DER after leaving the kept set (for tests). */
export function nodeCertificateRemakes(): number {
  return nodeCertRemakes;
}

function describeKey(cert: NodeX509Certificate): { algorithm: string; size?: number; spki: Buffer } {
  const key = cert.publicKey;
  const spki = key.export({ type: "spki", format: "der" });
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { algorithm: "RSA", size: details.modulusLength, spki };
    case "rsa-pss":
      return { algorithm: "RSA-PSS", size: details.modulusLength, spki };
    case "ec":
      return { algorithm: "ECDSA", size: CURVE_BITS[details.namedCurve ?? ""], spki };
    case "ed25519":
      return { algorithm: "Ed25519", spki };
    case "ed448":
      return { algorithm: "Ed448", spki };
    case "dsa":
      return { algorithm: "DSA", size: details.modulusLength, spki };
    default:
      return { algorithm: key.asymmetricKeyType ?? "unknown", spki };
  }
}

function safeVerify(cert: NodeX509Certificate, key: NodeX509Certificate["publicKey"]): boolean {
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

function shortMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > 160 ? `${msg.slice(0, 160)}...` : msg;
}

/**
 * Parses one DER certificate into the DTO plus the objects used for chain verification.
 * Throws X509ParseError for anything that is not a well-formed certificate.
 */
export function parseCertificateDerWithObjects(der: Uint8Array): ParsedCertificate {
  let signatureOid: string;
  try {
    signatureOid = readCertificateOutline(der).signatureOid;
  } catch (err) {
    if (err instanceof DerError) throw new X509ParseError(err.message);
    throw new X509ParseError(`invalid DER: ${shortMessage(err)}`);
  }
  try {
    const bytes = new Uint8Array(der);
    const node = new NodeX509Certificate(Buffer.from(bytes));
    const f = readCertificateFields(bytes);
    let key: { algorithm: string; size?: number; spki: Buffer };
    let keyUsable = true;
    const curve = f.publicKeyParamsOid ? CURVE_OIDS[f.publicKeyParamsOid] : undefined;
    try {
      key = describeKey(node);
      if (key.algorithm === "ECDSA" && key.size === undefined && curve) key.size = CURVE_OID_BITS[curve];
    } catch {
      // A key Node cannot load (explicit curve parameters, unknown algorithm): keep the
      // certificate, mark the key unusable; the chain engine reports it.
      keyUsable = false;
      key = {
        algorithm:
          f.publicKeyAlgorithmOid === "1.2.840.10045.2.1" ? "ECDSA" : (f.publicKeyAlgorithmOid ?? "unknown"),
        spki: Buffer.from(f.spkiDer ?? new Uint8Array()),
      };
    }
    const keyUsages = f.keyUsageBits ? KEY_USAGE_NAMES.filter((_, i) => f.keyUsageBits?.[i]) : [];
    const extendedKeyUsages = (f.extendedKeyUsageOids ?? []).map((oid) => EKU_NAMES[oid] ?? oid);
    const bc = f.basicConstraints;
    const subjectCn = f.subject.flat().find((a) => a.oid === "2.5.4.3")?.value;
    const selfSigned = keyUsable && node.subject === node.issuer && safeVerify(node, node.publicKey);
    const sig = SIGNATURE_ALGORITHMS[signatureOid];

    const info: CertificateInfo = {
      subject: formatDn(f.subject),
      issuer: formatDn(f.issuer),
      serialNumber: formatSerial(f.serialRawHex),
      sha256Fingerprint: colonHex(createHash("sha256").update(bytes).digest()),
      publicKeyFingerprint: colonHex(createHash("sha256").update(key.spki).digest()),
      publicKeyAlgorithm: key.algorithm,
      signatureAlgorithm: sig?.name ?? signatureOid,
      dnsNames: uniq(f.dnsNames),
      ipAddresses: uniq(f.ipAddresses),
      emailAddresses: uniq(f.emailAddresses),
      uris: uniq(f.uris),
      keyUsages,
      extendedKeyUsages: uniq(extendedKeyUsages),
      isCA: bc?.ca ?? false,
      notBefore: f.notBefore.toISOString(),
      notAfter: f.notAfter.toISOString(),
      crlDistributionPoints: uniq(f.crlUrls),
      ocspServers: uniq(f.ocspUrls),
      selfSigned,
    };
    keepNodeCertificate(info.sha256Fingerprint, node);
    if (subjectCn !== undefined) info.commonName = subjectCn;
    if (key.size !== undefined) info.publicKeySize = key.size;
    if (bc?.ca && bc.pathLength !== undefined) info.pathLength = bc.pathLength;

    const parsed: ParsedCertificate = {
      info,
      der: bytes,
      get x509() {
        return nodeCertificate(bytes, info.sha256Fingerprint);
      },
      signatureOid,
      signatureHash: sig?.hash ?? "",
      subjectKey: node.subject,
      issuerKey: node.issuer,
      hasKeyUsage: f.keyUsageBits !== undefined,
      hasBasicConstraints: bc !== undefined,
      version: f.version,
      extensions: f.extensions.map((e) => ({ oid: e.oid, critical: e.critical })),
      duplicateExtensions: uniq(
        f.extensions.map((e) => e.oid).filter((oid, i, all) => all.indexOf(oid) !== i),
      ),
      malformedExtensions: f.malformedExtensions,
      sanEntries: f.sanEntries,
      hasSan: f.hasSan,
      subjectRdns: f.subject,
      issuerRdns: f.issuer,
      serialProblems: serialProblems(f.serialRawHex),
      signatureAlgorithmsMatch: f.signatureAlgorithmsMatch,
      key: { explicitCurve: f.publicKeyParamsExplicit === true, usable: keyUsable },
      authorityKeyIdHasIssuer: f.authorityKeyIdHasIssuer === true,
      hasAuthorityKeyIdExtension: f.hasAuthorityKeyIdExtension,
    };
    if (curve) parsed.key.curve = curve;
    if (bc?.pathLength !== undefined) parsed.basicConstraintsPathLength = bc.pathLength;
    if (signatureOid === "1.2.840.113549.1.1.10") parsed.signatureHash = pssHash(f.signatureParams);
    const ncExt = f.extensions.find((e) => e.oid === "2.5.29.30");
    if (ncExt) {
      try {
        parsed.nameConstraints = parseNameConstraints(bytes.subarray(ncExt.start, ncExt.end));
      } catch (err) {
        parsed.nameConstraints = { invalid: err instanceof Error ? err.message : String(err) };
      }
    }
    if (f.subjectKeyId) parsed.subjectKeyId = f.subjectKeyId;
    if (f.authorityKeyId) parsed.authorityKeyId = f.authorityKeyId;
    return parsed;
  } catch (err) {
    if (err instanceof X509ParseError) throw err;
    throw new X509ParseError(`invalid certificate: ${shortMessage(err)}`);
  }
}

/** Parses one DER-encoded certificate. Throws X509ParseError on malformed input. */
export function parseCertificateDer(der: Uint8Array): CertificateInfo {
  return parseCertificateDerWithObjects(der).info;
}

/**
 * Parses every CERTIFICATE block of a PEM bundle, in order, with the objects the chain engine
 * needs. Private key blocks are skipped without being decoded into any output or message.
 * Throws X509ParseError when the text holds no PEM, no CERTIFICATE block, or a bad certificate.
 */
export function parseCertificatesPemWithObjects(pem: string): ParsedCertificate[] {
  if (typeof pem !== "string" || !pem.includes(PEM_BEGIN)) throw new X509ParseError("not PEM");
  const blocks = splitPem(pem).filter((b) => !isPrivateKeyType(b.type));
  const certs = blocks.filter((b) => b.type === "CERTIFICATE");
  if (certs.length === 0) throw new X509ParseError("no CERTIFICATE block");
  return certs.map((block, i) => {
    try {
      return parseCertificateDerWithObjects(block.der);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new X509ParseError(`certificate #${i + 1}: ${msg}`);
    }
  });
}

/**
 * Parses every CERTIFICATE block of a PEM bundle (e.g. a Secret's `tls.crt`), in order.
 * Throws X509ParseError on garbage; PRIVATE KEY blocks are silently skipped.
 */
export function parseCertificatesPem(pem: string): CertificateInfo[] {
  return parseCertificatesPemWithObjects(pem).map((p) => p.info);
}

/** A certificate block of a bundle that could not be parsed: its 1-based position and why. */
export interface BundleParseError {
  index: number;
  message: string;
}

/**
 * Like `parseCertificatesPemWithObjects`, but one bad certificate never discards the rest:
 * every CERTIFICATE block that parses is returned, and each one that does not is listed in
 * `errors`. Throws X509ParseError only when the text is not PEM or holds no CERTIFICATE block.
 */
export function parseCertificatesPemLenient(pem: string): {
  certificates: ParsedCertificate[];
  errors: BundleParseError[];
} {
  if (typeof pem !== "string" || !pem.includes(PEM_BEGIN)) throw new X509ParseError("not PEM");
  const blocks = splitPem(pem).filter((b) => !isPrivateKeyType(b.type));
  const certs = blocks.filter((b) => b.type === "CERTIFICATE");
  if (certs.length === 0) throw new X509ParseError("no CERTIFICATE block");
  const certificates: ParsedCertificate[] = [];
  const errors: BundleParseError[] = [];
  certs.forEach((block, i) => {
    try {
      certificates.push(parseCertificateDerWithObjects(block.der));
    } catch (err) {
      errors.push({ index: i + 1, message: err instanceof Error ? err.message : String(err) });
    }
  });
  return { certificates, errors };
}

/**
 * Whether `issuer` signed `cert`: the issuer's subject is the certificate's issuer name and the
 * certificate's signature verifies with the issuer's public key (Node's `checkIssued` + `verify`,
 * i.e. OpenSSL's). A self-signed certificate is signed by itself only.
 */
export function signedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return cert.x509.checkIssued(issuer.x509) && cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}
