/**
 * What of a `kubernetes.io/tls` Secret may be kept in memory (watch cache, DTOs): the rules that
 * lib/k8s's Secret reduction applies. Pure. Source: issue 16 item 7.
 *
 * - Annotations: only cert-manager's own (`cert-manager.io/*`, read to link a Secret to its
 *   Certificate and issuer). `kubectl.kubernetes.io/last-applied-configuration` holds the whole
 *   manifest of a Secret made with `kubectl apply`, `tls.key` included; it and every other
 *   annotation are dropped, and a kept one that carries key material is dropped too.
 * - `tls.crt` / `ca.crt`: only their `CERTIFICATE` PEM blocks; anything pasted next to them (a key
 *   block, "Bag Attributes", text) is dropped.
 */
import { containsPrivateKey } from "./scrub";

/** Annotation prefixes the product reads on Secrets. */
export const KEPT_SECRET_ANNOTATION_PREFIXES = ["cert-manager.io/"] as const;

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----(?:(?!-----BEGIN )[\s\S])*?-----END CERTIFICATE-----/g;

/** The annotations worth keeping (see the module comment), or undefined when none are. */
export function keptSecretAnnotations(
  annotations: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations)) {
    if (!KEPT_SECRET_ANNOTATION_PREFIXES.some((p) => k.startsWith(p))) continue;
    if (containsPrivateKey(v)) continue;
    out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Only the `CERTIFICATE` blocks of a PEM bundle (each on its own lines), leaving out anything else
 * (a key block, "Bag Attributes", a key's base64 wrapped in CERTIFICATE armour). A value with no
 * certificate block is kept as it is when it carries no key (so a parse error can still be shown),
 * else dropped (undefined).
 */
export function certificateBlocksOnly(pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  const blocks = certificatePems(pem).map((b) => b.trimEnd());
  if (blocks.length) return `${blocks.join("\n")}\n`;
  return containsPrivateKey(pem) ? undefined : pem;
}

/**
 * The `CERTIFICATE` blocks of a PEM bundle, in order, each ending in a newline (for copy buttons:
 * one certificate's PEM). Blocks that carry key material are left out.
 */
export function certificatePems(pem: string | undefined): string[] {
  return (pem?.replace(/\r\n/g, "\n").match(CERTIFICATE_BLOCK) ?? [])
    .filter((b) => !containsPrivateKey(b))
    .map((b) => `${b}\n`);
}

/** The parts of reduced Secret facts these rules apply to. */
export interface ReducibleSecretFacts {
  metadata: { annotations?: Record<string, string> };
  tlsCrt?: string;
  caCrt?: string;
}

/**
 * `facts` with the rules applied: kept annotations only, certificate blocks only. Returns a new
 * object; fields the rules do not name are left as they are.
 */
export function sanitizeSecretFacts<T extends ReducibleSecretFacts>(facts: T): T {
  const annotations = keptSecretAnnotations(facts.metadata.annotations);
  const out = { ...facts, metadata: { ...facts.metadata, annotations } } as T;
  if (annotations === undefined) delete out.metadata.annotations;
  const tlsCrt = certificateBlocksOnly(facts.tlsCrt);
  const caCrt = certificateBlocksOnly(facts.caCrt);
  if (tlsCrt === undefined) delete out.tlsCrt;
  else out.tlsCrt = tlsCrt;
  if (caCrt === undefined) delete out.caCrt;
  else out.caCrt = caCrt;
  return out;
}
