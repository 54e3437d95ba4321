/**
 * Test-only DER writer for the differential generator: it must produce what a conforming
 * encoder would not (zero or negative serials, empty extensions, inconsistent algorithms), so
 * certificates are assembled byte by byte and signed with node:crypto. Never imported by
 * application code.
 */

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  let v = n;
  while (v > 0) {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return Uint8Array.from([tag, ...lengthBytes(content.length), ...content]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, concat(parts));
export const set = (...parts: Uint8Array[]) => tlv(0x31, concat(parts));
/** INTEGER with its content bytes as given (two's complement, no normalisation). */
export const intRaw = (bytes: Uint8Array) => tlv(0x02, bytes);
export function intNum(n: number): Uint8Array {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return intRaw(Uint8Array.from(bytes));
}
export const bool = (b: boolean) => tlv(0x01, Uint8Array.of(b ? 0xff : 0));
export const nul = () => Uint8Array.of(0x05, 0x00);
export const octet = (b: Uint8Array) => tlv(0x04, b);
export const bitString = (b: Uint8Array, unused = 0) => tlv(0x03, Uint8Array.from([unused, ...b]));
export const utf8 = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
export const ia5 = (s: string) => tlv(0x16, new TextEncoder().encode(s));
/** Context-specific tag `n`: constructed (explicit / SEQUENCE-like) or primitive (implicit). */
export const ctx = (n: number, content: Uint8Array, constructed: boolean) =>
  tlv((constructed ? 0xa0 : 0x80) | n, content);

export function oid(dotted: string): Uint8Array {
  const parts = dotted.split(".").map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const stack: number[] = [p & 0x7f];
    let v = Math.floor(p / 128);
    while (v > 0) {
      stack.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...stack);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
export function time(d: Date): Uint8Array {
  const iso = d.toISOString();
  const y = d.getUTCFullYear();
  const body = `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, new TextEncoder().encode(`${String(y).slice(2)}${body}`));
  return tlv(0x18, new TextEncoder().encode(`${y}${body}`));
}

/** Name from [oid, value] pairs in DER order, one attribute per RDN. */
export function name(attrs: [string, string][]): Uint8Array {
  return seq(...attrs.map(([o, v]) => set(seq(oid(o), utf8(v)))));
}
