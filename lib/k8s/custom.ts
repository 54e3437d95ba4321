import "server-only";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";
import { cachedCustomList } from "./watch-cache";

/** group/version/plural of a custom resource. */
export interface CustomResource {
  group: string;
  version: string;
  plural: string;
}

const PAGE = 1000;

/**
 * Lists a custom resource in one namespace, or across all namespaces (or cluster-scoped) when
 * `namespace` is undefined. Follows `continue` tokens so large lists arrive in pages.
 */
export async function listCustom<T>(
  res: CustomResource,
  opts: { context?: string; namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
): Promise<T[]> {
  const { context, namespace } = opts;
  // Served from the live watch cache once it is synced (lib/k8s/watch-cache.ts); else listed directly.
  const cached = cachedCustomList<T>(res, opts);
  if (cached) return cached;
  return kubeCall(context, async () => {
    const api = makeClient(CustomObjectsApi, context);
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const common = {
        ...res,
        limit: PAGE,
        _continue: cont,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
      };
      const page = (
        namespace
          ? await api.listNamespacedCustomObject({ ...common, namespace })
          : await api.listClusterCustomObject(common)
      ) as { items?: T[]; metadata?: { continue?: string } };
      items.push(...(page.items ?? []));
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return items;
  });
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
