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
  /** `cert` of APISIX's Opaque layout (`cert` / `key` / `ca.crt`). */
  cert?: string;
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

/** Secret data keys that hold a keystore (cert-manager `keystores`, Java apps): never parsed. */
const KEYSTORE_KEYS = ["keystore.p12", "keystore.jks", "truststore.p12", "truststore.jks"];

/**
 * The certificate data key APISIX's ingress controller reads (`extractKeyPair`): `cert`, then
 * `tls.crt`, then `ca.crt`; the layouts are `kubernetes.io/tls` (`tls.crt` / `tls.key` /
 * `ca.crt`) and APISIX's tutorial `Opaque` (`cert` / `key` / `ca.crt`). Other keys
 * (`tls-combined.pem`, `key.der`, keystores) are never read.
 */
export function certificateKeyOf(
  secret: GatewaySecret,
): { key: "cert" | "tls.crt" | "ca.crt"; pem: string } | undefined {
  if (secret.cert?.trim()) return { key: "cert", pem: secret.cert };
  if (secret.tlsCrt?.trim()) return { key: "tls.crt", pem: secret.tlsCrt };
  if (secret.caCrt?.trim()) return { key: "ca.crt", pem: secret.caCrt };
  return undefined;
}

/** "keystore, not parsed" when a Secret holds only keystores (their password is never read). */
export function keystoreOnlyProblem(secret: GatewaySecret): string | undefined {
  const stores = (secret.dataKeys ?? []).filter((k) => KEYSTORE_KEYS.includes(k));
  if (stores.length === 0 || certificateKeyOf(secret)) return undefined;
  return `keystore, not parsed (${stores.join(", ")}): the Secret has no PEM certificate key (cert, tls.crt or ca.crt)`;
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
  const chosen = certificateKeyOf(secret);
  if (!chosen) {
    return {
      certificates: [],
      problem: keystoreOnlyProblem(secret) ?? "the Secret has neither cert, tls.crt nor ca.crt",
    };
  }
  const { key, pem } = chosen;
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
  const chosen = certificateKeyOf(secret);
  const leaf = parseOrProblem(chosen?.pem, chosen?.key ?? "tls.crt");
  const first = leaf.certs?.[0];
  if (first) {
    out.certificate = first;
    out.daysLeft = daysUntil(first.notAfter, now);
  } else {
    out.problem = leaf.problem ?? keystoreOnlyProblem(secret) ?? "the Secret holds no certificate";
  }
  if (asCa) {
    const trusted = trustedFromCaSecret(secret);
    if (trusted.certificates[0]) out.trustedCertificate = trusted.certificates[0];
    if (trusted.problem) out.problem = trusted.problem;
  }
  return out;
}
