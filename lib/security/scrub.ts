/**
 * Last line of defence against private keys in text that leaves the server (responses, logs,
 * audit lines, errors). One scrubber for every encoding a key travels in:
 *
 * - PEM blocks whose label ends in `PRIVATE KEY` (PKCS#8, encrypted PKCS#8, PKCS#1 `RSA`, SEC1 `EC`,
 *   `openssl ecparam -genkey` output, "Bag Attributes" PEMs from `openssl pkcs12`), also when their
 *   newlines are JSON-escaped once or more;
 * - base64 runs (Secret `data`, DER bodies, base64 of PEM, lines joined by real or escaped newlines)
 *   that decode to a PEM key or to DER whose ASN.1 prefix is a private key: PKCS#8 PrivateKeyInfo
 *   (RFC 5208), EncryptedPrivateKeyInfo, PKCS#1 RSAPrivateKey (RFC 8017), SEC1 ECPrivateKey
 *   (RFC 5915) or a PKCS#12 PFX (RFC 7292); runs are decoded twice over (base64 inside base64);
 * - the value of any `tls.key` field, quoted, escaped or bare.
 *
 * Pure; no `server-only` import so the proxy and plain scripts can use it.
 */

const REDACTED_KEY = "[redacted private key]";

// A PEM private key, up to its END line (or the end of the text when cut short).
const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
// Lines of base64 joined by newlines, CRLF, or their JSON-escaped forms (`\n`, `\\n`, ...).
const BASE64_RUN = /[A-Za-z0-9+/]{16,}(?:(?:\\+r|\r)?(?:\\+n|\n)[A-Za-z0-9+/]{4,})*={0,2}/g;
const RUN_SEPARATORS = /\\+r|\\+n|\r|\n/g;
const MIN_RUN = 40;
// `tls.key` (quoted, escaped-quoted or bare) and its value: quoted with escapes inside, or bare.
const TLS_KEY_FIELD =
  /((?:\\*["'])?tls\.key(?:\\*["'])?\s*[:=]\s*)(\\*"(?:[^"\\]|\\+[nrt/]|\\+(?!"))*\\*"|'[^']*'|[^\s,}\\"']+)/g;

const OID_PKCS5 = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
const OID_PKCS12_PBE = [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c];

/** Length of a DER length field at `o` (1 + extra bytes), or 0 when malformed. */
function lengthSize(b: Uint8Array, o: number): number {
  const first = b[o];
  if (first === undefined) return 0;
  if (first < 0x80) return 1;
  const n = first & 0x7f;
  return n >= 1 && n <= 4 ? 1 + n : 0;
}

function startsWith(b: Uint8Array, o: number, prefix: readonly number[]): boolean {
  return prefix.every((v, i) => b[o + i] === v);
}

/**
 * True when `der` starts like a private key structure: PKCS#8 PrivateKeyInfo (SEQUENCE, INTEGER 0,
 * SEQUENCE), PKCS#1 RSAPrivateKey (SEQUENCE, INTEGER 0, INTEGER), SEC1 ECPrivateKey (SEQUENCE,
 * INTEGER 1, OCTET STRING), a PKCS#12 PFX (SEQUENCE, INTEGER 3, SEQUENCE), or an
 * EncryptedPrivateKeyInfo (SEQUENCE, SEQUENCE, OID under pkcs-5 or pkcs-12 PBE). Certificates and
 * CSRs (SEQUENCE, SEQUENCE, [0] / INTEGER) do not match.
 */
export function looksLikeDerPrivateKey(der: Uint8Array): boolean {
  if (der[0] !== 0x30) return false;
  const l1 = lengthSize(der, 1);
  if (!l1) return false;
  const o = 1 + l1;
  if (
    startsWith(der, o, [0x02, 0x01, 0x00, 0x30]) ||
    startsWith(der, o, [0x02, 0x01, 0x00, 0x02]) ||
    startsWith(der, o, [0x02, 0x01, 0x01, 0x04]) ||
    startsWith(der, o, [0x02, 0x01, 0x03, 0x30])
  ) {
    return true;
  }
  if (der[o] !== 0x30) return false;
  const l2 = lengthSize(der, o + 1);
  if (!l2) return false;
  const inner = o + 1 + l2;
  return startsWith(der, inner, OID_PKCS5) || startsWith(der, inner, OID_PKCS12_PBE);
}

function decodeRun(run: string): Buffer | undefined {
  const b64 = run.replace(RUN_SEPARATORS, "");
  if (b64.length < MIN_RUN) return undefined;
  return Buffer.from(b64, "base64");
}

/** Whether decoded bytes are (or carry) a private key: DER by its prefix, or text holding one. */
function decodedIsKey(bytes: Buffer, depth: number): boolean {
  if (looksLikeDerPrivateKey(bytes)) return true;
  const text = bytes.toString("latin1");
  if (/PRIVATE KEY-----/.test(text)) return true;
  return depth > 0 && textHasEncodedKey(text, depth - 1);
}

function textHasEncodedKey(text: string, depth: number): boolean {
  for (const m of text.matchAll(BASE64_RUN)) {
    const bytes = decodeRun(m[0]);
    if (bytes && decodedIsKey(bytes, depth)) return true;
  }
  return false;
}

/**
 * The text with private keys replaced by `[redacted private key]` (PEM blocks, escaped PEM, base64
 * runs that decode to a key) and every `tls.key` value by `[redacted]`.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(PEM_PRIVATE_KEY, REDACTED_KEY)
    .replace(BASE64_RUN, (run) => {
      const bytes = decodeRun(run);
      return bytes && decodedIsKey(bytes, 1) ? REDACTED_KEY : run;
    })
    .replace(TLS_KEY_FIELD, (_m, field: string, value: string) =>
      value.includes("[redacted") ? `${field}${value}` : `${field}[redacted]`,
    );
}

/** True when `text` still carries private key material (a PEM key block, or base64 that decodes to one). */
export function containsPrivateKey(text: string): boolean {
  if (/PRIVATE KEY-----/.test(text)) return true;
  return textHasEncodedKey(text, 1);
}

/** A deep copy of `value` with every string scrubbed by {@link scrubSecrets}, and `tls.key` keys dropped. */
export function scrubValue<T>(value: T): T {
  if (typeof value === "string") return scrubSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === "tls.key" ? "[redacted]" : scrubValue(v);
    return out as T;
  }
  return value;
}
