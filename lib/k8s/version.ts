import "server-only";
import { VersionApi } from "@kubernetes/client-node";
import { describeTarget, kubeCall, makeClient } from "./config";

/** Result of asking the API server for `/version`. */
export interface ClusterProbe {
  reachable: boolean;
  context?: string;
  server?: string;
  version?: string;
  /** What was tried and what went wrong, in plain words. */
  error?: string;
}

/**
 * Asks the API server for `/version` within `timeoutMs` (default 3 s). Never throws.
 */
export async function probeCluster(context?: string, timeoutMs = 3000): Promise<ClusterProbe> {
  let target: { context?: string; server?: string } = { context };
  try {
    target = describeTarget(context);
    const info = await kubeCall(context, () => makeClient(VersionApi, context, timeoutMs).getCode());
    return { reachable: true, ...target, version: info.gitVersion };
  } catch (err) {
    return { reachable: false, ...target, error: err instanceof Error ? err.message : String(err) };
  }
}
