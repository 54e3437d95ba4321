import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import type { CertificateInfo } from "@/lib/types";
import { parseCertificatesPem } from "@/lib/x509/parse";

/** Parsed public content of a TLS Secret. */
export interface ParsedSecret {
  /** `tls.crt`, leaf first. Empty when absent or malformed (see `problem`). */
  certificates: CertificateInfo[];
  /** `ca.crt`, when present and parseable. */
  ca: CertificateInfo[];
  /** Why `tls.crt` gave no certificate. */
  problem?: string;
  /** Why `ca.crt` could not be parsed (absent is not a problem). */
  caProblem?: string;
}

const MAX_ENTRIES = 20_000;
const cache = new Map<string, ParsedSecret>();

function parse(facts: Pick<TlsSecretFacts, "tlsCrt" | "caCrt">): ParsedSecret {
  const out: ParsedSecret = { certificates: [], ca: [] };
  if (!facts.tlsCrt?.trim()) {
    out.problem = "the Secret has no tls.crt";
  } else {
    try {
      out.certificates = parseCertificatesPem(facts.tlsCrt);
    } catch (err) {
      out.problem = `tls.crt is not a valid certificate: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  if (facts.caCrt?.trim()) {
    try {
      out.ca = parseCertificatesPem(facts.caCrt);
    } catch (err) {
      out.caProblem = `ca.crt is not a valid certificate: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return out;
}

/**
 * Parses a Secret's `tls.crt` and `ca.crt`, memoised by Secret uid + resourceVersion (a Secret's
 * data cannot change without its resourceVersion changing), so a 5,000-row list parses only what changed.
 */
export function parseSecretFacts(facts: TlsSecretFacts): ParsedSecret {
  const { uid, resourceVersion } = facts.metadata;
  if (!uid || !resourceVersion) return parse(facts);
  const key = `${uid}@${resourceVersion}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = parse(facts);
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, parsed);
  return parsed;
}

/** Number of cached parse results (for tests). */
export function parsedSecretCacheSize(): number {
  return cache.size;
}
