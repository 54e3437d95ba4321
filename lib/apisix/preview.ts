import type { RawApisixTls } from "@/lib/k8s/apisix";
import type { CertificateInfo } from "@/lib/types";
import { verifyChain } from "@/lib/x509/chain";
import { parseCertificatesPemWithObjects } from "@/lib/x509/parse";
import { formatCert } from "./describe";
import type { MtlsToggleInput } from "./schemas";
import { certificateKeyOf, type GatewaySecret, refKey, trustedFromCaSecret } from "./secrets";
import type { ClientCertVerdict, MtlsPreviewDto, PreviewWarning } from "./types";

/** A cert-manager Certificate, reduced to what the preview reads. */
export interface PreviewCertificate {
  namespace: string;
  name: string;
  secretName: string;
  usages?: string[];
}

/** Everything `previewMtls` reads. `caSecret` is `null` when the chosen Secret does not exist. */
export interface MtlsPreviewInput {
  tls: RawApisixTls;
  request: MtlsToggleInput;
  /** The chosen CA Secret's public facts (undefined when `enabled` is false). */
  caSecret?: GatewaySecret | null;
  /** Every TLS Secret's public facts: the client certificates known to the cluster. */
  secrets: readonly GatewaySecret[];
  certificates: readonly PreviewCertificate[];
  now: Date;
}

type Spec = Record<string, unknown>;

/**
 * The ApisixTls `spec` after the toggle: `enabled` sets `client = {caSecret, depth,
 * skip_mtls_uri_regex}` (depth defaults to 1; an empty regex list is left out), disabled removes
 * `client`. Everything else is kept.
 */
export function nextTlsSpec(spec: RawApisixTls["spec"], request: MtlsToggleInput): Spec {
  const { client: _old, ...rest } = spec;
  if (!request.enabled || !request.caSecret) return { ...rest };
  const client: Spec = {
    caSecret: { name: request.caSecret.name, namespace: request.caSecret.namespace },
    depth: request.depth ?? 1,
  };
  if (request.skipMtlsUriRegex?.length) client.skip_mtls_uri_regex = [...request.skipMtlsUriRegex];
  return { ...rest, client };
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Spec);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix, value);
}

/** Changed leaf paths between two specs (arrays compared whole), sorted by path. */
export function diffSpecs(before: Spec, after: Spec): MtlsPreviewDto["changes"] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, "", a);
  flatten(after, "", b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: MtlsPreviewDto["changes"] = [];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    const change: MtlsPreviewDto["changes"][number] = { path };
    if (a.has(path)) change.before = x;
    if (b.has(path)) change.after = y;
    changes.push(change);
  }
  return changes;
}

interface Candidate {
  secret: GatewaySecret;
  /** The PEM the consumer reads from the Secret (`cert`, then `tls.crt`, then `ca.crt`). */
  pem: string;
  leaf: CertificateInfo;
  certificate?: PreviewCertificate;
}

/**
 * Client certificates known to the cluster: leaves with the clientAuth EKU, or managed by a
 * Certificate with usage "client auth". Each Secret is read as the APISIX ingress controller reads
 * it (`certificateKeyOf`: `cert`, then `tls.crt`, then `ca.crt`), so APISIX's Opaque layout counts.
 */
function clientCandidates(
  secrets: readonly GatewaySecret[],
  certificates: readonly PreviewCertificate[],
): Candidate[] {
  const bySecret = new Map(certificates.map((c) => [refKey(c.namespace, c.secretName), c]));
  const out: Candidate[] = [];
  for (const secret of secrets) {
    const chosen = certificateKeyOf(secret);
    if (!chosen) continue;
    let leaf: CertificateInfo | undefined;
    try {
      leaf = parseCertificatesPemWithObjects(chosen.pem)[0]?.info;
    } catch {
      continue;
    }
    if (!leaf || leaf.isCA) continue;
    const certificate =
      bySecret.get(refKey(secret.namespace, secret.name)) ??
      (secret.certificateName
        ? certificates.find((c) => c.namespace === secret.namespace && c.name === secret.certificateName)
        : undefined);
    const eku = leaf.extendedKeyUsages.includes("client auth");
    const usage = certificate?.usages?.includes("client auth") ?? false;
    if (!eku && !usage) continue;
    const pem = chosen.pem;
    out.push(certificate ? { secret, pem, leaf, certificate } : { secret, pem, leaf });
  }
  return out.sort((x, y) =>
    refKey(x.secret.namespace, x.secret.name).localeCompare(refKey(y.secret.namespace, y.secret.name)),
  );
}

function judge(c: Candidate, trustedPem: string | undefined, depth: number, now: Date): ClientCertVerdict {
  const leaf = c.leaf;
  const hasClientAuth =
    leaf.extendedKeyUsages.length === 0 ||
    leaf.extendedKeyUsages.includes("client auth") ||
    leaf.extendedKeyUsages.includes("any");
  const expired = Date.parse(leaf.notAfter) < now.getTime() || Date.parse(leaf.notBefore) > now.getTime();
  let chainsToCa = false;
  let caCount = 0;
  if (trustedPem) {
    try {
      const verdict = verifyChain({ bundle: c.pem, trusted: trustedPem, role: "client", now });
      const anchored =
        verdict.links.length > 1 && verdict.links[verdict.links.length - 1]?.source === "trusted";
      chainsToCa = anchored && verdict.links.every((l) => l.signatureValid !== false);
      caCount = verdict.links.length - 1;
    } catch {
      chainsToCa = false;
    }
  }
  const base = {
    namespace: c.secret.namespace,
    secretName: c.secret.name,
    subject: leaf.subject,
    notAfter: leaf.notAfter,
    hasClientAuth,
    expired,
    chainsToCa,
  };
  const withCert = c.certificate ? { ...base, certificate: c.certificate.name } : base;
  const reasons: string[] = [];
  if (!chainsToCa) reasons.push(`does not chain to the chosen CA (issued by ${leaf.issuer})`);
  else if (caCount > depth) reasons.push(`its chain needs depth ${caCount}, depth is ${depth}`);
  if (expired) reasons.push(`expired on ${leaf.notAfter.slice(0, 10)}`);
  if (!hasClientAuth) reasons.push("lacks the client auth usage");
  if (reasons.length === 0) {
    return {
      ...withCert,
      outcome: "gets-in",
      reason: "chains to the chosen CA, is valid and allows client auth",
    };
  }
  return { ...withCert, outcome: "locked-out", reason: reasons.join("; ") };
}

/**
 * Impact of an mTLS toggle on an ApisixTls, before anything is changed: the spec diff, which
 * known client certificates will get in (chain to the CA APISIX would trust, valid, client auth)
 * and which will be locked out, plus warnings — above all when `caSecret` is a leaf's Secret,
 * because the APISIX controller reads `cert`, then `tls.crt`, then `ca.crt`, and would trust only
 * that leaf. Pure.
 */
export function previewMtls(input: MtlsPreviewInput): MtlsPreviewDto {
  const { tls, request, now } = input;
  const before = { ...tls.spec } as Spec;
  const after = nextTlsSpec(tls.spec, request);
  const warnings: PreviewWarning[] = [];
  const candidates = clientCandidates(input.secrets, input.certificates);
  const out: MtlsPreviewDto = {
    tls: { namespace: tls.metadata.namespace ?? "", name: tls.metadata.name, hosts: tls.spec.hosts ?? [] },
    enabled: request.enabled,
    before,
    after,
    changes: diffSpecs(before, after),
    getsIn: [],
    lockedOut: [],
    warnings,
  };

  if (!request.enabled) {
    out.getsIn = candidates.map((c) => ({
      ...judge(c, undefined, 1, now),
      outcome: "gets-in" as const,
      reason: "mTLS off: no client certificate is asked for",
    }));
    return out;
  }

  const ref = request.caSecret!;
  let trustedPem: string | undefined;
  if (input.caSecret === null || input.caSecret === undefined) {
    warnings.push({
      code: "ca-secret-missing",
      message: `CA Secret ${ref.namespace}/${ref.name} does not exist: APISIX cannot load the CA and every client handshake on ${out.tls.hosts.join(", ")} will fail.`,
    });
  } else {
    const trusted = trustedFromCaSecret(input.caSecret);
    const ca = trusted.certificates[0];
    trustedPem = trusted.pem;
    if (!ca) {
      warnings.push({
        code: "ca-secret-unreadable",
        message: `CA Secret ${ref.namespace}/${ref.name}: ${trusted.problem ?? "no certificate"}.`,
      });
    } else {
      out.trustedCa = ca;
      if (!ca.isCA) {
        const issuerSecret = input.secrets.find((s) => {
          const t = trustedFromCaSecret(s).certificates[0];
          return t?.isCA && t.subject === ca.issuer;
        });
        const suggestion = issuerSecret
          ? `${issuerSecret.namespace}/${issuerSecret.name}`
          : "the CA Certificate's own Secret (e.g. root-secret)";
        warnings.push({
          code: "ca-secret-is-leaf",
          message: `${ref.namespace}/${ref.name} is a leaf's Secret, not a CA's: the APISIX controller reads cert, then ${trusted.key}, then ca.crt from caSecret, so it would trust only the leaf ${formatCert(ca)} and not its CA (${ca.issuer}). Point caSecret at ${suggestion} instead.`,
        });
      }
      if (Date.parse(ca.notAfter) < now.getTime()) {
        warnings.push({
          code: "ca-expired",
          message: `The CA ${formatCert(ca)} expired on ${ca.notAfter.slice(0, 10)}: no client will get in.`,
        });
      }
    }
  }

  const depth = request.depth ?? 1;
  for (const c of candidates) {
    const v = judge(c, trustedPem, depth, now);
    (v.outcome === "gets-in" ? out.getsIn : out.lockedOut).push(v);
  }
  if (out.getsIn.length === 0) {
    warnings.push({
      code: "nobody-gets-in",
      message:
        "No client certificate known to the cluster would get in: every mTLS client of these hosts will be locked out.",
    });
  }
  if (
    candidates.some(
      (c) =>
        judge(c, trustedPem, 10, now).outcome === "gets-in" &&
        judge(c, trustedPem, depth, now).outcome !== "gets-in",
    )
  ) {
    warnings.push({
      code: "depth-too-small",
      message: `Depth ${depth} is too small for some chains that the CA trusts: raise it.`,
    });
  }
  return out;
}
