import "server-only";
import { CoreV1Api, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { mergeRevocations, setSharedRevocations } from "@/lib/auth/revocations";
import { kubeCall, makeClient, runAsTrustdeck } from "./config";
import { KubeError } from "./errors";

/** How often each replica re-reads the revocation ConfigMap, in ms (the delay before a sign-out made on another replica holds here). */
export const REVOCATION_POLL_MS = 2000;

/** The ConfigMap's `data`: session id -> expiry in ms since the epoch (decimal). */
type Data = Record<string, string>;

function entries(data: Data | undefined): [string, number][] {
  return Object.entries(data ?? {})
    .map(([id, v]) => [id, Number(v)] as [string, number])
    .filter(([, v]) => Number.isFinite(v));
}

/**
 * The shared session revocation list in ConfigMap `namespace/name`, written and read as
 * Trustdeck's own identity (never a person's token: a person without rights can still sign out).
 * Adding merges `{ data: { <id>: <expiry ms> } }` (a JSON merge patch: no read-modify-write race
 * between replicas) and removes expired entries in the same patch; 404 creates the ConfigMap.
 */
export function configMapRevocations(target: { namespace: string; name: string }, context?: string) {
  const { namespace, name } = target;
  const api = () => makeClient(CoreV1Api, context);
  async function read(): Promise<Data | undefined> {
    try {
      const cm = await kubeCall(context, () => api().readNamespacedConfigMap({ namespace, name }));
      return cm.data ?? {};
    } catch (err) {
      if (err instanceof KubeError && err.status === 404) return undefined;
      throw err;
    }
  }
  return {
    /** Reads the list and merges it into this process's. */
    refresh: () =>
      runAsTrustdeck(async () => {
        mergeRevocations(entries(await read()));
      }),
    add: (id: string, expiresAt: number) =>
      runAsTrustdeck(async () => {
        const now = Date.now();
        const current = (await read()) ?? {};
        const data: Record<string, string | null> = { [id]: String(expiresAt) };
        for (const [other, until] of entries(current)) if (until <= now) data[other] = null;
        try {
          await kubeCall(context, () =>
            api().patchNamespacedConfigMap(
              { namespace, name, body: { data }, fieldManager: "trustdeck" },
              setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
            ),
          );
        } catch (err) {
          if (!(err instanceof KubeError && err.status === 404)) throw err;
          await kubeCall(context, () =>
            api().createNamespacedConfigMap({
              namespace,
              body: {
                metadata: { name, labels: { "app.kubernetes.io/name": "trustdeck" } },
                data: { [id]: String(expiresAt) },
              },
            }),
          );
        }
      }),
  };
}

const STARTED = Symbol.for("trustdeck.auth.revocationPoll");

/**
 * Registers the ConfigMap as the shared revocation list and re-reads it every
 * {@link REVOCATION_POLL_MS} (timer unref'd; a failed read keeps the last list and is retried).
 * Called once at server start (instrumentation.ts) when `TRUSTDECK_SESSION_REVOCATIONS` is set.
 */
export function startSharedRevocations(target: { namespace: string; name: string }): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[STARTED]) return;
  g[STARTED] = true;
  const store = configMapRevocations(target);
  setSharedRevocations(store);
  let failing = false;
  const tick = () =>
    store.refresh().then(
      () => {
        failing = false;
      },
      (err) => {
        if (!failing)
          console.error(
            `[trustdeck] session revocation list ${target.namespace}/${target.name}: ${err instanceof Error ? err.message : err}`,
          );
        failing = true;
      },
    );
  void tick();
  setInterval(tick, REVOCATION_POLL_MS).unref();
}
