import type { CertificateInfo } from "@/lib/types";
import { type ParsedCertificate, parseCertificatesPemWithObjects, X509ParseError } from "./parse";

/**
 * Chain engine: orders a bundle leaf -> root, verifies every signature link with the issuer's
 * real public key, and judges the chain against the checks OpenSSL makes (validity, CA flags,
 * keyCertSign, path length, purpose, key and signature strength) plus operational warnings
 * (expiring soon, leaf outliving its CA).
 *
 * How verdicts map to `openssl verify -x509_strict -auth_level 2 -attime <now> -CAfile <trusted>
 * -untrusted <rest of bundle + intermediates> [-purpose sslserver|sslclient] <leaf>`:
 * `valid === true` exactly when that command succeeds. `auth_level 2` is the policy of this engine
 * (RSA >= 2048 bits, no SHA-1 signatures; OpenSSL's default verify level accepts both). Warnings and
 * infos (expiring-soon, leaf-outlives-ca, ...) never make a chain invalid.
 */

import { SEVERITY_ORDER, type Severity, worstSeverity } from "@/lib/severity";

export type { Severity };

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
  | "weak-rsa-key"
  | "sha1-signature"
  | "signature-invalid"
  | "issuer-missing"
  | "untrusted-root"
  | "unparseable";

/** One finding; `fix` is one line telling the user what to do. */
export interface Problem {
  code: ChainProblemCode;
  severity: Severity;
  message: string;
  fix: string;
  /** Subject of the certificate the problem is about, when it is about one. */
  certificate?: string;
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

export interface ChainVerdict {
  status: ChainStatus;
  /** True when the chain is complete, anchored in a trusted root (if any were given), and has no critical problem. */
  valid: boolean;
  /** Role the chain was judged for; undefined when no role was given or inferable. */
  role?: ChainRole;
  /** Leaf first. */
  links: ChainLink[];
  /** Every problem of every link, plus chain-level ones (issuer-missing, untrusted-root), worst first. */
  problems: Problem[];
  /** Bundle certificates that are not part of the chain. */
  unusedCertificates: CertificateInfo[];
}

/** Certificates given either as PEM text or already parsed. */
export type CertificateInput = string | ParsedCertificate[];

export interface VerifyChainOptions {
  /** The bundle to judge (e.g. a Secret's `tls.crt`): leaf first, then intermediates. */
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
  /** cert-manager usages of the Certificate, used to infer the role. */
  usages?: string[];
  /** Point in time to judge validity at. */
  now: Date;
  /** "expiring-soon" warning threshold in days (default 7). */
  expiringSoonDays?: number;
  /**
   * When the leaf enters its renewal window (cert-manager `status.renewalTime`). Defaults to
   * notAfter minus a third of the lifetime, cert-manager's default `renewBefore`.
   */
  renewalTime?: Date;
}

const DAY_MS = 86_400_000;
const MAX_DEPTH = 12;

interface Node {
  cert: ParsedCertificate;
  source: CertificateSource;
}

function toParsed(input: CertificateInput | undefined): ParsedCertificate[] {
  if (input === undefined) return [];
  if (typeof input !== "string") return input;
  if (input.trim() === "") return [];
  return parseCertificatesPemWithObjects(input);
}

function verifies(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return child.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
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

function allowsPurpose(info: CertificateInfo, purpose: "server auth" | "client auth"): boolean {
  const ekus = info.extendedKeyUsages;
  return ekus.length === 0 || ekus.includes(purpose) || ekus.includes("any");
}

/** Picks the issuer of `child` from the pool: by name, then key id, then a verifying signature. */
function findIssuer(
  child: ParsedCertificate,
  pool: Node[],
  visited: Set<ParsedCertificate>,
): { node?: Node; signatureValid: boolean } {
  const byName = pool.filter((n) => !visited.has(n.cert) && n.cert.subjectKey === child.issuerKey);
  if (byName.length === 0) return { signatureValid: false };
  const rank = (n: Node) =>
    (child.authorityKeyId && n.cert.subjectKeyId === child.authorityKeyId ? 0 : 1) +
    (n.source === "trusted" ? 0 : 0.5);
  const sorted = [...byName].sort((a, b) => rank(a) - rank(b));
  const good = sorted.find((n) => verifies(child, n.cert));
  if (good) return { node: good, signatureValid: true };
  return { node: sorted[0], signatureValid: false };
}

/**
 * Builds the chain of a bundle (leaf = first certificate), verifies each signature link, and
 * judges the result. Throws X509ParseError only when `bundle` holds no certificate at all or is
 * garbage; unparseable `intermediates` / `trusted` become an "unparseable" problem instead.
 */
export function verifyChain(opts: VerifyChainOptions): ChainVerdict {
  const bundle = toParsed(opts.bundle);
  const leaf = bundle[0];
  if (!leaf) throw new X509ParseError("no CERTIFICATE block");
  const chainProblems: Problem[] = [];
  const extra = (input: CertificateInput | undefined, label: string): ParsedCertificate[] => {
    try {
      return toParsed(input);
    } catch (err) {
      chainProblems.push({
        code: "unparseable",
        severity: "critical",
        message: `The ${label} bundle could not be parsed: ${err instanceof Error ? err.message : String(err)}.`,
        fix: `Replace the ${label} data with valid PEM certificates.`,
      });
      return [];
    }
  };
  const intermediates = extra(opts.intermediates, "intermediate");
  const trusted = extra(opts.trusted, "trusted CA");
  const trustedGiven = opts.trusted !== undefined;
  const trustedFps = new Set(trusted.map((t) => t.info.sha256Fingerprint));

  const pool: Node[] = [
    ...trusted.map((cert) => ({ cert, source: "trusted" as const })),
    ...bundle.slice(1).map((cert) => ({ cert, source: "bundle" as const })),
    ...intermediates.map((cert) => ({ cert, source: "intermediates" as const })),
  ];

  // Walk leaf -> root.
  const nodes: Node[] = [
    { cert: leaf, source: trustedFps.has(leaf.info.sha256Fingerprint) ? "trusted" : "bundle" },
  ];
  const signatureValid: (boolean | undefined)[] = [];
  const visited = new Set<ParsedCertificate>([leaf]);
  let status: ChainStatus = "complete";
  for (;;) {
    const current = nodes[nodes.length - 1]!;
    const c = current.cert;
    const idx = nodes.length - 1;
    if (c.subjectKey === c.issuerKey) {
      const ok = verifies(c, c);
      // A self-issued certificate that does not verify with its own key may still be signed by
      // another key of the same name (CA rotation); look for it before calling it broken.
      if (ok) {
        signatureValid[idx] = true;
        break;
      }
    }
    if (nodes.length >= MAX_DEPTH) {
      status = "incomplete";
      break;
    }
    const found = findIssuer(c, pool, visited);
    if (!found.node) {
      if (c.subjectKey === c.issuerKey) {
        signatureValid[idx] = false;
        status = "broken";
        pushProblem(chainProblems, c.info, {
          code: "signature-invalid",
          severity: "critical",
          message: `${label(c.info)} claims to be self-signed but its signature does not verify with its own key.`,
          fix: "Re-issue this CA certificate; the current one is corrupt or was tampered with.",
        });
      } else {
        status = "incomplete";
        pushProblem(chainProblems, c.info, {
          code: "issuer-missing",
          severity: "critical",
          message: `No certificate for issuer "${c.info.issuer}" of ${label(c.info)} was found in the bundle${trustedGiven ? " or the trusted CAs" : ""}.`,
          fix: trustedGiven
            ? "Point ca.crt (or the trusted bundle) at the CA that actually issued this certificate, or add the missing intermediate."
            : "Provide the issuing CA (ca.crt) or append the missing intermediate to the bundle.",
        });
      }
      break;
    }
    signatureValid[idx] = found.signatureValid;
    visited.add(found.node.cert);
    nodes.push(found.node);
    if (!found.signatureValid) {
      status = "broken";
      pushProblem(chainProblems, c.info, {
        code: "signature-invalid",
        severity: "critical",
        message: `${label(c.info)} names "${found.node.cert.info.subject}" as issuer, but its signature does not verify with that certificate's key.`,
        fix: "The CA was rotated or the bundle mixes CAs: re-issue the certificate from the current CA, or supply the CA that signed it.",
      });
      break;
    }
  }

  const links: ChainLink[] = nodes.map((n, i) => {
    const problems = judgeLink(n.cert, i, nodes, opts);
    const link: ChainLink = { certificate: n.cert.info, source: n.source, verdict: "ok", problems };
    const sv = signatureValid[i];
    if (sv !== undefined) link.signatureValid = sv;
    return link;
  });

  // Role checks (purpose): on the leaf, and on CAs that restrict EKUs (OpenSSL checks those too).
  const role = opts.role ?? inferRole(leaf.info, opts.usages);
  if (role) {
    const leafLink = links[0]!;
    if (role === "ca" && !leaf.info.isCA) {
      leafLink.problems.push({
        code: "ca-not-ca",
        severity: "critical",
        message: `${label(leaf.info)} is used as a CA but has no basicConstraints CA:TRUE.`,
        fix: "Set isCA: true on the Certificate and re-issue it.",
        certificate: leaf.info.subject,
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
      links.forEach((link, i) => {
        if (allowsPurpose(link.certificate, purpose)) return;
        const client = purpose === "client auth";
        link.problems.push({
          code: client ? "missing-client-auth" : "missing-server-auth",
          severity: "critical",
          message:
            i === 0
              ? `${label(link.certificate)} is used as a TLS ${client ? "client" : "server"} but its extended key usage lacks "${purpose}".`
              : `CA ${label(link.certificate)} restricts extended key usage and does not allow "${purpose}".`,
          fix:
            i === 0
              ? `Add "${purpose}" to the Certificate's usages and renew it.`
              : `Re-issue the CA without an EKU restriction, or with "${purpose}" in it.`,
          certificate: link.certificate.subject,
        });
      });
    }
  }

  // Anchoring.
  const last = nodes[nodes.length - 1]!;
  if (status === "complete" && trustedGiven && !trustedFps.has(last.cert.info.sha256Fingerprint)) {
    pushProblem(chainProblems, last.cert.info, {
      code: "untrusted-root",
      severity: "critical",
      message: `The chain ends in ${label(last.cert.info)}, which is not among the trusted CAs.`,
      fix: "Make ca.crt (the trusted bundle) contain this root, or re-issue the certificate from the trusted CA.",
    });
  }

  for (const link of links) link.verdict = worst(link.problems);
  const problems = [...chainProblems, ...links.flatMap((l) => l.problems)].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const used = new Set(nodes.map((n) => n.cert));
  const verdict: ChainVerdict = {
    status,
    valid: status === "complete" && !problems.some((p) => p.severity === "critical"),
    links,
    problems,
    unusedCertificates: bundle.filter((c) => !used.has(c)).map((c) => c.info),
  };
  if (role) verdict.role = role;
  return verdict;
}

function pushProblem(list: Problem[], info: CertificateInfo, p: Omit<Problem, "certificate">): void {
  list.push({ ...p, certificate: info.subject });
}

/** Checks one certificate at position `i` of the chain (0 = leaf). */
function judgeLink(c: ParsedCertificate, i: number, nodes: Node[], opts: VerifyChainOptions): Problem[] {
  const info = c.info;
  const out: Problem[] = [];
  const add = (p: Omit<Problem, "certificate">) => pushProblem(out, info, p);
  const now = opts.now.getTime();
  const notBefore = Date.parse(info.notBefore);
  const notAfter = Date.parse(info.notAfter);
  const isRoot = i === nodes.length - 1 && c.subjectKey === c.issuerKey && i > 0;
  const what = i === 0 ? "certificate" : "CA certificate";

  if (now > notAfter) {
    add({
      code: "expired",
      severity: "critical",
      message: `${what} ${label(info)} expired on ${info.notAfter}.`,
      fix:
        i === 0
          ? "Renew the certificate now."
          : "Renew or rotate this CA, then re-issue everything it signed.",
    });
  } else if (now < notBefore) {
    add({
      code: "not-yet-valid",
      severity: "critical",
      message: `${what} ${label(info)} is not valid before ${info.notBefore}.`,
      fix: "Check the clock of the issuing system, or wait until the certificate becomes valid.",
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

  if (
    info.publicKeyAlgorithm.startsWith("RSA") &&
    info.publicKeySize !== undefined &&
    info.publicKeySize < 2048
  ) {
    add({
      code: "weak-rsa-key",
      severity: "critical",
      message: `${label(info)} has a ${info.publicKeySize}-bit RSA key; at least 2048 bits are required.`,
      fix: "Set privateKey.size to 2048 or more (or use ECDSA) and re-issue with a new key.",
    });
  }
  if (c.signatureHash === "SHA1" || c.signatureHash === "MD5") {
    // A trust anchor's self-signature is not relied upon, so it is only a warning there.
    add({
      code: "sha1-signature",
      severity: isRoot ? "warning" : "critical",
      message: `${label(info)} is signed with ${info.signatureAlgorithm}, which is no longer accepted.`,
      fix: "Re-issue the certificate with a SHA-256 (or stronger) signature.",
    });
  }

  if (i > 0) {
    if (!info.isCA) {
      add({
        code: "ca-not-ca",
        severity: "critical",
        message: `${label(info)} signs other certificates but has no basicConstraints CA:TRUE.`,
        fix: "Re-issue this issuer certificate with isCA: true.",
      });
    }
    if (c.hasKeyUsage && !info.keyUsages.includes("cert sign")) {
      add({
        code: "ca-no-keycertsign",
        severity: "critical",
        message: `CA ${label(info)} has a key usage extension without "cert sign".`,
        fix: 'Re-issue the CA with the "cert sign" usage (cert-manager adds it when isCA is true).',
      });
    }
    // pathLength counts the non-self-issued intermediates below this CA (excluding the leaf).
    const below = nodes.slice(1, i).filter((n) => n.cert.subjectKey !== n.cert.issuerKey).length;
    if (info.pathLength !== undefined && below > info.pathLength) {
      add({
        code: "path-length-exceeded",
        severity: "critical",
        message: `CA ${label(info)} allows ${info.pathLength} intermediate CA(s) below it, but the chain has ${below}.`,
        fix: "Issue the leaf directly from an allowed CA, or re-issue this CA with a larger path length.",
      });
    }
  } else {
    const leafEnd = Date.parse(info.notAfter);
    for (const n of nodes.slice(1)) {
      if (Date.parse(n.cert.info.notAfter) < leafEnd) {
        add({
          code: "leaf-outlives-ca",
          severity: "warning",
          message: `${label(info)} is valid until ${info.notAfter}, after its CA ${label(n.cert.info)} expires (${n.cert.info.notAfter}).`,
          fix: "Rotate the CA well before that date, or shorten the certificate's duration.",
        });
        break;
      }
    }
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
