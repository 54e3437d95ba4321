/**
 * "View YAML": what of a Kubernetes object may be shown as a manifest. Pure. Rules (issue 17,
 * deliverable 8; the key rules of lib/security/scrub.ts):
 *
 * - `metadata.managedFields` is dropped (server-side apply bookkeeping, not the object), and so is
 *   the `kubectl.kubernetes.io/last-applied-configuration` annotation (for a Secret made with
 *   `kubectl apply` it holds the whole manifest, `tls.key` included);
 * - a Secret is shown as `apiVersion`, `kind`, `metadata`, `type` and the NAMES of its `data` keys,
 *   every value replaced by `[redacted]` (public `tls.crt` too: a Secret's data is never shown);
 * - Certificate keystore passwords read "set" (lib/security/keystore.ts);
 * - last, every string goes through `scrubValue` (PEM / base64 / DER private keys, `tls.key` values).
 */
import { stringify } from "yaml";
import { withoutKeystorePasswords } from "./keystore";
import { scrubValue } from "./scrub";

/** The annotation `kubectl apply` stores the last applied manifest in. */
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/** What a Secret's manifest is built from (the reduced facts of lib/k8s; no data values). */
export interface SecretManifestFacts {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  type: string;
  dataKeys: string[];
}

type Obj = Record<string, unknown>;

function cleanMetadata(metadata: unknown): Obj | undefined {
  if (!metadata || typeof metadata !== "object") return undefined;
  const { managedFields: _managed, ...rest } = metadata as Obj;
  const annotations = rest.annotations as Record<string, string> | undefined;
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _last, ...kept } = annotations;
    if (Object.keys(kept).length) rest.annotations = kept;
    else delete rest.annotations;
  }
  return rest;
}

/**
 * A custom object (Certificate, Issuer, ClusterIssuer, CertificateRequest) as it may be shown:
 * without managedFields and the last-applied annotation, keystore passwords as "set", scrubbed.
 */
export function publicObject(raw: unknown): Obj {
  const obj = withoutKeystorePasswords({ ...(raw as Obj) });
  const metadata = cleanMetadata(obj.metadata);
  return scrubValue(metadata ? { ...obj, metadata } : obj);
}

/** A Secret as it may be shown: metadata, type and its data keys, each value `[redacted]`. */
export function publicSecret(facts: SecretManifestFacts): Obj {
  const m = facts.metadata;
  const metadata = cleanMetadata({
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
    ...(m.labels ? { labels: m.labels } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
  });
  return scrubValue({
    apiVersion: "v1",
    kind: "Secret",
    metadata,
    type: facts.type,
    data: Object.fromEntries(facts.dataKeys.map((k) => [k, "[redacted]"])),
  });
}

/** YAML text of an already public object (block style, no line folding). */
export function toYaml(obj: Obj): string {
  return stringify(obj, { indent: 2, lineWidth: 0 });
}
