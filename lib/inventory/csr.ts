import "reflect-metadata";
import { createPublicKey } from "node:crypto";
import * as x509 from "@peculiar/x509";

/** A Subject Alternative Name from a CSR, with its X.509 GeneralName type. */
export interface CsrSan {
  type: "DNS" | "IP" | "URI" | "email" | "other";
  value: string;
}

/** What a PKCS#10 certificate signing request (RFC 2986) asks for, decoded. */
export interface CsrInfo {
  /** RFC 4514 string, e.g. "CN=api.example.com, O=Example". */
  subject: string;
  sans: CsrSan[];
  /** "RSA" | "ECDSA" | "Ed25519" | "Ed448" | other names Node reports, upper-cased. */
  keyAlgorithm: string;
  /** RSA modulus length in bits, or the EC curve's field size in bits (P-256 → 256). */
  keySize?: number;
  /** EC named curve (e.g. "prime256v1"). */
  curve?: string;
  /** Key usages requested in the CSR's extensionRequest (X.509 names: digitalSignature, …). */
  keyUsages: string[];
  /** Extended key usages requested, as names when known (serverAuth, clientAuth, …) or OIDs. */
  extendedKeyUsages: string[];
  /** Whether the CSR asks for a CA (basicConstraints cA=TRUE). */
  isCA: boolean;
  /** Whether the CSR's self-signature verifies with its own key. */
  signatureValid: boolean;
}

const SAN_TYPE: Record<string, CsrSan["type"]> = { dns: "DNS", ip: "IP", url: "URI", email: "email" };
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
};
const KEY_USAGE_BITS: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, "digitalSignature"],
  [x509.KeyUsageFlags.nonRepudiation, "contentCommitment"],
  [x509.KeyUsageFlags.keyEncipherment, "keyEncipherment"],
  [x509.KeyUsageFlags.dataEncipherment, "dataEncipherment"],
  [x509.KeyUsageFlags.keyAgreement, "keyAgreement"],
  [x509.KeyUsageFlags.keyCertSign, "keyCertSign"],
  [x509.KeyUsageFlags.cRLSign, "cRLSign"],
  [x509.KeyUsageFlags.encipherOnly, "encipherOnly"],
  [x509.KeyUsageFlags.decipherOnly, "decipherOnly"],
];

/**
 * Decodes a PEM CSR (cert-manager's `spec.request`, base64-decoded): subject, SANs by type, key
 * algorithm and size, requested key usages and extended key usages, CA flag, and whether the
 * self-signature verifies. Parsing by @peculiar/x509 (RFC 2986 / RFC 5280); key facts by Node's
 * crypto from the SubjectPublicKeyInfo. Throws when the input is not a CSR.
 */
export async function decodeCsr(pem: string): Promise<CsrInfo> {
  const csr = new x509.Pkcs10CertificateRequest(pem);
  const sans: CsrSan[] = [];
  // getExtension(Class) does not match extensions of a CSR's extensionRequest; look up by OID.
  const ext = <T>(oid: string, type: new (...args: never[]) => T): T | undefined => {
    const e = csr.extensions.find((x) => x.type === oid);
    return e instanceof type ? e : undefined;
  };
  const san = ext("2.5.29.17", x509.SubjectAlternativeNameExtension);
  for (const name of san?.names.items ?? []) {
    sans.push({ type: SAN_TYPE[name.type] ?? "other", value: name.value });
  }
  const ku = ext("2.5.29.15", x509.KeyUsagesExtension);
  const keyUsages = ku ? KEY_USAGE_BITS.filter(([bit]) => (ku.usages & bit) !== 0).map(([, n]) => n) : [];
  const eku = ext("2.5.29.37", x509.ExtendedKeyUsageExtension);
  const extendedKeyUsages = (eku?.usages ?? []).map((u) => EKU_NAMES[String(u)] ?? String(u));
  const bc = ext("2.5.29.19", x509.BasicConstraintsExtension);
  const key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: "der", type: "spki" });
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? "unknown";
  const keyAlgorithm =
    type === "ec"
      ? "ECDSA"
      : type === "rsa" || type === "rsa-pss"
        ? "RSA"
        : type === "ed25519"
          ? "Ed25519"
          : type === "ed448"
            ? "Ed448"
            : type.toUpperCase();
  const curve = details.namedCurve;
  const keySize = details.modulusLength ?? (curve ? CURVE_BITS[curve] : undefined);
  let signatureValid = false;
  try {
    signatureValid = await csr.verify();
  } catch {
    signatureValid = false;
  }
  return {
    subject: csr.subject,
    sans,
    keyAlgorithm,
    ...(keySize ? { keySize } : {}),
    ...(curve ? { curve } : {}),
    keyUsages,
    extendedKeyUsages,
    isCA: bc?.ca === true,
    signatureValid,
  };
}
