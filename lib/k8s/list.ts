import "server-only";
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { KINDS, type KindInfo, type KindName } from "@/lib/kinds";
import { makeClient } from "./config";
import { reduceObject } from "./kind-reducers";

/** Objects per page of a list (the API server's `limit`). */
export const LIST_PAGE_SIZE = 500;

/** One page as the API server answers a list. */
interface Page {
  items?: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string; continue?: string };
}

/** What to list: all namespaces when `namespace` is undefined (or the kind is cluster-scoped). */
export interface ListOptions {
  context?: string;
  namespace?: string;
  labelSelector?: string;
  /** Added to the kind's own field selector (e.g. TLS Secrets only). */
  fieldSelector?: string;
}

function fieldSelectorOf(info: KindInfo, extra: string | undefined): string | undefined {
  const parts = [info.fieldSelector, extra].filter((s): s is string => !!s);
  return parts.length > 0 ? parts.join(",") : undefined;
}

function fetchPage(info: KindInfo, opts: ListOptions, cont: string | undefined): Promise<Page> {
  const common = {
    limit: LIST_PAGE_SIZE,
    _continue: cont,
    labelSelector: opts.labelSelector,
    fieldSelector: fieldSelectorOf(info, opts.fieldSelector),
  };
  const namespace = info.namespaced ? opts.namespace : undefined;
  if (info.group === "") {
    const api = makeClient(CoreV1Api, opts.context);
    if (info.plural === "namespaces") return api.listNamespace(common);
    if (info.plural === "configmaps") {
      return namespace
        ? api.listNamespacedConfigMap({ ...common, namespace })
        : api.listConfigMapForAllNamespaces(common);
    }
    if (info.plural !== "secrets") throw new Error(`listing core ${info.plural} is not implemented`);
    return namespace
      ? api.listNamespacedSecret({ ...common, namespace })
      : api.listSecretForAllNamespaces(common);
  }
  const api = makeClient(CustomObjectsApi, opts.context);
  const res = { group: info.group, version: info.version, plural: info.plural };
  return (
    namespace
      ? api.listNamespacedCustomObject({ ...res, ...common, namespace })
      : api.listClusterCustomObject({ ...res, ...common })
  ) as Promise<Page>;
}

/**
 * Lists every object of `kind` page by page (following `continue` tokens, LIST_PAGE_SIZE a page),
 * reducing each object with the kind table's reducer as its page arrives (a Secret page's keys
 * are gone before the next page is asked for). The one paging loop: direct reads and the watch
 * cache's re-list both use it. Errors are the client's (callers map them with `kubeCall`).
 * @returns the reduced items in the API server's order and the list's resourceVersion.
 */
export async function listAllPages<T>(
  kind: KindName,
  opts: ListOptions = {},
): Promise<{ items: T[]; resourceVersion?: string }> {
  const info: KindInfo = KINDS[kind];
  const items: T[] = [];
  let resourceVersion: string | undefined;
  let cont: string | undefined;
  do {
    const page = await fetchPage(info, opts, cont);
    for (const raw of page.items ?? []) items.push(reduceObject<T>(kind, raw));
    resourceVersion ??= page.metadata?.resourceVersion;
    cont = page.metadata?._continue || page.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}
