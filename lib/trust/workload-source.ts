import "server-only";
import { KubeError } from "@/lib/k8s/errors";
import { listPodMounts } from "@/lib/k8s/pods";
import {
  type MountTarget,
  type PodMountFacts,
  type WorkloadVisibility,
  workloadsMounting,
} from "./workloads";

/** Above this many namespaces, one list across all namespaces is tried before one per namespace. */
const PER_NAMESPACE_MAX = 3;
/** Per-namespace lists in flight at once. */
const PARALLEL_LISTS = 8;

function notVisible(namespace: string, err: unknown): { namespace: string; message: string } {
  if (err instanceof KubeError && (err.status === 403 || err.status === 401))
    return { namespace, message: `workloads not visible: RBAC denies list pods in ${namespace}` };
  return {
    namespace,
    message: `workloads not visible in ${namespace}: ${err instanceof Error ? err.message : String(err)}`,
  };
}

/**
 * The workloads mounting any of `targets`, read with the caller's identity. Pods are listed only
 * in the targets' namespaces (across all namespaces first when there are many); where the identity
 * may not list pods, that namespace is named in `hidden` ("workloads not visible: RBAC denies list
 * pods in <ns>"): this never fails.
 */
export async function loadWorkloads(
  targets: MountTarget[],
  opts: { context?: string } = {},
): Promise<WorkloadVisibility> {
  const namespaces = [...new Set(targets.map((t) => t.namespace))].sort();
  if (namespaces.length === 0) return { workloads: [], hidden: [] };
  const wanted = new Set(namespaces);
  if (namespaces.length > PER_NAMESPACE_MAX) {
    try {
      const pods = (await listPodMounts({ context: opts.context })).filter((p) => wanted.has(p.namespace));
      return { workloads: workloadsMounting(pods, targets), hidden: [] };
    } catch {
      // denied cluster-wide: fall back to one list per namespace
    }
  }
  const pods: PodMountFacts[] = [];
  const hidden: WorkloadVisibility["hidden"] = [];
  // A few lists at a time: a Bundle for every namespace must not fire hundreds of requests at once.
  for (let i = 0; i < namespaces.length; i += PARALLEL_LISTS)
    await Promise.all(
      namespaces.slice(i, i + PARALLEL_LISTS).map(async (namespace) => {
        try {
          pods.push(...(await listPodMounts({ context: opts.context, namespace })));
        } catch (err) {
          hidden.push(notVisible(namespace, err));
        }
      }),
    );
  hidden.sort((a, b) => a.namespace.localeCompare(b.namespace));
  return { workloads: workloadsMounting(pods, targets), hidden };
}
