import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { type PodLike, type PodMountFacts, podMountFacts } from "@/lib/trust/workloads";
import { kubeCall, makeClient } from "./config";
import { LIST_PAGE_SIZE } from "./list";

/**
 * Lists Pods (of `namespace`, or of every namespace) reduced on receipt to what they mount
 * (lib/trust/workloads.ts): nothing else of a Pod (env, images, commands) is kept. Read-only; not
 * watched. @throws KubeError (403 when the identity may not list pods there).
 */
export async function listPodMounts(
  opts: { context?: string; namespace?: string } = {},
): Promise<PodMountFacts[]> {
  return kubeCall(opts.context, async () => {
    const api = makeClient(CoreV1Api, opts.context);
    const out: PodMountFacts[] = [];
    let cont: string | undefined;
    do {
      const page = opts.namespace
        ? await api.listNamespacedPod({ namespace: opts.namespace, limit: LIST_PAGE_SIZE, _continue: cont })
        : await api.listPodForAllNamespaces({ limit: LIST_PAGE_SIZE, _continue: cont });
      for (const p of page.items) out.push(podMountFacts(p as PodLike));
      cont = page.metadata?._continue || undefined;
    } while (cont);
    return out;
  });
}
