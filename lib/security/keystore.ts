/**
 * cert-manager's `spec.keystores.pkcs12.password` and `spec.keystores.jks.password` (literal
 * keystore passwords, cert-manager ≥ 1.16) are secrets: they never leave the server. Pure.
 * Source: issue 16 item 9; cert-manager API reference (PKCS12Keystore, JKSKeystore).
 */

/** What a set password reads as. */
export const PASSWORD_SET = "set";

const KEYSTORES = ["pkcs12", "jks"] as const;

/**
 * A copy of a Certificate whose keystore passwords read "set".
 * Other fields, `passwordSecretRef` included (a reference, not a secret), are kept. Objects without
 * keystore passwords are returned as they are.
 */
export function withoutKeystorePasswords<T>(certificate: T): T {
  const spec = (certificate as { spec?: { keystores?: Record<string, unknown> } } | undefined)?.spec;
  const redacted = keystoreSpecWithoutPasswords(spec);
  return redacted === spec ? certificate : ({ ...certificate, spec: redacted } as T);
}

/** A copy of a Certificate `spec` whose keystore passwords read "set" (the same spec when none is set). */
export function keystoreSpecWithoutPasswords<S>(spec: S): S {
  const keystores = (spec as { keystores?: Record<string, unknown> } | undefined)?.keystores;
  if (!keystores || typeof keystores !== "object") return spec;
  let changed = false;
  const out: Record<string, unknown> = { ...keystores };
  for (const kind of KEYSTORES) {
    const ks = keystores[kind] as Record<string, unknown> | undefined;
    if (ks && typeof ks === "object" && "password" in ks) {
      out[kind] = { ...ks, password: PASSWORD_SET };
      changed = true;
    }
  }
  return changed ? ({ ...spec, keystores: out } as S) : spec;
}
