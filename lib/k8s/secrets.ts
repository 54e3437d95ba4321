import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";
import { reduceSecret, type TlsSecretFacts } from "./kind-reducers";
import { listAllPages } from "./list";
import { cachedTlsSecrets } from "./watch-cache";

export { reduceSecret, type TlsSecretFacts };

/** Lists TLS Secrets (`type=kubernetes.io/tls`) in `namespace`, or in all namespaces, reduced to public facts. */
export async function listTlsSecrets(
  opts: { context?: string; namespace?: string } = {},
): Promise<TlsSecretFacts[]> {
  // Served from the live watch cache once it is synced (lib/k8s/watch-cache.ts), filtered to what the
  // request's person may list (lib/k8s/access-filter.ts); else listed directly with their credentials.
  const cached = await cachedTlsSecrets(opts);
  if (cached) return cached;
  return kubeCall(opts.context, async () => (await listAllPages<TlsSecretFacts>("Secret", opts)).items);
}

/**
 * Reads one Secret, reduced to its public facts; `null` when it does not exist.
 * @throws KubeError (e.g. 403) for anything but a 404.
 */
export async function getSecretFacts(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<TlsSecretFacts | null> {
  const { context } = opts;
  try {
    return await kubeCall(context, async () => {
      const api = makeClient(CoreV1Api, context);
      return reduceSecret(await api.readNamespacedSecret({ namespace, name }));
    });
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}
