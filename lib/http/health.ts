import "server-only";
import { listContexts } from "@/lib/k8s/config";
import { probeCluster } from "@/lib/k8s/version";
import type { HealthDto } from "@/lib/types";
import packageJson from "@/package.json";

/**
 * App health plus whether the cluster of `context` answers `/version` within 3 s. Never throws:
 * a cluster that is down (or a kubeconfig that does not load) is reported in `cluster.error`.
 */
export async function getHealth(context?: string): Promise<HealthDto> {
  let contexts: string[] = [];
  try {
    contexts = listContexts().names;
  } catch {
    // probeCluster reports the configuration problem
  }
  const probe = await probeCluster(context, 3000);
  return {
    app: "ok",
    version: packageJson.version,
    cluster: {
      reachable: probe.reachable,
      server: probe.server,
      context: probe.context,
      error: probe.error,
      version: probe.version,
    },
    contexts,
  };
}
