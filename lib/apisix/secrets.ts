import type { CertificateInfo } from "@/lib/types";
import { parseCertificatesPem } from "@/lib/x509/parse";
import type { HopSecretDto } from "./types";

/**
 * The public facts of a Secret that the pure APISIX functions need: PEM of `tls.crt` / `ca.crt`
 * (never a key), the data key names, and who manages it. `lib/k8s/secrets.ts` `TlsSecretFacts`
 * reduces to this shape.
 */
export interface GatewaySecret {
  namespace: string;
  name: string;
  tlsCrt?: string;
  caCrt?: string;
  dataKeys?: string[];
  /** `cert-manager.io/certificate-name` annotation, when cert-manager manages it. */
  certificateName?: string;
}

const DAY_MS = 86_400_000;

/** `ns/name` key for maps of Secrets and objects. */
export function refKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Days from `now` to `notAfter` (negative when expired). */
export function daysUntil(notAfter: string, now: Date): number {
  return (Date.parse(notAfter) - now.getTime()) / DAY_MS;
}

function parseOrProblem(
  pem: string | undefined,
  key: string,
): { certs?: CertificateInfo[]; problem?: string } {
  if (!pem?.trim()) return {};
  try {
    return { certs: parseCertificatesPem(pem) };
  } catch (err) {
    return { problem: `${key} does not parse: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The certificates APISIX's ingress controller trusts when `secret` is named as a `caSecret`:
 * it reads `cert`, then `tls.crt`, and only then `ca.crt`. A cert-manager leaf Secret therefore
 * yields the leaf itself, not its CA. `pem` is the PEM text chosen, for chain checks.
 */
export function trustedFromCaSecret(secret: GatewaySecret): {
  key?: "cert" | "tls.crt" | "ca.crt";
  pem?: string;
  certificates: CertificateInfo[];
  problem?: string;
} {
  if (secret.dataKeys?.includes("cert") && !secret.tlsCrt && !secret.caCrt) {
    return {
      key: "cert",
      certificates: [],
      problem: "the CA is in the `cert` key, which Trustdeck does not read",
    };
  }
  const source: ["tls.crt" | "ca.crt", string | undefined] = secret.tlsCrt?.trim()
    ? ["tls.crt", secret.tlsCrt]
    : ["ca.crt", secret.caCrt];
  const [key, pem] = source;
  if (!pem?.trim()) return { certificates: [], problem: "the Secret has neither tls.crt nor ca.crt" };
  const parsed = parseOrProblem(pem, key);
  if (parsed.problem) return { key, pem, certificates: [], problem: parsed.problem };
  return { key, pem, certificates: parsed.certs ?? [] };
}

/** Public facts of a referenced Secret for a hop (`found: false` when absent from `secrets`). */
export function describeSecret(
  ref: { namespace: string; name: string },
  secrets: ReadonlyMap<string, GatewaySecret>,
  now: Date,
  asCa = false,
  unreadable?: string,
): HopSecretDto {
  const secret = secrets.get(refKey(ref.namespace, ref.name));
  const out: HopSecretDto = { namespace: ref.namespace, name: ref.name, found: !!secret };
  if (!secret && unreadable) {
    out.unreadable = true;
    out.problem = `Secrets could not be read: ${unreadable}`;
    return out;
  }
  if (!secret) {
    out.problem = `Secret ${ref.namespace}/${ref.name} not found (or not readable)`;
    return out;
  }
  const leaf = parseOrProblem(secret.tlsCrt ?? secret.caCrt, secret.tlsCrt ? "tls.crt" : "ca.crt");
  const first = leaf.certs?.[0];
  if (first) {
    out.certificate = first;
    out.daysLeft = daysUntil(first.notAfter, now);
  } else {
    out.problem = leaf.problem ?? "the Secret holds no certificate";
  }
  if (asCa) {
    const trusted = trustedFromCaSecret(secret);
    if (trusted.certificates[0]) out.trustedCertificate = trusted.certificates[0];
    if (trusted.problem) out.problem = trusted.problem;
  }
  return out;
}
