import type { CertificateRow } from "@/lib/types";

/**
 * Why an item of a bulk renew starts unticked (issue 17, safety rails): a CA — renewing it issues
 * a new CA certificate (a new key under rotationPolicy Always) that everything it signed must pick
 * up — or a stuck certificate (not Ready and not issuing: renewing does not fix its cause, e.g. a
 * broken issuer). Undefined when the item is renewed by default or its row is unknown.
 */
export function excludedBecause(row: CertificateRow | undefined): "ca" | "stuck" | undefined {
  if (!row) return undefined;
  if (row.isCA) return "ca";
  if (row.ready !== "True" && !row.issuing) return "stuck";
  return undefined;
}
