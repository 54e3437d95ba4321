import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import type { CertificateInfo } from "@/lib/types";
import { readCertificateFields } from "@/lib/x509/der";
import { parseCertificatesPem, splitPem } from "@/lib/x509/parse";

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

/**
 * What a certificate list row needs from a Secret: the leaf's validity (and CN), or why not.
 * Far cheaper than `ParsedSecret` (no key export, fingerprints or signature checks), so the first
 * load of a 5,000-certificate list stays fast.
 */
export interface SecretSummary {
  leaf?: { notBefore: string; notAfter: string; commonName?: string };
  problem?: string;
}

const MAX_ENTRIES = 20_000;
const cache = new Map<string, ParsedSecret>();
const summaries = new Map<string, SecretSummary>();

function remember<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
  return value;
}

function cacheKey(facts: TlsSecretFacts): string | undefined {
  const { uid, resourceVersion } = facts.metadata;
  return uid && resourceVersion ? `${uid}@${resourceVersion}` : undefined;
}

/** The list-row facts of a parsed Secret. */
export function summaryOf(parsed: ParsedSecret): SecretSummary {
  const leaf = parsed.certificates[0];
  if (!leaf) return { problem: parsed.problem ?? "the Secret holds no certificate" };
  return { leaf: { notBefore: leaf.notBefore, notAfter: leaf.notAfter, commonName: leaf.commonName } };
}

function summarize(facts: TlsSecretFacts): SecretSummary {
  try {
    const first = facts.tlsCrt?.trim()
      ? splitPem(facts.tlsCrt).find((b) => b.type === "CERTIFICATE")
      : undefined;
    if (first) {
      const f = readCertificateFields(first.der);
      const commonName = f.subject.flat().find((a) => a.oid === "2.5.4.3")?.value;
      return {
        leaf: { notBefore: f.notBefore.toISOString(), notAfter: f.notAfter.toISOString(), commonName },
      };
    }
  } catch {
    // fall through: the full parser words the problem precisely
  }
  return summaryOf(parse(facts));
}

/**
 * The leaf validity of a Secret's `tls.crt` for list rows, memoised by uid + resourceVersion.
 * Uses the full parse when it is already cached, else only reads the fields a row needs.
 */
export function summarizeSecretFacts(facts: TlsSecretFacts): SecretSummary {
  const key = cacheKey(facts);
  if (!key) return summarize(facts);
  const hit = summaries.get(key);
  if (hit) return hit;
  const full = cache.get(key);
  return remember(summaries, key, full ? summaryOf(full) : summarize(facts));
}

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
    const ca = parseCa(facts.caCrt);
    out.ca = ca.ca;
    if (ca.caProblem) out.caProblem = ca.caProblem;
  }
  return out;
}

// Most Secrets of one issuer carry the same ca.crt: parse each distinct bundle once.
const caByPem = new Map<string, Pick<ParsedSecret, "ca" | "caProblem">>();

function parseCa(pem: string): Pick<ParsedSecret, "ca" | "caProblem"> {
  const hit = caByPem.get(pem);
  if (hit) return hit;
  let result: Pick<ParsedSecret, "ca" | "caProblem">;
  try {
    result = { ca: parseCertificatesPem(pem) };
  } catch (err) {
    result = {
      ca: [],
      caProblem: `ca.crt is not a valid certificate: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  return remember(caByPem, pem, result);
}

/**
 * Parses a Secret's `tls.crt` and `ca.crt`, memoised by Secret uid + resourceVersion (a Secret's
 * data cannot change without its resourceVersion changing), so a 5,000-row list parses only what changed.
 */
export function parseSecretFacts(facts: TlsSecretFacts): ParsedSecret {
  const key = cacheKey(facts);
  if (!key) return parse(facts);
  return cache.get(key) ?? remember(cache, key, parse(facts));
}

/** Number of cached parse results (for tests). */
export function parsedSecretCacheSize(): number {
  return cache.size;
}
