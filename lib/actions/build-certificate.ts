import { stringify } from "yaml";
import type { IssueInput } from "./issue-schema";

/** A cert-manager.io/v1 Certificate as Trustdeck creates it (only the fields it sets). */
export interface CertificateManifest {
  apiVersion: "cert-manager.io/v1";
  kind: "Certificate";
  metadata: { name: string; namespace: string };
  spec: {
    secretName: string;
    issuerRef: { name: string; kind: "Issuer" | "ClusterIssuer"; group: string };
    commonName?: string;
    dnsNames?: string[];
    ipAddresses?: string[];
    uris?: string[];
    emailAddresses?: string[];
    duration?: string;
    renewBefore?: string;
    renewBeforePercentage?: number;
    isCA?: boolean;
    usages?: string[];
    privateKey: {
      algorithm: "RSA" | "ECDSA" | "Ed25519";
      size?: number;
      encoding: "PKCS1" | "PKCS8";
      rotationPolicy: "Never" | "Always";
    };
  };
}

const nonEmpty = (a: readonly string[]) => (a.length > 0 ? [...a] : undefined);

/**
 * The exact Certificate object `POST /api/certificates` creates for `input` (already validated).
 * Empty lists and unset options are left out so cert-manager applies its own defaults; the
 * issuer group is always written (`cert-manager.io` unless given) so the manifest is explicit.
 */
export function buildCertificate(input: IssueInput): CertificateManifest {
  const spec: CertificateManifest["spec"] = {
    secretName: input.secretName,
    issuerRef: {
      name: input.issuerRef.name,
      kind: input.issuerRef.kind,
      group: input.issuerRef.group || "cert-manager.io",
    },
    commonName: input.commonName,
    dnsNames: nonEmpty(input.dnsNames),
    ipAddresses: nonEmpty(input.ipAddresses),
    uris: nonEmpty(input.uris),
    emailAddresses: nonEmpty(input.emailAddresses),
    duration: input.duration,
    renewBefore: input.renewBefore,
    renewBeforePercentage: input.renewBeforePercentage,
    isCA: input.isCA ? true : undefined,
    usages: nonEmpty(input.usages),
    privateKey: {
      algorithm: input.privateKey.algorithm,
      size: input.privateKey.algorithm === "Ed25519" ? undefined : input.privateKey.size,
      encoding: input.privateKey.encoding,
      rotationPolicy: input.privateKey.rotationPolicy,
    },
  };
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: input.name, namespace: input.namespace },
    spec: dropUndefined(spec),
  };
}

function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? dropUndefined(v) : v;
  }
  return out as T;
}

/** YAML for the live preview and the Copy button (2-space indent, no line folding). */
export function toYaml(obj: unknown): string {
  return stringify(obj, { indent: 2, lineWidth: 0 });
}
