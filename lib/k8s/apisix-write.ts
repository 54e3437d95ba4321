import "server-only";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { APISIX_TLSES, APISIX_UPSTREAMS, type RawApisixTls, type RawApisixUpstream } from "./apisix";
import { kubeCall, makeClient } from "./config";
import { retryOnConflict } from "./conflict";
import { getCustom } from "./custom";

type Opts = { context?: string };
const MAX_ATTEMPTS = 4;

/** Reads one ApisixTls. @throws KubeError 404 when absent. */
export function getApisixTls(namespace: string, name: string, opts: Opts = {}): Promise<RawApisixTls> {
  return getCustom<RawApisixTls>(APISIX_TLSES, name, { ...opts, namespace });
}

/** Reads one ApisixUpstream. @throws KubeError 404 when absent. */
export function getApisixUpstream(
  namespace: string,
  name: string,
  opts: Opts = {},
): Promise<RawApisixUpstream> {
  return getCustom<RawApisixUpstream>(APISIX_UPSTREAMS, name, { ...opts, namespace });
}

/**
 * Read-modify-replace of one custom object's `spec`, guarded by `resourceVersion`: a 409
 * (someone else changed it in between) re-reads and re-applies `mutate`, up to 4 attempts.
 * `mutate` gets the current object and returns the whole new spec; the other fields are kept.
 * Returns the object as the API server stored it.
 */
function replaceSpec<T extends { metadata: { resourceVersion?: string }; spec?: unknown }>(
  res: typeof APISIX_TLSES,
  namespace: string,
  name: string,
  mutate: (current: T) => Record<string, unknown>,
  opts: Opts,
): Promise<{ before: T; after: T }> {
  const { context } = opts;
  return retryOnConflict(async () => {
    const current = await getCustom<T>(res, name, { context, namespace });
    const body = { ...current, spec: mutate(current) };
    const after = await kubeCall(
      context,
      async () =>
        (await makeClient(CustomObjectsApi, context).replaceNamespacedCustomObject({
          ...res,
          namespace,
          name,
          body,
          fieldManager: "trustdeck",
        })) as T,
    );
    return { before: current, after };
  }, MAX_ATTEMPTS - 1);
}

/**
 * Replaces the `spec` of an ApisixTls with `mutate(current)`, retrying on 409 conflicts.
 * @throws KubeError (403 with the cluster's message, 404, 422 from CRD validation, 409 after retries).
 */
export function updateApisixTlsSpec(
  namespace: string,
  name: string,
  mutate: (current: RawApisixTls) => Record<string, unknown>,
  opts: Opts = {},
): Promise<{ before: RawApisixTls; after: RawApisixTls }> {
  return replaceSpec<RawApisixTls>(APISIX_TLSES, namespace, name, mutate, opts);
}

/** Replaces the `spec` of an ApisixUpstream with `mutate(current)`, retrying on 409 conflicts. */
export function updateApisixUpstreamSpec(
  namespace: string,
  name: string,
  mutate: (current: RawApisixUpstream) => Record<string, unknown>,
  opts: Opts = {},
): Promise<{ before: RawApisixUpstream; after: RawApisixUpstream }> {
  return replaceSpec<RawApisixUpstream>(APISIX_UPSTREAMS, namespace, name, mutate, opts);
}

/** Creates an ApisixTls. @throws KubeError 409 when it exists, 403 when denied. */
export async function createApisixTls(
  input: { namespace: string; name: string; spec: RawApisixTls["spec"]; labels?: Record<string, string> },
  opts: Opts = {},
): Promise<RawApisixTls> {
  const { context } = opts;
  return kubeCall(
    context,
    async () =>
      (await makeClient(CustomObjectsApi, context).createNamespacedCustomObject({
        ...APISIX_TLSES,
        namespace: input.namespace,
        fieldManager: "trustdeck",
        body: {
          apiVersion: `${APISIX_TLSES.group}/${APISIX_TLSES.version}`,
          kind: "ApisixTls",
          metadata: {
            name: input.name,
            namespace: input.namespace,
            ...(input.labels ? { labels: input.labels } : {}),
          },
          spec: input.spec,
        },
      })) as RawApisixTls,
  );
}
