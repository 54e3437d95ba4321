import "server-only";
import { CoreV1Api, type V1Secret } from "@kubernetes/client-node";
import { sanitizeSecretFacts } from "@/lib/security/secret-reduce";
import { kubeCall, makeClient } from "./config";
import type { RawObjectMeta } from "./meta";
import { cachedTlsSecrets } from "./watch-cache";

/**
 * The public part of a `kubernetes.io/tls` Secret. `data` is reduced to these PEM strings the
 * moment the Secret arrives: `tls.key` (and every other key) never leaves this module.
 */
export interface TlsSecretFacts {
  metadata: RawObjectMeta & { namespace: string };
  type: string;
  /** PEM of `tls.crt` (leaf first, then intermediates), when present. */
  tlsCrt?: string;
  /** PEM of `ca.crt`, when present. */
  caCrt?: string;
  /** Keys present in `data`, for diagnostics (names only, never values). */
  dataKeys: string[];
}

const TLS_SELECTOR = "type=kubernetes.io/tls";
const PAGE = 1000;

function decode(b64: string | undefined): string | undefined {
  if (!b64) return undefined;
  return Buffer.from(b64, "base64").toString("utf8");
}

function toIso(d: Date | string | undefined): string | undefined {
  if (!d) return undefined;
  return d instanceof Date ? d.toISOString() : d;
}

/** Reduces a Secret to public facts. Exported for tests; everything else uses the list/get functions. */
export function reduceSecret(s: V1Secret): TlsSecretFacts {
  const data = s.data ?? {};
  const m = s.metadata ?? {};
  return sanitizeSecretFacts({
    metadata: {
      name: m.name ?? "",
      namespace: m.namespace ?? "",
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: toIso(m.creationTimestamp as Date | string | undefined),
      labels: m.labels,
      annotations: m.annotations,
    },
    type: s.type ?? "",
    tlsCrt: decode(data["tls.crt"]),
    caCrt: decode(data["ca.crt"]),
    dataKeys: Object.keys(data).sort(),
  });
}

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
