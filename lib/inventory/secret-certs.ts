import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import type { CertBundle, SecretFacts } from "@/lib/trust/types";
import type { CertificateInfo } from "@/lib/types";
import { readCertificateFields } from "@/lib/x509/der";
import { type ParsedCertificate, parseCertificatesPemWithObjects, splitPem } from "@/lib/x509/parse";

/**
 * Parse once: every TLS Secret's certificates are parsed once per resourceVersion (a Secret's data
 * cannot change without its resourceVersion changing) and every reader (the certificate list, the
 * Secret list, the detail page, the trust graph and audit, the metrics) reads that one result.
 * The watch cache primes it when a Secret arrives (`primeSecretAnalysis`, called by the Secret
 * reducer of lib/k8s/kind-reducers.ts) and drops it when the Secret is deleted or replaced.
 * Chain signatures are judged once as well: `verifyChain` keeps each child/issuer verdict by
 * fingerprint (lib/x509/chain.ts), so a chain judged again costs no public-key operation.
 */

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

/** What a certificate list row needs from a Secret: the leaf's validity (and CN), or why not. */
export interface SecretSummary {
  leaf?: { notBefore: string; notAfter: string; commonName?: string };
  problem?: string;
}

/** The outcome of parsing one PEM value: the certificates with their objects, or the parser's message. */
type PemOutcome = { certs: ParsedCertificate[]; error?: undefined } | { certs?: undefined; error: string };

/** Everything Trustdeck derives from one TLS Secret's public PEMs, computed once per resourceVersion. */
export interface SecretAnalysis {
  /** For the inventory (list rows, detail page, Secret list, metrics). */
  parsed: ParsedSecret;
  /** For certificate list rows. */
  summary: SecretSummary;
  /** For the trust graph and audit: the trust model's facts, with the parsed objects attached. */
  trust: SecretFacts;
}

const MAX_ENTRIES = 250_000;
/** uid → the analysis of its latest resourceVersion. */
const byUid = new Map<string, { resourceVersion: string; analysis: SecretAnalysis }>();
let pemParses = 0;

/** How many PEM values (`tls.crt`, `ca.crt`, `cert`) have been parsed since start (memo misses; for tests). */
export function secretParseCount(): number {
  return pemParses;
}

function parsePem(pem: string): PemOutcome {
  pemParses++;
  try {
    return { certs: parseCertificatesPemWithObjects(pem) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

// Most Secrets of one issuer carry the same ca.crt: parse each distinct bundle once.
const CA_MAX = 10_000;
const caByPem = new Map<string, PemOutcome>();

function parseShared(pem: string): PemOutcome {
  const hit = caByPem.get(pem);
  if (hit) return hit;
  if (caByPem.size >= CA_MAX) {
    const oldest = caByPem.keys().next().value;
    if (oldest !== undefined) caByPem.delete(oldest);
  }
  const out = parsePem(pem);
  caByPem.set(pem, out);
  return out;
}

const PEM_BEGIN = "-----BEGIN ";

/** The trust model's bundle of one key, or its error worded as `secretFactsFromData` words it. */
function trustBundle(pem: string, outcome: PemOutcome): { bundle?: CertBundle; error?: string } {
  if (!pem.includes(PEM_BEGIN)) return { error: "not PEM: base64 value does not decode to PEM" };
  if (outcome.error !== undefined) return { error: outcome.error };
  return {
    bundle: {
      certificates: outcome.certs.map((c) => c.info),
      der: outcome.certs.map((c) => c.der),
      parsed: outcome.certs,
    },
  };
}

function analyze(facts: TlsSecretFacts): SecretAnalysis {
  const parsed: ParsedSecret = { certificates: [], ca: [] };
  const trust: SecretFacts = { namespace: facts.metadata.namespace, name: facts.metadata.name };
  if (facts.type !== undefined) trust.type = facts.type;
  const errors: NonNullable<SecretFacts["errors"]> = {};

  const tls = facts.tlsCrt?.trim() ? parsePem(facts.tlsCrt) : undefined;
  if (!tls) parsed.problem = "the Secret has no tls.crt";
  else if (tls.error !== undefined) parsed.problem = `tls.crt is not a valid certificate: ${tls.error}`;
  else parsed.certificates = tls.certs.map((c) => c.info);

  const ca = facts.caCrt?.trim() ? parseShared(facts.caCrt) : undefined;
  if (ca?.error !== undefined) parsed.caProblem = `ca.crt is not a valid certificate: ${ca.error}`;
  else if (ca) parsed.ca = ca.certs.map((c) => c.info);

  const cert = facts.cert ? parsePem(facts.cert) : undefined;
  const keys: ["tls.crt" | "ca.crt" | "cert", string | undefined, PemOutcome | undefined][] = [
    ["tls.crt", facts.tlsCrt, tls ?? (facts.tlsCrt ? { error: "not PEM" } : undefined)],
    ["ca.crt", facts.caCrt, ca ?? (facts.caCrt ? { error: "not PEM" } : undefined)],
    ["cert", facts.cert, cert],
  ];
  for (const [key, pem, outcome] of keys) {
    if (!pem || !outcome) continue;
    const b = trustBundle(pem, outcome);
    if (b.error !== undefined) errors[key] = b.error;
    else if (key === "tls.crt") trust.tlsCrt = b.bundle;
    else if (key === "ca.crt") trust.caCrt = b.bundle;
    else trust.cert = b.bundle;
  }
  if (Object.keys(errors).length) trust.errors = errors;
  return { parsed, summary: summaryOf(parsed), trust };
}

/**
 * The analysis of a TLS Secret: memoised by uid, recomputed only when its resourceVersion
 * changes. Facts without uid or resourceVersion (hand-built) are analysed every time.
 */
export function analyzeTlsSecret(facts: TlsSecretFacts): SecretAnalysis {
  const { uid, resourceVersion } = facts.metadata;
  if (!uid || !resourceVersion) return analyze(facts);
  const hit = byUid.get(uid);
  if (hit && hit.resourceVersion === resourceVersion) return hit.analysis;
  const analysis = analyze(facts);
  if (!hit && byUid.size >= MAX_ENTRIES) {
    const oldest = byUid.keys().next().value;
    if (oldest !== undefined) byUid.delete(oldest);
  }
  byUid.set(uid, { resourceVersion, analysis });
  quickSummaries.delete(`${uid}@${resourceVersion}`);
  return analysis;
}

/** Parses a Secret as the watch delivers it, so no request pays for it (see `analyzeTlsSecret`). */
export function primeSecretAnalysis(facts: TlsSecretFacts): void {
  analyzeTlsSecret(facts);
}

/** Drops the analysis of a deleted Secret. */
export function forgetSecretAnalysis(uid: string | undefined): void {
  if (uid) byUid.delete(uid);
}

/** The list-row facts of a parsed Secret. */
export function summaryOf(parsed: ParsedSecret): SecretSummary {
  const leaf = parsed.certificates[0];
  if (!leaf) return { problem: parsed.problem ?? "the Secret holds no certificate" };
  return { leaf: { notBefore: leaf.notBefore, notAfter: leaf.notAfter, commonName: leaf.commonName } };
}

// List rows need only the leaf's validity: until the full analysis exists (the watch cache parses
// every Secret in slices after a list), a row reads just those fields, once per resourceVersion.
const quickSummaries = new Map<string, SecretSummary>();

function quickSummary(facts: TlsSecretFacts): SecretSummary | undefined {
  try {
    const first = facts.tlsCrt?.trim()
      ? splitPem(facts.tlsCrt).find((b) => b.type === "CERTIFICATE")
      : undefined;
    if (!first) return undefined;
    const f = readCertificateFields(first.der);
    const commonName = f.subject.flat().find((a) => a.oid === "2.5.4.3")?.value;
    return { leaf: { notBefore: f.notBefore.toISOString(), notAfter: f.notAfter.toISOString(), commonName } };
  } catch {
    return undefined; // the full parser words the problem precisely
  }
}

/**
 * The leaf validity of a Secret's `tls.crt` for list rows: from the analysis when it exists, else
 * from reading only the leaf's validity fields (kept per uid + resourceVersion), so a first list
 * of thousands of Secrets does not wait for every full parse.
 */
export function summarizeSecretFacts(facts: TlsSecretFacts): SecretSummary {
  const { uid, resourceVersion } = facts.metadata;
  if (!uid || !resourceVersion) return analyzeTlsSecret(facts).summary;
  const hit = byUid.get(uid);
  if (hit && hit.resourceVersion === resourceVersion) return hit.analysis.summary;
  const key = `${uid}@${resourceVersion}`;
  const quick = quickSummaries.get(key);
  if (quick) return quick;
  const summary = quickSummary(facts);
  if (!summary) return analyzeTlsSecret(facts).summary;
  if (quickSummaries.size >= MAX_ENTRIES) {
    const oldest = quickSummaries.keys().next().value;
    if (oldest !== undefined) quickSummaries.delete(oldest);
  }
  quickSummaries.set(key, summary);
  return summary;
}

/** A Secret's parsed `tls.crt` and `ca.crt` (from the one analysis per resourceVersion). */
export function parseSecretFacts(facts: TlsSecretFacts): ParsedSecret {
  return analyzeTlsSecret(facts).parsed;
}

/** Number of Secrets whose analysis is kept (for tests). */
export function parsedSecretCacheSize(): number {
  return byUid.size;
}
