import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";
import { listAllPages } from "./list";
import type { RawObjectMeta } from "./meta";

/** A ConfigMap (Trustdeck keeps CA rotation state in one; no secret ever goes in it). */
export interface RawConfigMap {
  metadata: RawObjectMeta;
  data?: Record<string, string>;
}

type Opts = { context?: string };

/** Reads one ConfigMap; `null` when it does not exist. @throws KubeError for anything but 404. */
export async function getConfigMap(
  namespace: string,
  name: string,
  opts: Opts = {},
): Promise<RawConfigMap | null> {
  try {
    return await kubeCall(opts.context, async () => {
      const cm = await makeClient(CoreV1Api, opts.context).readNamespacedConfigMap({ namespace, name });
      return toRaw(cm);
    });
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

/** Lists ConfigMaps with a label selector, in one namespace or all. */
export async function listConfigMaps(
  labelSelector: string,
  opts: Opts & { namespace?: string } = {},
): Promise<RawConfigMap[]> {
  return kubeCall(
    opts.context,
    async () => (await listAllPages<RawConfigMap>("ConfigMap", { ...opts, labelSelector })).items,
  );
}

function wireMeta(cm: RawConfigMap) {
  const { name, namespace, resourceVersion, labels, annotations } = cm.metadata;
  return { name, namespace, resourceVersion, labels, annotations };
}

function toRaw(cm: {
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
}): RawConfigMap {
  const m = cm.metadata ?? {};
  return {
    metadata: {
      name: m.name ?? "",
      namespace: m.namespace ?? "",
      resourceVersion: m.resourceVersion,
      uid: m.uid,
      labels: m.labels,
      annotations: m.annotations,
    },
    data: cm.data ?? {},
  };
}

/** Creates a ConfigMap. @throws KubeError 409 when it exists. */
export async function createConfigMap(cm: RawConfigMap, opts: Opts = {}): Promise<RawConfigMap> {
  const namespace = cm.metadata.namespace ?? "";
  return kubeCall(opts.context, async () =>
    toRaw(
      await makeClient(CoreV1Api, opts.context).createNamespacedConfigMap({
        namespace,
        body: { apiVersion: "v1", kind: "ConfigMap", metadata: wireMeta(cm), data: cm.data ?? {} },
        fieldManager: "trustdeck",
      }),
    ),
  );
}

/**
 * Replaces a ConfigMap; `metadata.resourceVersion` makes it a compare-and-swap (409 when someone
 * else changed it in between).
 */
export async function replaceConfigMap(cm: RawConfigMap, opts: Opts = {}): Promise<RawConfigMap> {
  const namespace = cm.metadata.namespace ?? "";
  return kubeCall(opts.context, async () =>
    toRaw(
      await makeClient(CoreV1Api, opts.context).replaceNamespacedConfigMap({
        namespace,
        name: cm.metadata.name,
        body: { apiVersion: "v1", kind: "ConfigMap", metadata: wireMeta(cm), data: cm.data ?? {} },
        fieldManager: "trustdeck",
      }),
    ),
  );
}
