/**
 * Minimal DER reader: just enough to check a certificate's outer structure (so truncated or
 * padded input gets a precise error) and to read the signature algorithm OID, which Node 20's
 * X509Certificate does not expose.
 */

/** One tag-length-value element: `start` is where its content begins, `end` one past its end. */
export interface Tlv {
  tag: number;
  /** Where the element's header (tag byte) begins. */
  offset: number;
  start: number;
  end: number;
}

/** Thrown by the reader on malformed DER; callers translate it into their own error type. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

/** Reads the TLV at `offset`; throws DerError when the header or content runs past `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError("truncated DER: element header cut short");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("unsupported DER: multi-byte tag");
  const first = buf[offset + 1]!;
  let pos = offset + 2;
  let len: number;
  if (first < 0x80) {
    len = first;
  } else {
    const n = first & 0x7f;
    if (n === 0) throw new DerError("not DER: indefinite length");
    if (n > 4) throw new DerError("not DER: length field too long");
    if (pos + n > limit) throw new DerError("truncated DER: length field cut short");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i]!;
    pos += n;
  }
  if (pos + len > limit) throw new DerError("truncated DER: content shorter than its declared length");
  return { tag, offset, start: pos, end: pos + len };
}

/** Children of a constructed element. */
export function readChildren(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.start;
  while (pos < parent.end) {
    const tlv = readTlv(buf, pos, parent.end);
    out.push(tlv);
    pos = tlv.end;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER's content bytes. */
export function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join(".");
}

/**
 * Checks that `der` is exactly one SEQUENCE { SEQUENCE tbs, SEQUENCE sigAlg, BIT STRING } and
 * returns the signature algorithm OID plus the exact byte length of the certificate.
 */
export function readCertificateOutline(der: Uint8Array): { signatureOid: string } {
  if (der.length === 0) throw new DerError("empty DER");
  if (der[0] !== 0x30) throw new DerError("not a DER certificate: does not start with a SEQUENCE");
  const outer = readTlv(der, 0);
  if (outer.end !== der.length) throw new DerError("trailing bytes after the DER certificate");
  const kids = readChildren(der, outer);
  const [tbs, sigAlg, sig] = kids;
  if (kids.length !== 3 || !tbs || !sigAlg || !sig) {
    throw new DerError("not a certificate: expected tbsCertificate, signatureAlgorithm, signature");
  }
  if (tbs.tag !== 0x30 || sigAlg.tag !== 0x30 || sig.tag !== 0x03) {
    throw new DerError("not a certificate: unexpected element types");
  }
  const oid = readChildren(der, sigAlg)[0];
  if (oid?.tag !== 0x06) throw new DerError("not a certificate: signature algorithm has no OID");
  return { signatureOid: decodeOid(der.subarray(oid.start, oid.end)) };
}

/** Facts read from a certificate's TBSCertificate. */
export interface CertificateFields {
  serialHex: string;
  subject: Rdn[];
  issuer: Rdn[];
  notBefore: Date;
  notAfter: Date;
  dnsNames: string[];
  ipAddresses: string[];
  emailAddresses: string[];
  uris: string[];
  /** KeyUsage bits in ASN.1 order (0 = digitalSignature ... 8 = decipherOnly); undefined without the extension. */
  keyUsageBits?: boolean[];
  extendedKeyUsageOids?: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  crlUrls: string[];
  ocspUrls: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** X.509 version: 1, 2 or 3 (`[0] version` absent = 1). */
  version: number;
  /** Raw content bytes of the serial INTEGER as hex (two's complement, sign byte kept). */
  serialRawHex: string;
  /** Every extension in order: OID, critical flag, and where its OCTET STRING content lies. */
  extensions: { oid: string; critical: boolean; start: number; end: number }[];
  /** OIDs of known extensions whose value could not be read (the rest of the certificate still is). */
  malformedExtensions: string[];
  /** SAN entries with their raw values, for name constraints and peer-name matching. */
  sanEntries: GeneralNameValue[];
  /** Whether the SAN extension is present (even when empty). */
  hasSan: boolean;
  /** Whether tbsCertificate.signature equals the outer signatureAlgorithm byte for byte. */
  signatureAlgorithmsMatch: boolean;
  /** DER of the outer signatureAlgorithm's parameters, when present (RSASSA-PSS params). */
  signatureParams?: Uint8Array;
  /** Authority key identifier fields present besides keyIdentifier. */
  authorityKeyIdHasIssuer?: boolean;
  /** SubjectPublicKeyInfo algorithm OID, its parameter OID (EC named curve), or explicit parameters. */
  publicKeyAlgorithmOid?: string;
  publicKeyParamsOid?: string;
  publicKeyParamsExplicit?: boolean;
  /** The SubjectPublicKeyInfo DER. */
  spkiDer?: Uint8Array;
  /** Whether the AKI extension exists (it may lack keyIdentifier). */
  hasAuthorityKeyIdExtension: boolean;
}

/** One GeneralName (RFC 5280 4.2.1.6) with its value in the form name constraints compare. */
export type GeneralNameValue =
  | { type: "dns"; value: string }
  | { type: "email"; value: string }
  | { type: "uri"; value: string }
  | { type: "ip"; bytes: Uint8Array }
  | { type: "dn"; rdns: Rdn[] }
  | { type: "other"; tag: number };

/** One relative distinguished name: its attributes (usually one) as OID and decoded value. */
export type Rdn = { oid: string; value: string }[];

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function content(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}

function decodeString(buf: Uint8Array, t: Tlv): string {
  const bytes = content(buf, t);
  switch (t.tag) {
    case 0x1e: {
      // BMPString: UTF-16BE.
      let s = "";
      for (let i = 0; i + 1 < bytes.length; i += 2)
        s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
      return s;
    }
    case 0x1c: {
      // UniversalString: UTF-32BE.
      let s = "";
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        s += String.fromCodePoint(
          ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0,
        );
      }
      return s;
    }
    case 0x14:
      return Buffer.from(bytes).toString("latin1");
    case 0x0c:
    case 0x13:
    case 0x16:
    case 0x12:
    case 0x1a:
      return Buffer.from(bytes).toString("utf8");
    default:
      return `#${hex(bytes)}`;
  }
}

function readName(buf: Uint8Array, t: Tlv): Rdn[] {
  return readChildren(buf, t).map((set) =>
    readChildren(buf, set).map((atv) => {
      const [oid, value] = readChildren(buf, atv);
      if (oid?.tag !== 0x06 || !value) throw new DerError("malformed distinguished name");
      return { oid: decodeOid(content(buf, oid)), value: decodeString(buf, value) };
    }),
  );
}

/** Reads a DER-encoded Name (SEQUENCE OF RDN). Throws DerError on malformed input. */
export function readNameDer(der: Uint8Array): Rdn[] {
  const t = readTlv(der, 0);
  if (t.tag !== 0x30 || t.end !== der.length) throw new DerError("malformed distinguished name");
  return readName(der, t);
}

function readTime(buf: Uint8Array, t: Tlv): Date {
  const s = Buffer.from(content(buf, t)).toString("latin1");
  const m =
    t.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new DerError("malformed validity time");
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
  );
}

function formatIp(b: Uint8Array): string {
  if (b.length === 4) return [...b].join(".");
  if (b.length !== 16) return hex(b);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // RFC 5952: compress the longest run (>= 2) of zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = groups.map((g) => g.toString(16));
  if (bestStart < 0) return h.join(":");
  return `${h.slice(0, bestStart).join(":")}::${h.slice(bestStart + bestLen).join(":")}`;
}

function readGeneralNames(buf: Uint8Array, t: Tlv, out: CertificateFields): void {
  out.hasSan = true;
  for (const gn of readChildren(buf, t)) {
    const text = () => Buffer.from(content(buf, gn)).toString("utf8");
    if (gn.tag === 0x81) {
      out.emailAddresses.push(text());
      out.sanEntries.push({ type: "email", value: text() });
    } else if (gn.tag === 0x82) {
      out.dnsNames.push(text());
      out.sanEntries.push({ type: "dns", value: text() });
    } else if (gn.tag === 0x86) {
      out.uris.push(text());
      out.sanEntries.push({ type: "uri", value: text() });
    } else if (gn.tag === 0x87) {
      out.ipAddresses.push(formatIp(content(buf, gn)));
      out.sanEntries.push({ type: "ip", bytes: new Uint8Array(content(buf, gn)) });
    } else if (gn.tag === 0xa4) {
      out.sanEntries.push({ type: "dn", rdns: readName(buf, readTlv(buf, gn.start, gn.end)) });
    } else {
      out.sanEntries.push({ type: "other", tag: gn.tag });
    }
  }
}

function uriNames(buf: Uint8Array, t: Tlv): string[] {
  return readChildren(buf, t)
    .filter((gn) => gn.tag === 0x86)
    .map((gn) => Buffer.from(content(buf, gn)).toString("utf8"));
}

/** Extensions `readExtension` decodes; any other extension's value is never read. */
const READ_EXTENSIONS = new Set([
  "2.5.29.17",
  "2.5.29.15",
  "2.5.29.37",
  "2.5.29.19",
  "2.5.29.31",
  "1.3.6.1.5.5.7.1.1",
  "2.5.29.14",
  "2.5.29.35",
]);

function readExtension(buf: Uint8Array, oid: string, value: Tlv, out: CertificateFields): void {
  if (!READ_EXTENSIONS.has(oid)) return;
  const v = readTlv(buf, value.start, value.end);
  if (v.end !== value.end) throw new DerError("trailing bytes in extension value");
  switch (oid) {
    case "2.5.29.17":
      readGeneralNames(buf, v, out);
      break;
    case "2.5.29.15": {
      const bytes = content(buf, v);
      const bits: boolean[] = [];
      for (let i = 0; i < 9; i++) {
        const byte = bytes[1 + (i >> 3)] ?? 0;
        bits.push((byte & (0x80 >> (i & 7))) !== 0);
      }
      out.keyUsageBits = bits;
      break;
    }
    case "2.5.29.37":
      out.extendedKeyUsageOids = readChildren(buf, v)
        .filter((o) => o.tag === 0x06)
        .map((o) => decodeOid(content(buf, o)));
      // ExtKeyUsageSyntax is SEQUENCE SIZE (1..MAX) (RFC 5280 4.2.1.12).
      if (out.extendedKeyUsageOids.length === 0) throw new DerError("empty extended key usage");
      break;
    case "2.5.29.19": {
      const bc: { ca: boolean; pathLength?: number } = { ca: false };
      for (const el of readChildren(buf, v)) {
        if (el.tag === 0x01) bc.ca = (buf[el.start] ?? 0) !== 0;
        else if (el.tag === 0x02) {
          let n = 0;
          for (const b of content(buf, el)) n = n * 256 + b;
          bc.pathLength = n;
        }
      }
      out.basicConstraints = bc;
      break;
    }
    case "2.5.29.31":
      for (const dp of readChildren(buf, v)) {
        for (const field of readChildren(buf, dp)) {
          if (field.tag !== 0xa0) continue;
          for (const name of readChildren(buf, field)) {
            if (name.tag === 0xa0) out.crlUrls.push(...uriNames(buf, name));
          }
        }
      }
      break;
    case "1.3.6.1.5.5.7.1.1":
      for (const ad of readChildren(buf, v)) {
        const [method, location] = readChildren(buf, ad);
        if (
          method?.tag === 0x06 &&
          location?.tag === 0x86 &&
          decodeOid(content(buf, method)) === "1.3.6.1.5.5.7.48.1"
        ) {
          out.ocspUrls.push(Buffer.from(content(buf, location)).toString("utf8"));
        }
      }
      break;
    case "2.5.29.14":
      out.subjectKeyId = hex(content(buf, v));
      break;
    case "2.5.29.35":
      out.hasAuthorityKeyIdExtension = true;
      for (const el of readChildren(buf, v)) {
        if (el.tag === 0x80) out.authorityKeyId = hex(content(buf, el));
        else out.authorityKeyIdHasIssuer = true;
      }
      break;
  }
}

/** Reads the TBSCertificate fields the DTO needs. Throws DerError on malformed structure. */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  const outer = readTlv(der, 0);
  const [tbs, outerSigAlg] = readChildren(der, outer);
  if (!tbs || !outerSigAlg) throw new DerError("not a certificate: no tbsCertificate");
  const kids = readChildren(der, tbs);
  let version = 1;
  let i = 0;
  if (kids[0]?.tag === 0xa0) {
    const v = readTlv(der, kids[0].start, kids[0].end);
    version = (der[v.start] ?? 0) + 1;
    i = 1;
  }
  const next = (tag: number, what: string): Tlv => {
    const t = kids[i++];
    if (t?.tag !== tag) throw new DerError(`not a certificate: bad ${what}`);
    return t;
  };
  const serial = next(0x02, "serial number");
  const tbsSigAlg = next(0x30, "signature algorithm");
  const issuer = next(0x30, "issuer");
  const validity = next(0x30, "validity");
  const subject = next(0x30, "subject");
  const spki = next(0x30, "subject public key info");
  const [nb, na] = readChildren(der, validity);
  if (!nb || !na) throw new DerError("not a certificate: bad validity");
  const out: CertificateFields = {
    serialHex: hex(content(der, serial)),
    issuer: readName(der, issuer),
    subject: readName(der, subject),
    notBefore: readTime(der, nb),
    notAfter: readTime(der, na),
    dnsNames: [],
    ipAddresses: [],
    emailAddresses: [],
    uris: [],
    crlUrls: [],
    ocspUrls: [],
    version,
    serialRawHex: hex(content(der, serial)),
    extensions: [],
    malformedExtensions: [],
    sanEntries: [],
    hasSan: false,
    hasAuthorityKeyIdExtension: false,
    signatureAlgorithmsMatch: Buffer.from(der.subarray(tbsSigAlg.start, tbsSigAlg.end)).equals(
      Buffer.from(der.subarray(outerSigAlg.start, outerSigAlg.end)),
    ),
  };
  out.spkiDer = der.subarray(spki.offset, spki.end);
  const spkiAlg = readChildren(der, spki)[0];
  const [algOid, algParams] = spkiAlg ? readChildren(der, spkiAlg) : [];
  if (algOid?.tag === 0x06) out.publicKeyAlgorithmOid = decodeOid(content(der, algOid));
  if (algParams?.tag === 0x06) out.publicKeyParamsOid = decodeOid(content(der, algParams));
  else if (algParams?.tag === 0x30) out.publicKeyParamsExplicit = true;
  const sigParams = readChildren(der, outerSigAlg)[1];
  if (sigParams && sigParams.tag === 0x30) {
    out.signatureParams = der.subarray(sigParams.offset, sigParams.end);
  }
  for (; i < kids.length; i++) {
    const t = kids[i]!;
    if (t.tag !== 0xa3) continue;
    const list = readTlv(der, t.start, t.end);
    for (const ext of readChildren(der, list)) {
      const parts = readChildren(der, ext);
      const oidTlv = parts[0];
      const value = parts[parts.length - 1];
      if (oidTlv?.tag !== 0x06 || value?.tag !== 0x04 || parts.length < 2) {
        throw new DerError("malformed extension");
      }
      const oid = decodeOid(content(der, oidTlv));
      const critical = parts.length === 3 && parts[1]!.tag === 0x01 && (der[parts[1]!.start] ?? 0) !== 0;
      out.extensions.push({ oid, critical, start: value.start, end: value.end });
      // One extension that cannot be read never discards the whole certificate: it is recorded,
      // and the chain engine judges it (OpenSSL rejects such a certificate in a chain too).
      try {
        readExtension(der, oid, value, out);
      } catch (err) {
        if (!(err instanceof DerError)) throw err;
        out.malformedExtensions.push(oid);
      }
    }
  }
  return out;
}
