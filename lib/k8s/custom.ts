import "server-only";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { type KindName, kindByResource } from "@/lib/kinds";
import { kubeCall, makeClient } from "./config";
import { listAllPages } from "./list";
import { cachedCustomList } from "./watch-cache";

/** group/version/plural of a custom resource. */
export interface CustomResource {
  group: string;
  version: string;
  plural: string;
}

/** The group/version/plural of a kind table row (only those: they are spread into API calls). */
export function customResource(info: CustomResource): CustomResource {
  return { group: info.group, version: info.version, plural: info.plural };
}

/**
 * Lists a custom resource of the kind table in one namespace, or across all namespaces (or
 * cluster-scoped) when `namespace` is undefined, in pages (lib/k8s/list.ts). Served from the live
 * watch cache once it is synced (lib/k8s/watch-cache.ts) and no selector is asked for, filtered to
 * what the request's person may list (lib/k8s/access-filter.ts); else listed directly with the
 * person's own credentials.
 * @throws KubeError / ClusterUnreachableError; Error for a resource the kind table does not name.
 */
export async function listCustom<T>(
  res: CustomResource,
  opts: { context?: string; namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
): Promise<T[]> {
  const cached = await cachedCustomList<T>(res, opts);
  if (cached) return cached;
  const info = kindByResource(res.group, res.plural);
  if (!info) throw new Error(`${res.plural}.${res.group} is not in the kind table (lib/kinds.ts)`);
  return kubeCall(opts.context, async () => (await listAllPages<T>(info.kind as KindName, opts)).items);
}

/** Reads one namespaced (or, with `namespace` undefined, cluster-scoped) custom object. */
export async function getCustom<T>(
  res: CustomResource,
  name: string,
  opts: { context?: string; namespace?: string } = {},
): Promise<T> {
  const { context, namespace } = opts;
  return kubeCall(context, async () => {
    const api = makeClient(CustomObjectsApi, context);
    return (
      namespace
        ? await api.getNamespacedCustomObject({ ...res, namespace, name })
        : await api.getClusterCustomObject({ ...res, name })
    ) as T;
  });
}
