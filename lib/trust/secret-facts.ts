import { decodeBase64Pem, parseCertificatesPemWithObjects } from "@/lib/x509/parse";
import type { CertBundle, SecretFacts } from "./types";

const CERT_KEYS = ["tls.crt", "ca.crt", "cert"] as const;

function bundleFromPem(pem: string): CertBundle {
  const parsed = parseCertificatesPemWithObjects(pem);
  return { certificates: parsed.map((p) => p.info), der: parsed.map((p) => p.der) };
}

/**
 * Reduces a Secret's `data` (base64 values, as the API returns them) to public facts: the
 * parsed certificates of `tls.crt`, `ca.crt` and `cert`. Every other key (`tls.key`, ...) is
 * ignored, never decoded. Parse failures are recorded per key in `errors` instead of thrown.
 */
export function secretFactsFromData(
  namespace: string,
  name: string,
  data: Record<string, string> | undefined,
  type?: string,
): SecretFacts {
  const facts: SecretFacts = { namespace, name };
  if (type !== undefined) facts.type = type;
  for (const key of CERT_KEYS) {
    const value = data?.[key];
    if (value === undefined || value.trim() === "") continue;
    try {
      const bundle = bundleFromPem(decodeBase64Pem(value));
      if (key === "tls.crt") facts.tlsCrt = bundle;
      else if (key === "ca.crt") facts.caCrt = bundle;
      else facts.cert = bundle;
    } catch (err) {
      facts.errors = { ...facts.errors, [key]: err instanceof Error ? err.message : String(err) };
    }
  }
  return facts;
}
