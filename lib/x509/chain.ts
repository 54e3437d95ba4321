import { SEVERITY_ORDER, type Severity, worstSeverity } from "@/lib/severity";
import type { CertificateInfo } from "@/lib/types";
import { checkRevocation } from "./crl";
import {
  checkNameConstraints,
  constraintWork,
  matchesPeerName,
  type PeerName,
  type SubjectName,
} from "./names";
import { type ParsedCertificate, parseCertificatesPemLenient, X509ParseError } from "./parse";

/**
 * Chain engine: builds every path from the leaf to a trust anchor (trying each candidate issuer
 * and backtracking, so cross-signed and rotated CAs are found), verifies every signature link with
 * the issuer's real public key, and judges each path under two profiles:
 *
 * - **RFC 5280** — what OpenSSL-based consumers (APISIX, nginx, Python >= 3.13 clients) enforce.
 *   `valid === true` exactly when `openssl verify -x509_strict -auth_level 2 -partial_chain
 *   -attime <now> -CAfile <trusted> -untrusted <rest> [-purpose sslserver|sslclient]
 *   [-verify_hostname|-verify_ip <peer>] <leaf>` succeeds, for every check OpenSSL makes (the
 *   differential suite `chain.differential.test.ts` is that oracle), plus the RFC 5280 MUSTs
 *   OpenSSL does not enforce (name-constraint syntax and criticality, policyConstraints
 *   criticality, NameConstraints in an end-entity), judged against x509-limbo.
 * - **WebPKI** — what browsers enforce (CA/Browser Forum Baseline Requirements, as x509-limbo's
 *   `webpki::` cases state them): SAN required, no CA leaf, EKU present and not anyEKU, no DSA,
 *   RSA modulus a multiple of 8, root AKI shape, v3 only. WebPKI-only findings are warnings.
 *
 * Every `Problem` names the profiles it fails (`fails`); `profiles` says which profile the chain
 * passes. `auth_level 2` is the key policy (RSA/DSA >= 2048 bits, EC >= 224 bits, no SHA-1/MD5
 * signature except a trust anchor's self-signature). Validity is compared at second precision,
 * as OpenSSL does. A trusted certificate is an anchor even when it is not self-issued (RFC 5280
 * 6.1.1 (d); OpenSSL's `-partial_chain`); nginx without partial-chain support rejects such an
 * anchor, which is reported as a warning. Warnings and infos never make a chain invalid.
 */

export type { Severity };

/** The profiles a chain is judged under: RFC 5280 (OpenSSL-based consumers) and WebPKI (browsers). */
export type Profile = "rfc5280" | "webpki";

export type ChainProblemCode =
  | "expired"
  | "not-yet-valid"
  | "expiring-soon"
  | "ca-not-ca"
  | "ca-no-keycertsign"
  | "path-length-exceeded"
  | "leaf-outlives-ca"
  | "missing-client-auth"
  | "missing-server-auth"
  | "missing-key-usage"
  | "weak-rsa-key"
  | "weak-key"
  | "explicit-curve"
  | "sha1-signature"
  | "signature-invalid"
  | "signature-algorithm-mismatch"
  | "issuer-missing"
  | "untrusted-root"
  | "unparseable"
  | "missing-aki"
  | "missing-ski"
  | "critical-aki-or-ski"
  | "ca-basic-constraints-not-critical"
  | "ca-missing-key-usage"
  | "keycertsign-on-non-ca"
  | "pathlen-invalid"
  | "unknown-critical-extension"
  | "malformed-extension"
  | "duplicate-extension"
  | "empty-issuer"
  | "empty-subject"
  | "empty-san"
  | "san-not-critical"
  | "extensions-require-v3"
  | "name-constraints-violated"
  | "name-constraints-invalid"
  | "name-constraints-in-leaf"
  | "policy-constraints-not-critical"
  | "peer-name-mismatch"
  | "max-depth-exceeded"
  | "serial-number"
  | "partial-chain-anchor"
  | "revoked"
  | "crl-invalid"
  | "expired-cross-sign"
  | "webpki-profile";

/** One finding; `fix` is one line telling the user what to do. */
export interface Problem {
  code: ChainProblemCode;
  severity: Severity;
  message: string;
  fix: string;
  /** Subject of the certificate the problem is about, when it is about one. */
  certificate?: string;
  /**
   * Profiles this finding fails. Absent: none (warnings, infos). A critical finding fails
   * RFC 5280 and, unless it is an RFC 5280-only rule, WebPKI too.
   */
  fails?: Profile[];
}

/** server / client / both: the purposes the leaf must allow; ca: the leaf itself must be a CA. */
export type ChainRole = "server" | "client" | "both" | "ca";

export type ChainStatus = "complete" | "incomplete" | "broken";

/** Where a certificate of the chain came from. */
export type CertificateSource = "bundle" | "intermediates" | "trusted";

export interface ChainLink {
  certificate: CertificateInfo;
  source: CertificateSource;
  /** Whether this certificate's signature verifies with the next link's key (or its own, for a root). */
  signatureValid?: boolean;
  /** Worst severity among this link's problems, or "ok". */
  verdict: Severity | "ok";
  problems: Problem[];
}

/** Another complete path than the chosen one (cross-signs, rotated CAs), leaf first. */
export interface ChainAlternative {
  subjects: string[];
  /** Whether the path is valid under RFC 5280. */
  valid: boolean;
  /** For an invalid path: the worst RFC 5280 finding on it (why it fails). */
  problem?: Pick<Problem, "code" | "message">;
}

export interface ChainVerdict {
  status: ChainStatus;
  /** The RFC 5280 profile's verdict (what OpenSSL-based consumers such as APISIX and nginx accept). */
  valid: boolean;
  /** Verdict per profile; `failedProfiles` lists the ones that failed. */
  profiles: Record<Profile, boolean>;
  failedProfiles: Profile[];
  /** Role the chain was judged for; undefined when no role was given or inferable. */
  role?: ChainRole;
  /** Leaf first. */
  links: ChainLink[];
  /** Every problem of every link, plus chain-level ones (issuer-missing, untrusted-root), worst first. */
  problems: Problem[];
  /** Bundle certificates that are not part of the chain. */
  unusedCertificates: CertificateInfo[];
  /**
   * Other complete paths to a trust anchor that were found (cross-signs), each as its subjects
   * leaf first, with whether it is valid under RFC 5280 and, when it is not, the worst finding
   * that fails it (`problem`: its code and message).
   */
  alternatives: ChainAlternative[];
}

/** Certificates given either as PEM text or already parsed. */
export type CertificateInput = string | ParsedCertificate[];

export interface VerifyChainOptions {
  /** The bundle to judge (e.g. a Secret's `tls.crt`): leaf (see `selectLeaf`), then intermediates. */
  bundle: CertificateInput;
  /** Extra intermediates (not trust anchors), e.g. CertificateRequest `status.ca` when it is not a root. */
  intermediates?: CertificateInput;
  /**
   * Trust anchors (e.g. `ca.crt`). When given, the chain must end in one of them; when omitted,
   * any self-signed root found in the bundle or intermediates is accepted.
   */
  trusted?: CertificateInput;
  /** Role of the leaf; when omitted, inferred from `usages`, then from the leaf's EKUs. */
  role?: ChainRole;
  /** Set false to judge no purpose when `role` is omitted (`openssl verify` without -purpose). */
  inferRole?: boolean;
  /** cert-manager usages of the Certificate, used to infer the role. */
  usages?: string[];
  /** Point in time to judge validity at (compared at second precision). */
  now: Date;
  /** "expiring-soon" warning threshold in days (default 7). */
  expiringSoonDays?: number;
  /**
   * When the leaf enters its renewal window (cert-manager `status.renewalTime`). Defaults to
   * notAfter minus a third of the lifetime, cert-manager's default `renewBefore`.
   */
  renewalTime?: Date;
  /** The name the client expects: the SNI host the gateway serves, or the IP it is dialled at. */
  peerName?: PeerName;
  /** Key usages the leaf must allow (cert-manager names, e.g. "digital signature"). */
  requiredKeyUsages?: string[];
  /**
   * Maximum number of intermediate CAs between leaf and anchor (OpenSSL `-verify_depth`:
   * the leaf and the anchor are not counted). Default: no limit beyond the engine's 12 links.
   */
  maxDepth?: number;
  /** SPKI SHA-256 fingerprint (colon hex) of `tls.key`'s public key: picks the leaf in the bundle. */
  leafPublicKeyFingerprint?: string;
  /** PEM CRLs to check revocation against (RFC 5280 6.3). */
  crls?: string[];
  /**
   * Profiles whose findings are listed in `problems`: default RFC 5280 only, so internal mTLS
   * chains are not flooded with browser rules ("webpki-profile" findings); `profiles` is always
   * computed for both.
   */
  reportProfiles?: Profile[];
}

const DAY_MS = 86_400_000;
/** Longest path the builder follows (OpenSSL's default verify depth is 100; real chains are < 6). */
const MAX_LINKS = 12;
/** Work limits of the path search: pathological bundles fail instead of hanging. */
const MAX_SIGNATURE_CHECKS = 512;

/**
 * Signature verdicts shared by every `verifyChain` call, keyed by the SHA-256 fingerprints of the
 * child and issuer certificates (a fingerprint names exactly one DER, so the verdict can never go
 * stale). In steady state a chain judged again (next request, next scrape) costs no public-key
 * operation. Bounded: the oldest verdicts go first past `SIGNATURE_MEMO_MAX` entries.
 */
const SIGNATURE_MEMO_MAX = 200_000;
const signatureMemo = new Map<string, boolean>();
let signatureVerifications = 0;

/** Forgets every memoised signature verdict (the benchmark measures a first verification with it). */
export function resetSignatureMemo(): void {
  signatureMemo.clear();
}

/** How many public-key signature verifications `verifyChain` has run (memo misses; for tests and the bench). */
export function signatureVerificationCount(): number {
  return signatureVerifications;
}
const MAX_PATHS = 16;
/** OpenSSL caps name-constraint comparisons per certificate (NAME_CHECK_MAX, 1 << 20). */
const MAX_CONSTRAINT_WORK = 1 << 20;
const BOTH: Profile[] = ["rfc5280", "webpki"];
const RFC_ONLY: Profile[] = ["rfc5280"];
const WEBPKI_ONLY: Profile[] = ["webpki"];

/**
 * Extensions OpenSSL understands when critical (X509_supported_extension): any other critical
 * extension makes the certificate unusable (RFC 5280 4.2; OpenSSL error 34).
 */
const SUPPORTED_CRITICAL = new Set([
  "2.16.840.1.113730.1.1", // nsCertType
  "2.5.29.15", // keyUsage
  "2.5.29.17", // subjectAltName
  "2.5.29.19", // basicConstraints
  "2.5.29.32", // certificatePolicies
  "2.5.29.37", // extKeyUsage
  "2.5.29.36", // policyConstraints
  "1.3.6.1.5.5.7.1.14", // proxyCertInfo
  "2.5.29.30", // nameConstraints
  "2.5.29.33", // policyMappings
  "2.5.29.54", // inhibitAnyPolicy
  "1.3.6.1.5.5.7.1.7", // sbgp-ipAddrBlock
  "1.3.6.1.5.5.7.1.8", // sbgp-autonomousSysNum
]);

/**
 * The `openssl verify` error numbers each problem corresponds to (X509_V_ERR_*), used by the
 * differential suite to compare error classes. Problems OpenSSL does not check have none.
 */
export const OPENSSL_ERRORS: Partial<Record<ChainProblemCode, number[]>> = {
  expired: [10],
  "not-yet-valid": [9],
  "issuer-missing": [2, 20, 21],
  "untrusted-root": [2, 18, 19, 20],
  "signature-invalid": [4, 7, 18, 19, 20],
  "ca-not-ca": [79],
  "ca-no-keycertsign": [32, 79],
  "path-length-exceeded": [25],
  "missing-server-auth": [26],
  "missing-client-auth": [26],
  "missing-key-usage": [26],
  "weak-rsa-key": [66, 67],
  "weak-key": [66, 67],
  "sha1-signature": [68],
  "explicit-curve": [94],
  "signature-algorithm-mismatch": [77, 78],
  "missing-aki": [85],
  "missing-ski": [86],
  "critical-aki-or-ski": [34, 90, 91],
  "ca-basic-constraints-not-critical": [89],
  "ca-missing-key-usage": [92],
  "keycertsign-on-non-ca": [82],
  "pathlen-invalid": [80, 81],
  "unknown-critical-extension": [34],
  "malformed-extension": [34, 41],
  "duplicate-extension": [41],
  "empty-issuer": [83],
  "empty-subject": [84],
  "empty-san": [87],
  "san-not-critical": [88],
  "extensions-require-v3": [93],
  "name-constraints-violated": [47, 48, 51, 52, 53],
  "name-constraints-invalid": [49, 51, 52],
  "peer-name-mismatch": [62, 64],
  "max-depth-exceeded": [22],
  revoked: [23],
};

interface Node {
  cert: ParsedCertificate;
  source: CertificateSource;
}

/** Parses certificate input; unparseable certificates are returned as messages, never fatal. */
function toParsedLenient(input: CertificateInput | undefined): {
  certs: ParsedCertificate[];
  errors: string[];
} {
  if (input === undefined) return { certs: [], errors: [] };
  if (typeof input !== "string") return { certs: input, errors: [] };
  if (input.trim() === "") return { certs: [], errors: [] };
  const r = parseCertificatesPemLenient(input);
  return { certs: r.certificates, errors: r.errors.map((e) => `certificate #${e.index}: ${e.message}`) };
}

/**
 * Infers the role from cert-manager usages (and isCA), or from the certificate's own EKUs when
 * no usages are given. Returns undefined when nothing says what the certificate is for.
 */
export function inferRole(info: CertificateInfo, usages?: string[]): ChainRole | undefined {
  const list = usages ?? info.extendedKeyUsages;
  const server = list.includes("server auth");
  const client = list.includes("client auth");
  if (server && client) return "both";
  if (server) return "server";
  if (client) return "client";
  if (info.isCA || list.includes("cert sign")) return "ca";
  return undefined;
}

/**
 * Picks the leaf of a bundle (`tls.crt`): the certificate whose public key is `tls.key`'s when
 * its SPKI fingerprint is given; otherwise the non-CA certificate that issues no other
 * certificate of the bundle; otherwise the first certificate. Returns its index.
 */
export function selectLeaf(bundle: ParsedCertificate[], leafPublicKeyFingerprint?: string): number {
  if (leafPublicKeyFingerprint) {
    const i = bundle.findIndex((c) => c.info.publicKeyFingerprint === leafPublicKeyFingerprint);
    if (i >= 0) return i;
  }
  const issuesOther = (c: ParsedCertificate) =>
    bundle.some((o) => o !== c && o.issuerKey === c.subjectKey && o.subjectKey !== c.subjectKey);
  const first = bundle[0];
  if (first && !first.info.isCA && !issuesOther(first)) return 0;
  const i = bundle.findIndex((c) => !c.info.isCA && !issuesOther(c));
  if (i >= 0) return i;
  const j = bundle.findIndex((c) => !issuesOther(c));
  return Math.max(j, 0);
}

function worst(problems: Problem[]): Severity | "ok" {
  return worstSeverity(problems);
}

function label(info: CertificateInfo): string {
  return info.commonName ? `"${info.commonName}"` : `"${info.subject}"`;
}

function days(ms: number): string {
  const d = Math.floor(ms / DAY_MS);
  if (d >= 1) return `${d} day${d === 1 ? "" : "s"}`;
  const h = Math.max(0, Math.floor(ms / 3_600_000));
  return `${h} hour${h === 1 ? "" : "s"}`;
}

function hasExtension(c: ParsedCertificate, oid: string): boolean {
  return c.extensions.some((e) => e.oid === oid);
}

function extensionCritical(c: ParsedCertificate, oid: string): boolean {
  return c.extensions.some((e) => e.oid === oid && e.critical);
}

const OID = {
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  eku: "2.5.29.37",
  san: "2.5.29.17",
  aki: "2.5.29.35",
  ski: "2.5.29.14",
  nameConstraints: "2.5.29.30",
  policyConstraints: "2.5.29.36",
} as const;

function allowsPurpose(c: ParsedCertificate, purpose: "server auth" | "client auth"): boolean {
  const ekus = c.info.extendedKeyUsages;
  if (!hasExtension(c, OID.eku)) return true;
  return ekus.includes(purpose) || ekus.includes("any");
}

function isSelfIssued(c: ParsedCertificate): boolean {
  return c.subjectKey === c.issuerKey;
}

/** Search state shared by the path builder. */
class PathSearch {
  private sigCache = new Map<string, boolean>();
  signatureChecks = 0;
  exhausted = false;
  /** Complete paths (ending in an anchor). */
  complete: Node[][] = [];
  /** Longest dead-end path, with why it ended. */
  deadEnd?: {
    path: Node[];
    reason: "issuer-missing" | "signature-invalid" | "self-signed-untrusted" | "depth";
  };

  constructor(
    private pool: Node[],
    private isAnchor: (c: ParsedCertificate) => boolean,
  ) {}

  verifies(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
    const key = `${child.info.sha256Fingerprint}>${issuer.info.sha256Fingerprint}`;
    const hit = this.sigCache.get(key);
    if (hit !== undefined) return hit;
    this.signatureChecks++;
    if (this.signatureChecks > MAX_SIGNATURE_CHECKS) this.exhausted = true;
    let ok = false;
    if (issuer.key.usable && !this.exhausted) {
      const known = signatureMemo.get(key);
      if (known !== undefined) ok = known;
      else {
        signatureVerifications++;
        try {
          ok = child.x509.verify(issuer.x509.publicKey);
        } catch {
          ok = false;
        }
        if (signatureMemo.size >= SIGNATURE_MEMO_MAX) {
          const oldest = signatureMemo.keys().next().value;
          if (oldest !== undefined) signatureMemo.delete(oldest);
        }
        signatureMemo.set(key, ok);
      }
    }
    this.sigCache.set(key, ok);
    return ok;
  }

  private noteDeadEnd(path: Node[], reason: NonNullable<PathSearch["deadEnd"]>["reason"]): void {
    if (!this.deadEnd || path.length > this.deadEnd.path.length) this.deadEnd = { path: [...path], reason };
  }

  /** Depth-first search over every candidate issuer, backtracking on dead ends. */
  walk(path: Node[]): void {
    if (this.exhausted || this.complete.length >= MAX_PATHS) return;
    const current = path[path.length - 1]!;
    const c = current.cert;
    if (this.isAnchor(c)) {
      this.complete.push([...path]);
      return;
    }
    const selfSigned = isSelfIssued(c) && this.verifies(c, c);
    if (path.length >= MAX_LINKS) {
      this.noteDeadEnd(path, "depth");
      return;
    }
    const inPath = new Set(path.map((n) => n.cert.info.sha256Fingerprint));
    const sameName = this.pool.some((n) => n.cert !== c && n.cert.subjectKey === c.issuerKey);
    // A candidate whose SKI contradicts the child's AKI is not its issuer (RFC 5280 4.2.1.1;
    // OpenSSL X509_check_akid).
    const candidates = this.pool
      .filter(
        (n) =>
          n.cert.subjectKey === c.issuerKey &&
          !inPath.has(n.cert.info.sha256Fingerprint) &&
          !(c.authorityKeyId && n.cert.subjectKeyId && c.authorityKeyId !== n.cert.subjectKeyId),
      )
      .sort((a, b) => rank(c, a) - rank(c, b));
    let anyVerified = false;
    for (const cand of candidates) {
      if (cand.cert === c) continue;
      if (!this.verifies(c, cand.cert)) continue;
      anyVerified = true;
      path.push(cand);
      this.walk(path);
      path.pop();
      if (this.exhausted || this.complete.length >= MAX_PATHS) return;
    }
    if (selfSigned) this.noteDeadEnd(path, "self-signed-untrusted");
    else if (sameName && !anyVerified) this.noteDeadEnd(path, "signature-invalid");
    else if (!anyVerified) this.noteDeadEnd(path, "issuer-missing");
  }
}

/** Candidate order: trusted first, then a matching key identifier, then time-valid ones. */
function rank(child: ParsedCertificate, n: Node): number {
  let r = 0;
  if (n.source !== "trusted") r += 4;
  if (child.authorityKeyId && n.cert.subjectKeyId !== child.authorityKeyId) r += 2;
  return r;
}

/**
 * Builds the paths of a bundle from its leaf (see `selectLeaf`), verifies each signature link,
 * and judges the best path. Throws X509ParseError only when `bundle` holds no certificate at all
 * or is not PEM; an unparseable certificate inside a bundle becomes an "unparseable" problem and
 * the rest of the bundle is still used.
 */
export function verifyChain(opts: VerifyChainOptions): ChainVerdict {
  const chainProblems: Problem[] = [];
  const bundleIn = toParsedLenient(opts.bundle);
  const bundle = bundleIn.certs;
  const unparseable = (errors: string[], what: string) => {
    for (const e of errors) {
      chainProblems.push({
        code: "unparseable",
        severity: "critical",
        message: `A certificate of the ${what} could not be parsed (${e}); the others are still used.`,
        fix: `Replace the ${what} data with valid PEM certificates.`,
        fails: BOTH,
      });
    }
  };
  if (bundle.length === 0) {
    throw new X509ParseError(bundleIn.errors[0] ?? "no CERTIFICATE block");
  }
  unparseable(bundleIn.errors, "bundle");
  const extra = (input: CertificateInput | undefined, what: string): ParsedCertificate[] => {
    try {
      const r = toParsedLenient(input);
      unparseable(r.errors, what);
      return r.certs;
    } catch (err) {
      chainProblems.push({
        code: "unparseable",
        severity: "critical",
        message: `The ${what} bundle could not be parsed: ${err instanceof Error ? err.message : String(err)}.`,
        fix: `Replace the ${what} data with valid PEM certificates.`,
        fails: BOTH,
      });
      return [];
    }
  };
  const intermediates = extra(opts.intermediates, "intermediate");
  const trusted = extra(opts.trusted, "trusted CA");
  const trustedGiven = opts.trusted !== undefined;
  const trustedFps = new Set(trusted.map((t) => t.info.sha256Fingerprint));
  const leafIndex = selectLeaf(bundle, opts.leafPublicKeyFingerprint);
  const leaf = bundle[leafIndex]!;

  const pool: Node[] = [
    ...trusted.map((cert) => ({ cert, source: "trusted" as const })),
    ...bundle.filter((_, i) => i !== leafIndex).map((cert) => ({ cert, source: "bundle" as const })),
    ...intermediates.map((cert) => ({ cert, source: "intermediates" as const })),
  ];

  const search = new PathSearch(pool, (c) =>
    trustedGiven
      ? trustedFps.has(c.info.sha256Fingerprint)
      : isSelfIssued(c) && c.key.usable && c.info.selfSigned,
  );
  const leafNode: Node = {
    cert: leaf,
    source: trustedFps.has(leaf.info.sha256Fingerprint) ? "trusted" : "bundle",
  };
  search.walk([leafNode]);

  const role = opts.role ?? (opts.inferRole === false ? undefined : inferRole(leaf.info, opts.usages));
  const judged = search.complete.map((path) => ({
    path,
    problems: judgePath(path, opts, role, trustedGiven),
  }));
  const rfcValid = (ps: Problem[]) => !ps.some((p) => p.fails?.includes("rfc5280"));
  const score = (ps: Problem[]) =>
    (rfcValid(ps) ? 0 : 1000) + ps.filter((p) => p.fails?.includes("webpki")).length;
  judged.sort((a, b) => score(a.problems) - score(b.problems));
  const best = judged[0];

  let nodes: Node[];
  let status: ChainStatus = "complete";
  let pathProblems: Problem[];
  if (best) {
    nodes = best.path;
    pathProblems = best.problems;
  } else {
    const dead = search.deadEnd ?? { path: [leafNode], reason: "issuer-missing" as const };
    nodes = dead.path;
    pathProblems = judgePath(nodes, opts, role, trustedGiven);
    const last = nodes[nodes.length - 1]!.cert;
    if (search.exhausted) {
      status = "incomplete";
      pushProblem(chainProblems, last.info, {
        code: "issuer-missing",
        severity: "critical",
        message: `Path building gave up after ${MAX_SIGNATURE_CHECKS} signature checks: the bundle holds too many candidate issuers to find a path to a trusted CA.`,
        fix: "Remove unrelated and duplicate CA certificates from the bundle.",
        fails: BOTH,
      });
    } else if (dead.reason === "self-signed-untrusted") {
      pushProblem(chainProblems, last.info, {
        code: "untrusted-root",
        severity: "critical",
        message: `The chain ends in ${label(last.info)}, which is not among the trusted CAs.`,
        fix: "Make ca.crt (the trusted bundle) contain this root, or re-issue the certificate from the trusted CA.",
        fails: BOTH,
      });
    } else if (dead.reason === "signature-invalid") {
      status = "broken";
      pushProblem(chainProblems, last.info, {
        code: "signature-invalid",
        severity: "critical",
        message: isSelfIssued(last)
          ? `${label(last.info)} claims to be self-signed but its signature does not verify with its own key.`
          : `${label(last.info)} names "${last.info.issuer}" as issuer, but its signature does not verify with the key of any certificate of that name.`,
        fix: isSelfIssued(last)
          ? "Re-issue this CA certificate; the current one is corrupt or was tampered with."
          : "The CA was rotated or the bundle mixes CAs: re-issue the certificate from the current CA, or supply the CA that signed it.",
        fails: BOTH,
      });
    } else if (dead.reason === "depth") {
      status = "incomplete";
      pushProblem(chainProblems, last.info, {
        code: "max-depth-exceeded",
        severity: "critical",
        message: `No trusted CA was reached within ${MAX_LINKS} certificates.`,
        fix: "Check the bundle for loops of cross-signed CAs; shorten the chain.",
        fails: BOTH,
      });
    } else {
      status = "incomplete";
      pushProblem(chainProblems, last.info, {
        code: "issuer-missing",
        severity: "critical",
        message: `No certificate for issuer "${last.info.issuer}" of ${label(last.info)} was found in the bundle${trustedGiven ? " or the trusted CAs" : ""}.`,
        fix: trustedGiven
          ? "Point ca.crt (or the trusted bundle) at the CA that actually issued this certificate, or add the missing intermediate."
          : "Provide the issuing CA (ca.crt) or append the missing intermediate to the bundle.",
        fails: BOTH,
      });
    }
  }

  const links: ChainLink[] = nodes.map((n, i) => {
    const link: ChainLink = { certificate: n.cert.info, source: n.source, verdict: "ok", problems: [] };
    const next = nodes[i + 1];
    if (next) link.signatureValid = true;
    else if (isSelfIssued(n.cert)) link.signatureValid = search.verifies(n.cert, n.cert);
    else if (status === "broken") link.signatureValid = false;
    return link;
  });
  const bySubject = new Map<ParsedCertificate, ChainLink>(nodes.map((n, i) => [n.cert, links[i]!]));
  for (const p of pathProblems) {
    const owner = p.certificate ? nodes.find((n) => n.cert.info.subject === p.certificate) : undefined;
    const link = owner ? bySubject.get(owner.cert) : undefined;
    if (link && p.code !== "peer-name-mismatch" && p.code !== "max-depth-exceeded") link.problems.push(p);
    else chainProblems.push(p);
  }

  const all = [...chainProblems, ...links.flatMap((l) => l.problems)];
  const profiles: Record<Profile, boolean> = {
    rfc5280: status === "complete" && !all.some((p) => p.fails?.includes("rfc5280")),
    webpki: status === "complete" && !all.some((p) => p.fails?.includes("webpki")),
  };
  const report = new Set<Profile>(opts.reportProfiles ?? ["rfc5280"]);
  // Browser-only rules ("webpki-profile") are listed only when asked for; every other finding is.
  const reported = (p: Problem) => p.code !== "webpki-profile" || report.has("webpki");
  for (const link of links) {
    link.problems = link.problems.filter(reported);
    link.verdict = worst(link.problems);
  }
  const problems = all
    .filter(reported)
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const used = new Set(nodes.map((n) => n.cert));
  // An expired cross-signed copy of a CA the chosen path reaches (same subject and key) harms no
  // client that trusts that CA directly: a warning, not "CA expired, re-issue everything".
  const nowMs = Math.floor(opts.now.getTime() / 1000) * 1000;
  for (const c of bundle) {
    if (used.has(c) || !c.info.isCA || nowMs < Date.parse(c.info.notAfter)) continue;
    const same = nodes.find(
      (n) =>
        n.cert.subjectKey === c.subjectKey &&
        n.cert.info.publicKeyFingerprint === c.info.publicKeyFingerprint,
    );
    if (!same || status !== "complete") continue;
    const w: Problem = {
      code: "expired-cross-sign",
      severity: "warning",
      message: `The bundle carries an expired cross-signed copy of ${label(c.info)} (issued by "${c.info.issuer}", expired ${c.info.notAfter}); clients that trust ${label(c.info)} directly are unaffected.`,
      fix: "Remove the expired copy from the bundle so old clients do not try it.",
      certificate: c.info.subject,
    };
    problems.push(w);
  }
  problems.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const verdict: ChainVerdict = {
    status,
    valid: profiles.rfc5280,
    profiles,
    failedProfiles: (["rfc5280", "webpki"] as const).filter((p) => !profiles[p]),
    links,
    problems,
    unusedCertificates: bundle.filter((c) => !used.has(c)).map((c) => c.info),
    alternatives: judged.slice(1).map((j): ChainAlternative => {
      const alt: ChainAlternative = {
        subjects: j.path.map((n) => n.cert.info.subject),
        valid: rfcValid(j.problems),
      };
      const failing = j.problems
        .filter((p) => p.fails?.includes("rfc5280"))
        .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0];
      if (!alt.valid && failing) alt.problem = { code: failing.code, message: failing.message };
      return alt;
    }),
  };
  if (role) verdict.role = role;
  return verdict;
}

function pushProblem(list: Problem[], info: CertificateInfo, p: Omit<Problem, "certificate">): void {
  list.push({ ...p, certificate: info.subject });
}

/** Names of a certificate that name constraints apply to: SAN entries, subject DN, subject emails. */
function constrainedNames(c: ParsedCertificate): SubjectName[] {
  const names: SubjectName[] = [...c.sanEntries];
  if (c.subjectRdns.length > 0) names.push({ type: "dn", rdns: c.subjectRdns });
  for (const rdn of c.subjectRdns) {
    for (const a of rdn) if (a.oid === "1.2.840.113549.1.9.1") names.push({ type: "email", value: a.value });
  }
  return names;
}

/**
 * Judges one complete or partial path (leaf first). Returns every problem, each tagged with
 * the certificate it is about and the profiles it fails.
 */
function judgePath(
  nodes: Node[],
  opts: VerifyChainOptions,
  role: ChainRole | undefined,
  trustedGiven: boolean,
): Problem[] {
  const out: Problem[] = [];
  const n = nodes.length;
  nodes.forEach((node, i) => {
    out.push(...judgeLink(node.cert, i, nodes, opts, trustedGiven));
  });
  const leaf = nodes[0]!.cert;
  const add = (c: ParsedCertificate, p: Omit<Problem, "certificate">) => pushProblem(out, c.info, p);

  // Role / purpose (OpenSSL -purpose): EKU of the leaf and of every CA that restricts EKUs,
  // and the leaf's key usage bits for the purpose.
  if (role) {
    if (role === "ca" && !leaf.info.isCA) {
      add(leaf, {
        code: "ca-not-ca",
        severity: "critical",
        message: `${label(leaf.info)} is used as a CA but has no basicConstraints CA:TRUE.`,
        fix: "Set isCA: true on the Certificate and re-issue it.",
        fails: BOTH,
      });
    }
    const purposes: ("server auth" | "client auth")[] =
      role === "both"
        ? ["server auth", "client auth"]
        : role === "server"
          ? ["server auth"]
          : role === "client"
            ? ["client auth"]
            : [];
    for (const purpose of purposes) {
      const client = purpose === "client auth";
      nodes.forEach((node, i) => {
        if (allowsPurpose(node.cert, purpose)) return;
        add(node.cert, {
          code: client ? "missing-client-auth" : "missing-server-auth",
          severity: "critical",
          message:
            i === 0
              ? `${label(node.cert.info)} is used as a TLS ${client ? "client" : "server"} but its extended key usage lacks "${purpose}".`
              : `CA ${label(node.cert.info)} restricts extended key usage and does not allow "${purpose}".`,
          fix:
            i === 0
              ? `Add "${purpose}" to the Certificate's usages and renew it.`
              : `Re-issue the CA without an EKU restriction, or with "${purpose}" in it.`,
          fails: BOTH,
        });
      });
      // OpenSSL's ssl_server / ssl_client purposes also read the leaf's keyUsage.
      const allowed = client
        ? ["digital signature", "key agreement"]
        : ["digital signature", "key encipherment", "key agreement"];
      if (leaf.hasKeyUsage && !leaf.info.keyUsages.some((u) => allowed.includes(u))) {
        add(leaf, {
          code: "missing-key-usage",
          severity: "critical",
          message: `${label(leaf.info)} is used as a TLS ${client ? "client" : "server"} but its key usage allows none of ${allowed.join(", ")}.`,
          fix: 'Add "digital signature" to the Certificate\'s usages and renew it.',
          fails: BOTH,
        });
      }
    }
    // WebPKI (CA/B Forum 7.1.2.7.10): a subscriber certificate carries EKU, non-critical, not anyEKU.
    if (role !== "ca") {
      const eku = leaf.extensions.find((e) => e.oid === OID.eku);
      const why = !eku
        ? "has no extended key usage"
        : eku.critical
          ? "marks extended key usage critical"
          : leaf.info.extendedKeyUsages.includes("any")
            ? "allows any extended key usage"
            : undefined;
      if (why) {
        add(leaf, {
          code: "webpki-profile",
          severity: "warning",
          message: `${label(leaf.info)} ${why}; browsers' WebPKI rules require a non-critical EKU with explicit purposes.`,
          fix: "Set explicit usages (server auth / client auth) on the Certificate.",
          fails: WEBPKI_ONLY,
        });
      }
    }
  }
  for (const usage of opts.requiredKeyUsages ?? []) {
    if (leaf.hasKeyUsage && !leaf.info.keyUsages.includes(usage)) {
      add(leaf, {
        code: "missing-key-usage",
        severity: "critical",
        message: `${label(leaf.info)} does not allow the key usage "${usage}".`,
        fix: `Add "${usage}" to the Certificate's usages and renew it.`,
        fails: BOTH,
      });
    }
  }

  // Peer name (RFC 6125; OpenSSL -verify_hostname / -verify_ip).
  if (opts.peerName && !matchesPeerName(leaf.sanEntries, opts.peerName)) {
    add(leaf, {
      code: "peer-name-mismatch",
      severity: "critical",
      message: `${label(leaf.info)} does not cover ${opts.peerName.kind === "IP" ? "IP address" : "host name"} "${opts.peerName.value}" in its subject alternative names.`,
      fix: `Add "${opts.peerName.value}" to the Certificate's ${opts.peerName.kind === "IP" ? "ipAddresses" : "dnsNames"} and renew it.`,
      fails: BOTH,
    });
  }

  // Maximum depth: intermediates between the leaf and the anchor (OpenSSL -verify_depth).
  if (opts.maxDepth !== undefined) {
    // Logical intermediates: a self-issued CA re-keying itself does not add a level.
    const intermediatesCount = nodes.slice(1, n - 1).filter((x) => !isSelfIssued(x.cert)).length;
    if (intermediatesCount > opts.maxDepth) {
      add(leaf, {
        code: "max-depth-exceeded",
        severity: "critical",
        message: `The chain has ${intermediatesCount} intermediate CA(s); at most ${opts.maxDepth} are allowed.`,
        fix: "Issue the certificate from a CA closer to the trust anchor, or raise the verify depth.",
        fails: BOTH,
      });
    }
  }

  // Name constraints (RFC 5280 6.1.3 (b)(c)): every CA's constraints apply to the certificates
  // below it, except self-issued intermediates.
  for (let i = 1; i < n; i++) {
    const ca = nodes[i]!.cert;
    const nc = ca.nameConstraints;
    if (!nc) continue;
    if ("invalid" in nc) {
      add(ca, {
        code: "name-constraints-invalid",
        severity: "critical",
        message: `CA ${label(ca.info)} has a NameConstraints extension RFC 5280 does not allow: ${nc.invalid}.`,
        fix: "Re-issue the CA with valid permitted/excluded subtrees.",
        fails: BOTH,
      });
      continue;
    }
    if (!extensionCritical(ca, OID.nameConstraints)) {
      add(ca, {
        code: "name-constraints-invalid",
        severity: "critical",
        message: `CA ${label(ca.info)} has a non-critical NameConstraints extension (RFC 5280 4.2.1.10: it MUST be critical).`,
        fix: "Re-issue the CA with the name constraints marked critical.",
        fails: RFC_ONLY,
      });
    }
    for (let j = 0; j < i; j++) {
      const sub = nodes[j]!.cert;
      if (j > 0 && isSelfIssued(sub)) continue;
      const names = constrainedNames(sub);
      if (constraintWork(names, nc) > MAX_CONSTRAINT_WORK) {
        add(sub, {
          code: "name-constraints-violated",
          severity: "critical",
          message: `${label(sub.info)} has too many names to check against the name constraints of ${label(ca.info)}.`,
          fix: "Reduce the number of names in the certificate.",
          fails: BOTH,
        });
        continue;
      }
      const why = checkNameConstraints(names, nc);
      if (why) {
        add(sub, {
          code: "name-constraints-violated",
          severity: "critical",
          message: `${label(sub.info)}: ${why} of the name constraints of CA ${label(ca.info)}.`,
          fix: "Issue the certificate only for names the CA is allowed to certify, or use another CA.",
          fails: BOTH,
        });
      }
    }
  }

  // Revocation (RFC 5280 6.3) when CRLs are given.
  if (opts.crls && opts.crls.length > 0) out.push(...checkCrls(nodes, opts));
  return out;
}

/** Checks one certificate at position `i` of the path (0 = leaf). */
function judgeLink(
  c: ParsedCertificate,
  i: number,
  nodes: Node[],
  opts: VerifyChainOptions,
  trustedGiven: boolean,
): Problem[] {
  const info = c.info;
  const out: Problem[] = [];
  const add = (p: Omit<Problem, "certificate">) => pushProblem(out, info, p);
  // OpenSSL compares times at second precision (ASN.1 times carry whole seconds), and treats
  // notAfter as exclusive: at notAfter itself the certificate has expired (X509_cmp_time).
  const now = Math.floor(opts.now.getTime() / 1000) * 1000;
  const notBefore = Date.parse(info.notBefore);
  const notAfter = Date.parse(info.notAfter);
  const n = nodes.length;
  const isLast = i === n - 1;
  const isRoot = isLast && isSelfIssued(c) && i > 0;
  const what = i === 0 ? "certificate" : "CA certificate";
  const strict = n > 1; // OpenSSL skips the strict checks for a lone self-issued certificate.

  if (now >= notAfter) {
    add({
      code: "expired",
      severity: "critical",
      message: `${what} ${label(info)} expired on ${info.notAfter}.`,
      fix:
        i === 0
          ? "Renew the certificate now."
          : "Renew or rotate this CA, then re-issue everything it signed.",
      fails: BOTH,
    });
  } else if (now < notBefore) {
    add({
      code: "not-yet-valid",
      severity: "critical",
      message: `${what} ${label(info)} is not valid before ${info.notBefore}.`,
      fix: "Check the clock of the issuing system, or wait until the certificate becomes valid.",
      fails: BOTH,
    });
  } else {
    const left = notAfter - now;
    const soonMs = (opts.expiringSoonDays ?? 7) * DAY_MS;
    const renewal =
      i === 0
        ? (opts.renewalTime?.getTime() ?? notAfter - Math.floor((notAfter - notBefore) / 3))
        : Number.POSITIVE_INFINITY;
    if (left < soonMs) {
      add({
        code: "expiring-soon",
        severity: "warning",
        message: `${what} ${label(info)} expires in ${days(left)} (${info.notAfter}).`,
        fix: i === 0 ? "Renew the certificate now." : "Rotate this CA before it expires.",
      });
    } else if (now >= renewal) {
      add({
        code: "expiring-soon",
        severity: "info",
        message: `${what} ${label(info)} is inside its renewal window; it expires in ${days(left)}.`,
        fix: "Check that cert-manager renews it (Certificate Ready, no failed issuance).",
      });
    }
  }

  // Key policy (OpenSSL auth_level 2: 112-bit security).
  const alg = info.publicKeyAlgorithm;
  const size = info.publicKeySize;
  if (alg.startsWith("RSA") && size !== undefined && size < 2048) {
    add({
      code: "weak-rsa-key",
      severity: "critical",
      message: `${label(info)} has a ${size}-bit RSA key; at least 2048 bits are required.`,
      fix: "Set privateKey.size to 2048 or more (or use ECDSA) and re-issue with a new key.",
      fails: BOTH,
    });
  } else if (
    (alg === "DSA" && size !== undefined && size < 2048) ||
    (alg === "ECDSA" && size !== undefined && size < 224)
  ) {
    add({
      code: "weak-key",
      severity: "critical",
      message: `${label(info)} has a ${size}-bit ${alg} key, below the 112-bit security level.`,
      fix: "Re-issue with an RSA 2048+ or ECDSA P-256/P-384 key.",
      fails: BOTH,
    });
  }
  if (c.key.explicitCurve && strict) {
    add({
      code: "explicit-curve",
      severity: "critical",
      message: `${label(info)} has an EC key with explicit curve parameters (RFC 5480: only named curves).`,
      fix: "Re-issue with a named curve (P-256 or P-384).",
      fails: BOTH,
    });
  } else if (!c.key.usable) {
    add({
      code: "weak-key",
      severity: "critical",
      message: `${label(info)} has a public key that cannot be used (${alg}).`,
      fix: "Re-issue with an RSA 2048+ or ECDSA P-256/P-384 key.",
      fails: BOTH,
    });
  }
  if (alg === "DSA" || (alg.startsWith("RSA") && size !== undefined && size % 8 !== 0)) {
    add({
      code: "webpki-profile",
      severity: "warning",
      message: `${label(info)} has a ${alg === "DSA" ? "DSA key" : "RSA modulus that is not a multiple of 8 bits"}, which the WebPKI forbids.`,
      fix: "Re-issue with an RSA 2048+ or ECDSA P-256/P-384 key.",
      fails: WEBPKI_ONLY,
    });
  }
  // Signature digest: every signature relied upon, i.e. all but a self-signed anchor's own.
  const anchorSelfSig = isLast && isSelfIssued(c);
  if (c.signatureHash === "SHA1" || c.signatureHash === "MD5") {
    add({
      code: "sha1-signature",
      severity: anchorSelfSig ? "warning" : "critical",
      message: `${label(info)} is signed with ${info.signatureAlgorithm}${c.signatureHash === "SHA1" && info.signatureAlgorithm === "rsassaPss" ? " (SHA-1)" : ""}, which is no longer accepted.`,
      fix: "Re-issue the certificate with a SHA-256 (or stronger) signature.",
      ...(anchorSelfSig ? {} : { fails: BOTH }),
    });
  }

  // Extensions every consumer must understand (RFC 5280 4.2).
  for (const e of c.extensions) {
    if (e.critical && !SUPPORTED_CRITICAL.has(e.oid)) {
      add({
        code: e.oid === OID.aki || e.oid === OID.ski ? "critical-aki-or-ski" : "unknown-critical-extension",
        severity: "critical",
        message: `${label(info)} has a critical extension ${e.oid} that ${e.oid === OID.aki || e.oid === OID.ski ? "RFC 5280 requires to be non-critical" : "is not understood"}.`,
        fix: "Re-issue the certificate without that critical extension.",
        fails: BOTH,
      });
    }
  }
  for (const oid of c.malformedExtensions) {
    add({
      code: "malformed-extension",
      severity: "critical",
      message: `${label(info)} has an extension ${oid} whose value cannot be decoded.`,
      fix: "Re-issue the certificate; its issuer produced a malformed extension.",
      fails: BOTH,
    });
  }
  for (const oid of c.duplicateExtensions) {
    add({
      code: "duplicate-extension",
      severity: "critical",
      message: `${label(info)} carries extension ${oid} more than once (RFC 5280 4.2).`,
      fix: "Re-issue the certificate with each extension once.",
      fails: BOTH,
    });
  }
  if (c.serialProblems.length > 0 && !(isLast && i > 0)) {
    add({
      code: "serial-number",
      severity: "warning",
      message: `${label(info)} has a serial number that is ${c.serialProblems.join(" and ")} (RFC 5280 4.1.2.2: positive, at most 20 octets); some clients reject it.`,
      fix: "Re-issue the certificate from a CA that generates conforming serial numbers.",
      fails: WEBPKI_ONLY,
    });
  }
  if (hasExtension(c, OID.policyConstraints) && !extensionCritical(c, OID.policyConstraints)) {
    add({
      code: "policy-constraints-not-critical",
      severity: "critical",
      message: `${label(info)} has a non-critical policyConstraints extension (RFC 5280 4.2.1.11: it MUST be critical).`,
      fix: "Re-issue the CA with policyConstraints marked critical.",
      fails: RFC_ONLY,
    });
  }

  // OpenSSL -x509_strict (x509_vfy.c check_extensions), for chains of more than one certificate.
  if (strict) {
    if (info.isCA && c.hasBasicConstraints && !extensionCritical(c, OID.basicConstraints)) {
      add({
        code: "ca-basic-constraints-not-critical",
        severity: "critical",
        message: `CA ${label(info)} has basicConstraints not marked critical (RFC 5280 4.2.1.9).`,
        fix: "Re-issue the CA with basicConstraints critical (cert-manager does this).",
        fails: BOTH,
      });
    }
    if (c.info.pathLength !== undefined || hasPathLenWithoutCa(c)) {
      if (!info.isCA || (c.hasKeyUsage && !info.keyUsages.includes("cert sign"))) {
        add({
          code: "pathlen-invalid",
          severity: "critical",
          message: `${label(info)} sets a path length without being a CA with the "cert sign" usage.`,
          fix: "Re-issue with isCA: true and the cert sign usage, or without a path length.",
          fails: BOTH,
        });
      }
    }
    if (info.isCA && !c.hasKeyUsage) {
      add({
        code: "ca-missing-key-usage",
        severity: "critical",
        message: `CA ${label(info)} has no keyUsage extension (RFC 5280 4.2.1.3).`,
        fix: 'Re-issue the CA with keyUsage "cert sign" (and "crl sign").',
        fails: BOTH,
      });
    } else if (!info.isCA && info.keyUsages.includes("cert sign")) {
      add({
        code: "keycertsign-on-non-ca",
        severity: "critical",
        message: `${label(info)} allows "cert sign" but is not a CA (RFC 5280 4.2.1.3).`,
        fix: 'Re-issue the certificate without the "cert sign" usage.',
        fails: BOTH,
      });
    }
    if (c.issuerRdns.length === 0) {
      add({
        code: "empty-issuer",
        severity: "critical",
        message: `${label(info)} has an empty issuer name (RFC 5280 4.1.2.4).`,
        fix: "Re-issue the certificate from a CA with a non-empty subject.",
        fails: BOTH,
      });
    }
    if (c.subjectRdns.length === 0) {
      if (info.isCA || info.keyUsages.includes("crl sign") || !c.hasSan) {
        add({
          code: "empty-subject",
          severity: "critical",
          message: `${label(info)} has an empty subject name (RFC 5280 4.1.2.6).`,
          fix: "Re-issue the certificate with a subject name.",
          fails: BOTH,
        });
      } else if (!extensionCritical(c, OID.san)) {
        add({
          code: "san-not-critical",
          severity: "critical",
          message: `${label(info)} has an empty subject and a non-critical subjectAltName (RFC 5280 4.2.1.6).`,
          fix: "Re-issue with a subject name, or with the subjectAltName marked critical.",
          fails: BOTH,
        });
      }
    }
    if (c.hasSan && c.sanEntries.length === 0) {
      add({
        code: "empty-san",
        severity: "critical",
        message: `${label(info)} has an empty subjectAltName extension (RFC 5280 4.2.1.6).`,
        fix: "Re-issue the certificate with at least one name in subjectAltName.",
        fails: BOTH,
      });
    }
    if (!c.signatureAlgorithmsMatch) {
      add({
        code: "signature-algorithm-mismatch",
        severity: "critical",
        message: `${label(info)} names different signature algorithms inside and outside the signed part (RFC 5280 4.1.1.2).`,
        fix: "Re-issue the certificate; it is malformed.",
        fails: BOTH,
      });
    }
    if (c.version >= 3) {
      if (!isLast && !c.hasAuthorityKeyIdExtension) {
        add({
          code: "missing-aki",
          severity: "critical",
          message: `${label(info)} has no Authority Key Identifier (RFC 5280 4.2.1.1; OpenSSL -x509_strict and Python >= 3.13 reject it).`,
          fix: "Re-issue the certificate from a CA that adds the authority key identifier (cert-manager does).",
          fails: BOTH,
        });
      }
      if (info.isCA && !c.subjectKeyId) {
        add({
          code: "missing-ski",
          severity: "critical",
          message: `CA ${label(info)} has no Subject Key Identifier (RFC 5280 4.2.1.2).`,
          fix: "Re-issue the CA with a subject key identifier.",
          fails: BOTH,
        });
      }
    } else if (c.extensions.length > 0) {
      add({
        code: "extensions-require-v3",
        severity: "critical",
        message: `${label(info)} is a version ${c.version} certificate carrying extensions (they need version 3).`,
        fix: "Re-issue the certificate as X.509 v3.",
        fails: BOTH,
      });
    }
  }

  if (i > 0) {
    if (!info.isCA) {
      add({
        code: "ca-not-ca",
        severity: "critical",
        message: `${label(info)} signs other certificates but has no basicConstraints CA:TRUE.`,
        fix: "Re-issue this issuer certificate with isCA: true.",
        fails: BOTH,
      });
    }
    if (c.hasKeyUsage && !info.keyUsages.includes("cert sign")) {
      add({
        code: "ca-no-keycertsign",
        severity: "critical",
        message: `CA ${label(info)} has a key usage extension without "cert sign".`,
        fix: 'Re-issue the CA with the "cert sign" usage (cert-manager adds it when isCA is true).',
        fails: BOTH,
      });
    }
    // pathLength counts the non-self-issued intermediates below this CA (excluding the leaf).
    const below = nodes.slice(1, i).filter((x) => !isSelfIssued(x.cert)).length;
    if (info.pathLength !== undefined && below > info.pathLength) {
      add({
        code: "path-length-exceeded",
        severity: "critical",
        message: `CA ${label(info)} allows ${info.pathLength} intermediate CA(s) below it, but the chain has ${below}.`,
        fix: "Issue the leaf directly from an allowed CA, or re-issue this CA with a larger path length.",
        fails: BOTH,
      });
    }
    if (isLast && trustedGiven && !isSelfIssued(c)) {
      add({
        code: "partial-chain-anchor",
        severity: "warning",
        message: `The chain is anchored at ${label(info)}, a trusted CA that is not a root; nginx-based servers (APISIX) only accept that with partial-chain verification.`,
        fix: "Put the root CA into ca.crt as well.",
      });
    }
    // WebPKI root shape: AKI, when present, is only a keyIdentifier equal to the SKI; no EKU.
    if (isRoot) {
      if (
        c.hasAuthorityKeyIdExtension &&
        (!c.authorityKeyId || c.authorityKeyIdHasIssuer || c.authorityKeyId !== c.subjectKeyId)
      ) {
        add({
          code: "webpki-profile",
          severity: "warning",
          message: `Root ${label(info)} has an authority key identifier other than its own key identifier.`,
          fix: "Re-issue the root with an AKI holding only its key identifier, or none.",
          fails: WEBPKI_ONLY,
        });
      }
      if (hasExtension(c, OID.eku)) {
        add({
          code: "webpki-profile",
          severity: "warning",
          message: `Root ${label(info)} carries an extended key usage extension, which WebPKI roots must not.`,
          fix: "Re-issue the root without extended key usage.",
          fails: WEBPKI_ONLY,
        });
      }
    }
  } else {
    if (hasExtension(c, OID.nameConstraints)) {
      add({
        code: "name-constraints-in-leaf",
        severity: "critical",
        message: `${label(info)} is not a CA but carries name constraints (RFC 5280 4.2.1.10: CAs only).`,
        fix: "Re-issue the certificate without name constraints.",
        fails: BOTH,
      });
    }
    const webpki = (why: string) =>
      add({
        code: "webpki-profile",
        severity: "warning",
        message: `${label(info)} ${why}, which browsers' WebPKI rules forbid for a server certificate.`,
        fix: "Re-issue the certificate as a v3 end-entity certificate with its host names in subjectAltName.",
        fails: WEBPKI_ONLY,
      });
    if (n > 1 || !trustedGiven) {
      if (info.isCA && opts.role !== "ca") webpki("is a CA certificate (basicConstraints CA:TRUE)");
      if (c.version < 3) webpki(`is an X.509 version ${c.version} certificate`);
      if (!c.hasSan && opts.role !== "ca") webpki("has no subjectAltName");
      if (c.hasSan && extensionCritical(c, OID.san) && c.subjectRdns.length > 0) {
        webpki("marks subjectAltName critical although its subject is not empty");
      }
      // CA/B Forum BR 7.1.4.3: a common name, when present, repeats one SAN value verbatim.
      const cn = info.commonName;
      if (cn !== undefined && c.hasSan && !info.dnsNames.includes(cn) && !info.ipAddresses.includes(cn)) {
        webpki(`has common name "${cn}", which is not one of its subjectAltName entries`);
      }
    }
    const leafEnd = Date.parse(info.notAfter);
    for (const x of nodes.slice(1)) {
      if (Date.parse(x.cert.info.notAfter) < leafEnd) {
        add({
          code: "leaf-outlives-ca",
          severity: "warning",
          message: `${label(info)} is valid until ${info.notAfter}, after its CA ${label(x.cert.info)} expires (${x.cert.info.notAfter}).`,
          fix: "Rotate the CA well before that date, or shorten the certificate's duration.",
        });
        break;
      }
    }
  }
  return out;
}

/** basicConstraints with a pathLenConstraint on a certificate that is not a CA. */
function hasPathLenWithoutCa(c: ParsedCertificate): boolean {
  return !c.info.isCA && c.basicConstraintsPathLength !== undefined;
}

/** RFC 5280 6.3 revocation against the given CRLs (see `crl.ts`). */
function checkCrls(nodes: Node[], opts: VerifyChainOptions): Problem[] {
  const out: Problem[] = [];
  for (const f of checkRevocation(
    nodes.map((x) => x.cert),
    opts.crls ?? [],
  )) {
    pushProblem(out, f.certificate.info, {
      code: f.revoked ? "revoked" : "crl-invalid",
      severity: "critical",
      message: f.message,
      fix: f.revoked
        ? "Issue a new certificate; this one was revoked by its CA."
        : "Publish a conforming CRL (signed by a CA allowed to sign CRLs, with a non-critical CRL number).",
      fails: BOTH,
    });
  }
  return out;
}
/**
 * What `cmctl inspect secret` reports: whether `tls.crt` verifies against `ca.crt`. Returns
 * `{ chainVerifies, chainProblem }` ready for `CertificateDetail.secret`; never throws.
 */
export function checkSecretChain(
  tlsCrt: string,
  caCrt: string | undefined,
  now: Date,
): { chainVerifies: boolean; chainProblem?: string; verdict?: ChainVerdict } {
  try {
    const verdict = verifyChain({ bundle: tlsCrt, trusted: caCrt?.trim() ? caCrt : undefined, now });
    const first = verdict.problems.find((p) => p.severity === "critical");
    return first
      ? { chainVerifies: verdict.valid, chainProblem: first.message, verdict }
      : { chainVerifies: verdict.valid, verdict };
  } catch (err) {
    return { chainVerifies: false, chainProblem: err instanceof Error ? err.message : String(err) };
  }
}
