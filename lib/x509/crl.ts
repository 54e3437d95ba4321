import { verify as cryptoVerify } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificateList } from "@peculiar/asn1-x509";
import { readChildren, readNameDer, readTlv } from "./der";
import { formatDn, formatSerial, type ParsedCertificate, splitPem } from "./parse";

/**
 * Revocation against CRLs (RFC 5280 5 and 6.3), for callers that have them (x509-limbo cases;
 * Trustdeck itself does not fetch CRLs). The CRL is decoded with `@peculiar/asn1-x509`'s
 * CertificateList schema; only the signed bytes are cut out with the DER reader.
 */

/** One finding: the certificate is revoked, or the CRL that covers it is not acceptable. */
export interface RevocationFinding {
  certificate: ParsedCertificate;
  revoked: boolean;
  message: string;
}

const HASHES: Record<string, string | null> = {
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
  "1.3.101.112": null,
};

interface Crl {
  issuer: string;
  revokedSerials: Set<string>;
  crlNumber?: { critical: boolean };
  signatureOk: (issuer: ParsedCertificate) => boolean;
}

function readCrl(der: Uint8Array): Crl {
  const list = AsnConvert.parse(der, CertificateList);
  const outer = readTlv(der, 0);
  const [tbs, , sig] = readChildren(der, outer);
  if (!tbs || !sig) throw new Error("malformed CRL");
  const tbsBytes = der.subarray(tbs.offset, tbs.end);
  const signature = der.subarray(sig.start + 1, sig.end);
  const oid = list.signatureAlgorithm.algorithm;
  const issuer = formatDn(readNameDer(new Uint8Array(AsnConvert.serialize(list.tbsCertList.issuer))));
  const revokedSerials = new Set(
    (list.tbsCertList.revokedCertificates ?? []).map((r) =>
      formatSerial(Buffer.from(r.userCertificate).toString("hex")),
    ),
  );
  const numberExt = (list.tbsCertList.crlExtensions ?? []).find((e) => e.extnID === "2.5.29.20");
  const crl: Crl = {
    issuer,
    revokedSerials,
    signatureOk: (ca) => {
      const hash = HASHES[oid];
      if (hash === undefined) return false;
      try {
        return cryptoVerify(hash, tbsBytes, ca.x509.publicKey, signature);
      } catch {
        return false;
      }
    },
  };
  if (numberExt) crl.crlNumber = { critical: numberExt.critical === true };
  return crl;
}

/**
 * Checks every certificate of `path` (leaf first) but the anchor against the CRLs its issuer
 * published. A certificate no CRL covers is not judged. Returns the findings, never throws.
 */
export function checkRevocation(path: ParsedCertificate[], crlPems: string[]): RevocationFinding[] {
  const crls: Crl[] = [];
  const out: RevocationFinding[] = [];
  for (const pem of crlPems) {
    try {
      for (const block of splitPem(pem)) if (block.type === "X509 CRL") crls.push(readCrl(block.der));
    } catch {
      // An unreadable CRL covers nothing; the chain is judged without it.
    }
  }
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    for (const crl of crls) {
      if (crl.issuer !== issuer.info.subject || !crl.signatureOk(issuer)) continue;
      const bad = (message: string) => out.push({ certificate: cert, revoked: false, message });
      if (issuer.hasKeyUsage && !issuer.info.keyUsages.includes("crl sign")) {
        bad(`The CRL of "${issuer.info.subject}" is signed by a CA without the "crl sign" key usage.`);
      } else if (!crl.crlNumber) {
        bad(`The CRL of "${issuer.info.subject}" has no CRL number (RFC 5280 5.2.3).`);
      } else if (crl.crlNumber.critical) {
        bad(`The CRL of "${issuer.info.subject}" marks its CRL number critical (RFC 5280 5.2.3).`);
      } else if (crl.revokedSerials.has(cert.info.serialNumber)) {
        out.push({
          certificate: cert,
          revoked: true,
          message: `"${cert.info.subject}" (serial ${cert.info.serialNumber}) is revoked by its CA's CRL.`,
        });
      }
    }
  }
  return out;
}
