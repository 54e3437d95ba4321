import "server-only";
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { CERTIFICATES, type RawCertificate } from "./certificates";
import { kubeCall, makeClient } from "./config";
import { getCustom } from "./custom";
import { KubeError } from "./errors";
import { CLUSTER_ISSUERS, ISSUERS, type RawIssuer } from "./issuers";

/**
 * Creates a Certificate. The API server's answer (incl. 403 / 409 AlreadyExists) surfaces as a
 * KubeError with its status.
 */
export function createCertificate(
  manifest: { metadata: { name: string; namespace: string } } & Record<string, unknown>,
  opts: { context?: string } = {},
): Promise<RawCertificate> {
  const { context } = opts;
  return kubeCall(context, async () => {
    const api = makeClient(CustomObjectsApi, context);
    return (await api.createNamespacedCustomObject({
      ...CERTIFICATES,
      namespace: manifest.metadata.namespace,
      body: manifest,
      fieldManager: "trustdeck",
    })) as RawCertificate;
  });
}

/**
 * Replaces a Certificate's status through the `/status` subresource (what `cmctl renew` does).
 * `cert.metadata.resourceVersion` makes it a compare-and-swap: a concurrent write gives KubeError 409.
 */
export function replaceCertificateStatus(
  cert: RawCertificate,
  opts: { context?: string } = {},
): Promise<RawCertificate> {
  const { context } = opts;
  const namespace = cert.metadata.namespace ?? "";
  return kubeCall(context, async () => {
    const api = makeClient(CustomObjectsApi, context);
    return (await api.replaceNamespacedCustomObjectStatus({
      ...CERTIFICATES,
      namespace,
      name: cert.metadata.name,
      body: cert,
      fieldManager: "trustdeck",
    })) as RawCertificate;
  });
}

/** Applies a JSON merge patch (RFC 7386) to a Certificate. */
export function mergePatchCertificate(
  namespace: string,
  name: string,
  patch: Record<string, unknown>,
  opts: { context?: string } = {},
): Promise<RawCertificate> {
  const { context } = opts;
  return kubeCall(context, async () => {
    const api = makeClient(CustomObjectsApi, context);
    return (await api.patchNamespacedCustomObject(
      { ...CERTIFICATES, namespace, name, body: patch, fieldManager: "trustdeck" },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as RawCertificate;
  });
}

/**
 * Reads the Issuer (in `namespace`) or ClusterIssuer a Certificate refers to; `null` when it does
 * not exist. @throws KubeError for anything but 404.
 */
export async function findIssuer(
  ref: { name: string; kind: "Issuer" | "ClusterIssuer" },
  namespace: string,
  opts: { context?: string } = {},
): Promise<RawIssuer | null> {
  try {
    return ref.kind === "ClusterIssuer"
      ? await getCustom<RawIssuer>(CLUSTER_ISSUERS, ref.name, { context: opts.context })
      : await getCustom<RawIssuer>(ISSUERS, ref.name, { context: opts.context, namespace });
  } catch (err) {
    if (err instanceof KubeError && err.status === 404) return null;
    throw err;
  }
}
