import { CERTIFICATE_NAME_ANNOTATION } from "@/lib/k8s/certificate-requests";
import type { RawCertificate } from "@/lib/k8s/certificates";
import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import type { TlsSecretRow } from "@/lib/types";
import { daysLeft, expiryLevel } from "./expiry";
import type { ParsedSecret } from "./secret-certs";

/** `namespace/secretName` → names of the Certificates whose `spec.secretName` is that Secret. */
export type SecretOwners = Map<string, Set<string>>;

/** Indexes Certificates by the Secret they write. */
export function indexSecretOwners(certificates: readonly RawCertificate[]): SecretOwners {
  const index: SecretOwners = new Map();
  for (const c of certificates) {
    const key = `${c.metadata.namespace}/${c.spec.secretName}`;
    const set = index.get(key) ?? new Set<string>();
    set.add(c.metadata.name);
    index.set(key, set);
  }
  return index;
}

/**
 * Builds a TLS Secret row. Managed only when the `cert-manager.io/certificate-name` annotation
 * names a Certificate that actually writes this Secret; a leftover annotation alone is not enough. Pure.
 */
export function reshapeTlsSecret(
  facts: TlsSecretFacts,
  parsed: ParsedSecret,
  owners: SecretOwners,
  now: Date,
): TlsSecretRow {
  const { namespace, name } = facts.metadata;
  const annotated = facts.metadata.annotations?.[CERTIFICATE_NAME_ANNOTATION];
  const managed = !!annotated && (owners.get(`${namespace}/${name}`)?.has(annotated) ?? false);
  const leaf = parsed.certificates[0];
  return {
    namespace,
    name,
    managedBy: managed ? { namespace, name: annotated! } : undefined,
    managed,
    certificate: leaf,
    hasCa: !!facts.caCrt?.trim(),
    notAfter: leaf?.notAfter,
    daysLeft: leaf ? daysLeft(leaf.notAfter, now) : undefined,
    expiryLevel: expiryLevel({ notBefore: leaf?.notBefore, notAfter: leaf?.notAfter, now }),
    problem: parsed.problem ?? parsed.caProblem,
  };
}
