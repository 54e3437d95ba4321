import type { CertificateRow } from "@/lib/types";

/**
 * Why an item of a bulk renew starts unticked (issue 17, safety rails): a CA — renewing it issues
 * a new CA certificate (a new key under rotationPolicy Always) that everything it signed must pick
 * up — or a stuck certificate: not Ready, whether or not cert-manager is still trying (a broken
 * issuer keeps `Issuing=True` forever); another renewal does not fix its cause. Undefined when the
 * item is renewed by default or its row is unknown.
 */
export function excludedBecause(row: CertificateRow | undefined): "ca" | "stuck" | undefined {
  if (!row) return undefined;
  if (row.isCA) return "ca";
  if (row.ready !== "True") return "stuck";
  return undefined;
}
