/** The issue form's state and its mapping to the API body. Pure; shared by the form and its tests. */
import {
  type IssueInputRaw,
  KEY_SIZES,
  type KeyAlgorithm,
  USAGE_PRESETS,
  type UsagePreset,
} from "./issue-schema";

export interface IssueFormState {
  namespace: string;
  name: string;
  secretName: string;
  /** Whether the user typed a Secret name (otherwise it follows `<name>-tls`). */
  secretNameEdited: boolean;
  /** "Issuer/name" or "ClusterIssuer/name". */
  issuer: string;
  commonName: string;
  dnsNames: string;
  ipAddresses: string;
  uris: string;
  emailAddresses: string;
  duration: string;
  renewMode: "default" | "renewBefore" | "percentage";
  renewBefore: string;
  renewBeforePercentage: string;
  isCA: boolean;
  usagePreset: UsagePreset;
  algorithm: KeyAlgorithm;
  size: string;
  encoding: "PKCS1" | "PKCS8";
  rotationPolicy: "Always" | "Never";
}

export const initialIssueForm: IssueFormState = {
  namespace: "",
  name: "",
  secretName: "",
  secretNameEdited: false,
  issuer: "",
  commonName: "",
  dnsNames: "",
  ipAddresses: "",
  uris: "",
  emailAddresses: "",
  duration: "2160h",
  renewMode: "default",
  renewBefore: "",
  renewBeforePercentage: "",
  isCA: false,
  usagePreset: "server",
  algorithm: "ECDSA",
  size: "256",
  encoding: "PKCS8",
  rotationPolicy: "Always",
};

/** Splits a list field on commas, spaces and new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const opt = (s: string) => (s.trim() === "" ? undefined : s.trim());

/** The `POST /api/certificates` body the form's state stands for (validated by the shared schema). */
export function formToInput(f: IssueFormState): IssueInputRaw {
  const slash = f.issuer.indexOf("/");
  const kind = slash > 0 ? f.issuer.slice(0, slash) : "";
  const pct = opt(f.renewBeforePercentage);
  return {
    namespace: f.namespace.trim(),
    name: f.name.trim(),
    secretName: (f.secretNameEdited ? f.secretName : f.name ? `${f.name.trim()}-tls` : "").trim(),
    issuerRef: { name: slash > 0 ? f.issuer.slice(slash + 1) : "", kind: kind as "Issuer" | "ClusterIssuer" },
    commonName: opt(f.commonName),
    dnsNames: splitList(f.dnsNames),
    ipAddresses: splitList(f.ipAddresses),
    uris: splitList(f.uris),
    emailAddresses: splitList(f.emailAddresses),
    duration: opt(f.duration),
    renewBefore: f.renewMode === "renewBefore" ? opt(f.renewBefore) : undefined,
    renewBeforePercentage: f.renewMode === "percentage" && pct !== undefined ? Number(pct) : undefined,
    isCA: f.isCA || f.usagePreset === "ca" ? true : undefined,
    usages: [...USAGE_PRESETS[f.usagePreset]],
    privateKey: {
      algorithm: f.algorithm,
      size: KEY_SIZES[f.algorithm].length > 0 && opt(f.size) ? Number(f.size) : undefined,
      encoding: f.encoding,
      rotationPolicy: f.rotationPolicy,
    },
  };
}

/** The form field an issue path belongs to ("dnsNames.2" → "dnsNames", "issuerRef.name" → "issuer"). */
export function fieldOf(path: string): string {
  if (path.startsWith("issuerRef")) return "issuer";
  if (path === "privateKey.size") return "size";
  if (path.startsWith("privateKey")) return path.split(".")[1] ?? "algorithm";
  if (path === "renewBeforePercentage" || path === "renewBefore") return "renew";
  return path.split(".")[0] ?? path;
}
