import { KEY_USAGES } from "@/lib/actions/issue-schema";
import type { CertificateInfo, ConditionStatus, IssuerType } from "@/lib/types";
import { type ParsedCertificate, signedBy } from "@/lib/x509/parse";

/**
 * Adopting an unmanaged TLS Secret into cert-manager (pure): the Certificate that matches what the
 * Secret holds, the issuer that should sign it (and why), and what cert-manager's issuing trigger
 * will do once the Certificate exists: re-issue at once, or keep the current certificate until its
 * renewal time. The trigger rules are cert-manager v1.21's `NewTriggerPolicyChain`
 * (internal/controller/certificates/policies): SecretDoesNotExist, SecretIsMissingData,
 * SecretPublicKeysDiffer, SecretIssuerAnnotationsMismatch, SecretCertificateNameAnnotationsMismatch,
 * SecretPrivateKeyMismatchesSpec, (no CertificateRequest yet, so) the Secret's names against the spec
 * (`FuzzyX509AltNamesMatchSpec`), then CurrentCertificateNearingExpiry.
 */

/** An issuer the Certificate could name. */
export interface IssuerCandidate {
  kind: "Issuer" | "ClusterIssuer";
  /** Absent for ClusterIssuers. */
  namespace?: string;
  name: string;
  type: IssuerType;
  ready: ConditionStatus;
  /** For `ca` issuers: the CA certificate it signs with (public). */
  ca?: ParsedCertificate;
}

/** What the Secret holds (public facts only). */
export interface AdoptSecret {
  namespace: string;
  name: string;
  type: string;
  /** Keys present in the Secret's data (names only). */
  dataKeys: string[];
  annotations: Record<string, string>;
  /** tls.crt, leaf first. */
  chain: ParsedCertificate[];
}

/** One issuer judged for the adoption. */
export interface IssuerVerdict {
  kind: "Issuer" | "ClusterIssuer";
  namespace?: string;
  name: string;
  type: IssuerType;
  /** Whether it can sign this Certificate at all. */
  usable: boolean;
  /** Whether its CA signed the certificate the Secret holds now (same chain after renewal). */
  signsCurrent: boolean;
  reason: string;
}

/** What cert-manager will do once the Certificate exists. */
export interface AdoptionOutcome {
  reissueNow: boolean;
  /** cert-manager's trigger reason (e.g. `IncorrectIssuer`, `Renewing`), when it re-issues. */
  trigger?: string;
  reason: string;
  /** When cert-manager will renew the kept certificate (ISO), if it keeps it. */
  renewalTime?: string;
}

export interface AdoptionProposal {
  secret: { namespace: string; name: string };
  certificate: CertificateInfo;
  /** The Certificate to create (cert-manager.io/v1). */
  manifest: {
    apiVersion: "cert-manager.io/v1";
    kind: "Certificate";
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: Record<string, unknown> & {
      secretName: string;
      issuerRef: { name: string; kind: string; group: string };
    };
  };
  issuer?: IssuerVerdict;
  issuers: IssuerVerdict[];
  outcome?: AdoptionOutcome;
  warnings: string[];
}

/** cert-manager's key usage names (`spec.usages`), as @/lib/x509/parse names them. */
const CM_USAGES: ReadonlySet<string> = new Set(KEY_USAGES);

/** The `spec.privateKey` matching the certificate's public key (RSA size, ECDSA curve size). */
export function privateKeySpec(c: CertificateInfo): { algorithm: string; size?: number } | undefined {
  if (c.publicKeyAlgorithm === "RSA")
    return { algorithm: "RSA", ...(c.publicKeySize ? { size: c.publicKeySize } : {}) };
  if (c.publicKeyAlgorithm === "ECDSA")
    return { algorithm: "ECDSA", ...(c.publicKeySize ? { size: c.publicKeySize } : {}) };
  if (c.publicKeyAlgorithm === "Ed25519") return { algorithm: "Ed25519" };
  return undefined;
}

/** The certificate's lifetime as a cert-manager duration in whole hours (≥ 1h, cert-manager's minimum). */
export function durationOf(c: CertificateInfo): string {
  const hours = Math.max(1, Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 3_600_000));
  return `${hours}h`;
}

function signs(issuer: IssuerCandidate, leaf: ParsedCertificate): boolean {
  return !!issuer.ca && signedBy(leaf, issuer.ca);
}

const ANN_NAME = "cert-manager.io/issuer-name";
const ANN_KIND = "cert-manager.io/issuer-kind";
const ANN_GROUP = "cert-manager.io/issuer-group";
const ANN_CERT = "cert-manager.io/certificate-name";

/**
 * cert-manager's `SecretIssuerAnnotationsMatch` (pkg/api/util/issuers.go): an absent kind means
 * "Issuer" and an absent group "cert-manager.io", so a Secret without annotations matches a
 * namespaced Issuer but not a ClusterIssuer.
 */
export function issuerAnnotationsMatch(
  annotations: Record<string, string>,
  ref: { name: string; kind: string; group: string },
): boolean {
  const has = ANN_NAME in annotations || ANN_KIND in annotations || ANN_GROUP in annotations;
  if (has && annotations[ANN_NAME] !== ref.name) return false;
  const kind = (k: string | undefined) => k || "Issuer";
  const group = (g: string | undefined) => g || "cert-manager.io";
  return kind(annotations[ANN_KIND]) === kind(ref.kind) && group(annotations[ANN_GROUP]) === group(ref.group);
}

function judgeIssuer(i: IssuerCandidate, leaf: ParsedCertificate): IssuerVerdict {
  const base = {
    kind: i.kind,
    ...(i.namespace ? { namespace: i.namespace } : {}),
    name: i.name,
    type: i.type,
  };
  const signsCurrent = signs(i, leaf);
  const isCA = leaf.info.isCA;
  if (i.ready !== "True")
    return {
      ...base,
      usable: false,
      signsCurrent,
      reason: `not Ready (${i.ready}): it would leave the Certificate pending.`,
    };
  if (i.type === "ca") {
    if (signsCurrent)
      return {
        ...base,
        usable: true,
        signsCurrent,
        reason: `its CA "${i.ca?.info.subject}" signed the certificate the Secret holds: clients that trust it now keep trusting every renewal.`,
      };
    return {
      ...base,
      usable: true,
      signsCurrent,
      reason: `a CA issuer (${i.ca ? `"${i.ca.info.subject}"` : "its CA Secret is unreadable"}); it did not sign the current certificate, so clients must trust that CA once it renews.`,
    };
  }
  if (i.type === "selfSigned")
    return {
      ...base,
      usable: true,
      signsCurrent: false,
      reason: isCA
        ? "self-signed: fits a root CA."
        : "self-signed: every renewal is a new root that each client must trust by itself (no chain to rotate with).",
    };
  if (i.type === "acme")
    return {
      ...base,
      usable: leaf.info.dnsNames.length > 0 && leaf.info.ipAddresses.length === 0 && !isCA,
      signsCurrent,
      reason:
        leaf.info.dnsNames.length > 0 && leaf.info.ipAddresses.length === 0 && !isCA
          ? "ACME: each DNS name must pass an HTTP-01 or DNS-01 challenge; the chain becomes the ACME CA's."
          : "ACME cannot sign it: ACME validates DNS names only (no IPs, URIs or CA certificates).",
    };
  return { ...base, usable: true, signsCurrent, reason: `a ${i.type} issuer.` };
}

/** Rank: signs the current certificate > CA issuer > the others; a namespaced Issuer before a ClusterIssuer. */
function rank(v: IssuerVerdict): number {
  if (!v.usable) return 100;
  let r = v.signsCurrent
    ? 0
    : v.type === "ca"
      ? 10
      : v.type === "acme"
        ? 20
        : v.type === "selfSigned"
          ? 30
          : 25;
  if (v.kind === "ClusterIssuer") r += 1;
  return r;
}

/**
 * The Certificate for an unmanaged TLS Secret, the issuer to name (the best usable one, or `choose`),
 * every issuer's verdict, and what cert-manager will do once it exists.
 * @throws Error when the Secret holds no certificate.
 */
export function proposeAdoption(
  secret: AdoptSecret,
  candidates: IssuerCandidate[],
  opts: { now: Date; takenNames: string[]; choose?: { kind: string; name: string } },
): AdoptionProposal {
  const leaf = secret.chain[0];
  if (!leaf) throw new Error(`Secret ${secret.namespace}/${secret.name} holds no certificate in tls.crt.`);
  const c = leaf.info;
  const warnings: string[] = [];
  const verdicts = candidates
    .map((i) => judgeIssuer(i, leaf))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const chosen = opts.choose
    ? verdicts.find((v) => v.kind === opts.choose?.kind && v.name === opts.choose?.name)
    : verdicts.find((v) => v.usable);
  if (opts.choose && !chosen)
    warnings.push(`${opts.choose.kind} ${opts.choose.name} is not an issuer of this namespace or cluster.`);

  const name = opts.takenNames.includes(secret.name) ? `${secret.name}-adopted` : secret.name;
  const key = privateKeySpec(c);
  if (!key)
    warnings.push(
      `cert-manager cannot make a ${c.publicKeyAlgorithm} key: the Certificate asks for its default (RSA 2048), so it re-issues at once.`,
    );
  const usages = [...c.keyUsages, ...c.extendedKeyUsages].filter((u) => CM_USAGES.has(u));
  const ref = chosen
    ? { name: chosen.name, kind: chosen.kind, group: "cert-manager.io" }
    : { name: "", kind: "Issuer", group: "cert-manager.io" };
  const spec: AdoptionProposal["manifest"]["spec"] = {
    secretName: secret.name,
    ...(c.commonName ? { commonName: c.commonName } : {}),
    ...(c.dnsNames.length ? { dnsNames: c.dnsNames } : {}),
    ...(c.ipAddresses.length ? { ipAddresses: c.ipAddresses } : {}),
    ...(c.uris.length ? { uris: c.uris } : {}),
    ...(c.emailAddresses.length ? { emailAddresses: c.emailAddresses } : {}),
    ...(c.isCA ? { isCA: true } : {}),
    duration: durationOf(c),
    ...(key ? { privateKey: key } : {}),
    ...(usages.length ? { usages } : {}),
    issuerRef: ref,
  };
  if (
    c.dnsNames.length + c.ipAddresses.length + c.uris.length + c.emailAddresses.length === 0 &&
    !c.commonName
  )
    warnings.push("The certificate names nothing (no CN, no SANs): cert-manager refuses such a Certificate.");
  const manifest: AdoptionProposal["manifest"] = {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: secret.namespace, labels: { "trustdeck.io/adopted": "true" } },
    spec,
  };
  const proposal: AdoptionProposal = {
    secret: { namespace: secret.namespace, name: secret.name },
    certificate: c,
    manifest,
    issuers: verdicts,
    warnings,
  };
  if (!chosen) {
    warnings.push(
      "No issuer can sign it: create one (a CA Issuer in this namespace keeps clients' trust simple).",
    );
    return proposal;
  }
  proposal.issuer = chosen;
  proposal.outcome = outcome(secret, c, ref, name, !!key, opts.now);
  return proposal;
}

function outcome(
  secret: AdoptSecret,
  c: CertificateInfo,
  ref: { name: string; kind: string; group: string },
  name: string,
  keyMatches: boolean,
  now: Date,
): AdoptionOutcome {
  if (!secret.dataKeys.includes("tls.key"))
    return {
      reissueNow: true,
      trigger: "MissingData",
      reason: "The Secret has no tls.key: cert-manager issues a new key and certificate at once.",
    };
  if (!issuerAnnotationsMatch(secret.annotations, ref))
    return {
      reissueNow: true,
      trigger: "IncorrectIssuer",
      reason: Object.keys(secret.annotations).some((k) => k.startsWith("cert-manager.io/issuer-"))
        ? `The Secret's cert-manager.io/issuer-* annotations name another issuer (${secret.annotations[ANN_NAME] ?? "?"}): cert-manager re-issues at once.`
        : `The Secret has no cert-manager.io/issuer-* annotations, which cert-manager reads as a namespaced Issuer; ${ref.kind} ${ref.name} is not one, so it re-issues at once.`,
    };
  const certName = secret.annotations[ANN_CERT];
  if (certName !== undefined && certName !== name)
    return {
      reissueNow: true,
      trigger: "IncorrectCertificate",
      reason: `The Secret says it was issued for Certificate ${certName}: cert-manager re-issues at once.`,
    };
  if (!keyMatches)
    return {
      reissueNow: true,
      trigger: "SecretMismatch",
      reason: "The key type cannot be expressed in spec.privateKey: cert-manager re-issues at once.",
    };
  // Names, key and duration are copied from the certificate, so the spec matches it. Renewal falls
  // at notAfter minus a third of the lifetime (cert-manager's default renewBefore).
  const nb = Date.parse(c.notBefore);
  const na = Date.parse(c.notAfter);
  const renewal = new Date(na - (na - nb) / 3);
  if (now.getTime() >= renewal.getTime())
    return {
      reissueNow: true,
      trigger: "Renewing",
      reason: `The certificate is past its renewal time (${renewal.toISOString()}, two thirds of its lifetime): cert-manager renews at once.`,
    };
  return {
    reissueNow: false,
    reason:
      "The Secret matches the Certificate (names, key type and size; no other issuer's annotations), so cert-manager marks it Ready and keeps the current certificate and key until renewal.",
    renewalTime: renewal.toISOString(),
  };
}
