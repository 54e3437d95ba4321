/**
 * Last line of defence against private keys in text that leaves the server (responses, logs).
 * Pure; no `server-only` import so the proxy and plain scripts can use it.
 */

const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
// base64 of "-----BEGIN " followed by the rest of a Secret `data` value (how tls.key travels in JSON).
const BASE64_PEM_PRIVATE_KEY = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;
const TLS_KEY_FIELD = /("?tls\.key"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/g;

/** The text with PEM private-key blocks, base64-encoded PEM and `tls.key` values replaced. */
export function scrubSecrets(text: string): string {
  return text
    .replace(PEM_PRIVATE_KEY, "[redacted private key]")
    .replace(BASE64_PEM_PRIVATE_KEY, (m) => (looksLikeEncodedPrivateKey(m) ? "[redacted private key]" : m))
    .replace(TLS_KEY_FIELD, "$1[redacted]");
}

function looksLikeEncodedPrivateKey(b64: string): boolean {
  try {
    return /PRIVATE KEY/.test(Buffer.from(b64.slice(0, 80), "base64").toString("latin1"));
  } catch {
    return false;
  }
}

/** True when `text` still carries private key material (a PEM block or `tls.key` with a value). */
export function containsPrivateKey(text: string): boolean {
  if (/PRIVATE KEY-----/.test(text)) return true;
  return (text.match(BASE64_PEM_PRIVATE_KEY) ?? []).some(looksLikeEncodedPrivateKey);
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
