/**
 * Minimal DER reader: just enough to check a certificate's outer structure (so truncated or
 * padded input gets a precise error) and to read the signature algorithm OID, which Node 20's
 * X509Certificate does not expose.
 */

/** One tag-length-value element: `start` is where its content begins, `end` one past its end. */
export interface Tlv {
  tag: number;
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
  return { tag, start: pos, end: pos + len };
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
