import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";
import { reduceSecret, type TlsSecretFacts } from "./kind-reducers";
import { cachedTlsSecrets } from "./watch-cache";

export { reduceSecret, type TlsSecretFacts };

const TLS_SELECTOR = "type=kubernetes.io/tls";
const PAGE = 1000;

/** Lists TLS Secrets (`type=kubernetes.io/tls`) in `namespace`, or in all namespaces. */
export async function listTlsSecrets(
  opts: { context?: string; namespace?: string } = {},
): Promise<TlsSecretFacts[]> {
  const { context, namespace } = opts;
  // Served from the live watch cache once it is synced (lib/k8s/watch-cache.ts); else listed directly.
  const cached = cachedTlsSecrets(opts);
  if (cached) return cached;
  return kubeCall(context, async () => {
    const api = makeClient(CoreV1Api, context);
    const out: TlsSecretFacts[] = [];
    let cont: string | undefined;
    do {
      const params = { fieldSelector: TLS_SELECTOR, limit: PAGE, _continue: cont };
      const page = namespace
        ? await api.listNamespacedSecret({ ...params, namespace })
        : await api.listSecretForAllNamespaces(params);
      for (const s of page.items) out.push(reduceSecret(s));
      cont = page.metadata?._continue || undefined;
    } while (cont);
    return out;
  });
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
