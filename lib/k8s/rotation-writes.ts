import "server-only";
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { CERTIFICATES } from "./certificates";
import { kubeCall, makeClient } from "./config";
import { CLUSTER_ISSUERS, ISSUERS, type RawIssuer } from "./issuers";

/** The writes of a CA rotation that touch cert-manager objects (lib/rotation/service.ts). */

type Opts = { context?: string };

/** Deletes a Certificate; a missing one is fine (its Secret is left, as cert-manager leaves it). */
export async function deleteCertificate(namespace: string, name: string, opts: Opts = {}): Promise<void> {
  await kubeCall(opts.context, async () => {
    try {
      await makeClient(CustomObjectsApi, opts.context).deleteNamespacedCustomObject({
        ...CERTIFICATES,
        namespace,
        name,
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  });
}

/** Applies a JSON merge patch to an Issuer (with `namespace`) or a ClusterIssuer. */
export function mergePatchIssuer(
  ref: { kind: "Issuer" | "ClusterIssuer"; namespace?: string; name: string },
  patch: Record<string, unknown>,
  opts: Opts = {},
): Promise<RawIssuer> {
  return kubeCall(opts.context, async () => {
    const api = makeClient(CustomObjectsApi, opts.context);
    const header = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
    return (
      ref.kind === "Issuer"
        ? await api.patchNamespacedCustomObject(
            {
              ...ISSUERS,
              namespace: ref.namespace ?? "",
              name: ref.name,
              body: patch,
              fieldManager: "trustdeck",
            },
            header,
          )
        : await api.patchClusterCustomObject(
            { ...CLUSTER_ISSUERS, name: ref.name, body: patch, fieldManager: "trustdeck" },
            header,
          )
    ) as RawIssuer;
  });
}
