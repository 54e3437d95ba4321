import "server-only";
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { KINDS } from "@/lib/kinds";
import { kubeCall, makeClient } from "./config";
import { type CustomResource, customResource, getCustom, listCustom } from "./custom";
import { listAllPages } from "./list";
import type { RawCondition, RawObjectMeta } from "./meta";

/** trust-manager's Bundle (`trust.cert-manager.io/v1alpha1`, cluster-scoped). */
export const BUNDLES: CustomResource = customResource(KINDS.Bundle);

/** One source of a Bundle: exactly one of the fields is set (trust-manager's BundleSource). */
export interface RawBundleSource {
  configMap?: { name?: string; key?: string; includeAllKeys?: boolean; selector?: RawLabelSelector };
  secret?: { name?: string; key?: string; includeAllKeys?: boolean; selector?: RawLabelSelector };
  inLine?: string;
  useDefaultCAs?: boolean;
}

/** A Kubernetes LabelSelector. */
export interface RawLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** trust.cert-manager.io/v1alpha1 Bundle (the fields Trustdeck reads and writes). */
export interface RawBundle {
  apiVersion?: string;
  kind?: string;
  metadata: RawObjectMeta;
  spec: {
    sources: RawBundleSource[];
    target?: {
      configMap?: { key: string };
      secret?: { key: string };
      namespaceSelector?: RawLabelSelector;
      additionalFormats?: Record<string, unknown>;
    };
  };
  status?: { conditions?: RawCondition[]; defaultCAVersion?: string };
}

/** A Namespace as far as a Bundle's namespaceSelector needs it. */
export interface RawNamespace {
  metadata: RawObjectMeta;
}

type Opts = { context?: string };

/** Lists Bundles (served from the watch cache when it is live). */
export function listBundles(opts: Opts = {}): Promise<RawBundle[]> {
  return listCustom<RawBundle>(BUNDLES, { context: opts.context });
}

/** Reads one Bundle. @throws KubeError 404 when absent. */
export function getBundle(name: string, opts: Opts = {}): Promise<RawBundle> {
  return getCustom<RawBundle>(BUNDLES, name, { context: opts.context });
}

/** Lists every Namespace (name and labels: what a namespaceSelector matches). */
export async function listNamespaces(opts: Opts = {}): Promise<RawNamespace[]> {
  return kubeCall(
    opts.context,
    async () => (await listAllPages<RawNamespace>("Namespace", { context: opts.context })).items,
  );
}

/** Creates a Bundle. @throws KubeError 409 when it exists, 403 when denied. */
export function createBundle(body: RawBundle, opts: Opts = {}): Promise<RawBundle> {
  return kubeCall(
    opts.context,
    async () =>
      (await makeClient(CustomObjectsApi, opts.context).createClusterCustomObject({
        ...BUNDLES,
        body: { apiVersion: "trust.cert-manager.io/v1alpha1", kind: "Bundle", ...body },
        fieldManager: "trustdeck",
      })) as RawBundle,
  );
}

/** Applies a JSON merge patch (RFC 7386) to a Bundle (e.g. a new `spec.sources`). */
export function mergePatchBundle(name: string, patch: Record<string, unknown>, opts: Opts = {}) {
  return kubeCall(
    opts.context,
    async () =>
      (await makeClient(CustomObjectsApi, opts.context).patchClusterCustomObject(
        { ...BUNDLES, name, body: patch, fieldManager: "trustdeck" },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      )) as RawBundle,
  );
}

/** Deletes a Bundle; a missing one is fine. trust-manager removes its targets itself. */
export async function deleteBundle(name: string, opts: Opts = {}): Promise<void> {
  await kubeCall(opts.context, async () => {
    try {
      await makeClient(CustomObjectsApi, opts.context).deleteClusterCustomObject({ ...BUNDLES, name });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  });
}

/**
 * The certificates PEM a Bundle target Secret holds under `key` (public trust data; nothing else of
 * the Secret is read), or undefined when the Secret or key is absent.
 */
export async function readBundleTargetSecret(
  namespace: string,
  name: string,
  key: string,
  opts: Opts = {},
): Promise<string | undefined> {
  return kubeCall(opts.context, async () => {
    try {
      const s = await makeClient(CoreV1Api, opts.context).readNamespacedSecret({ namespace, name });
      const v = s.data?.[key];
      return v ? Buffer.from(v, "base64").toString("utf8") : undefined;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  });
}
