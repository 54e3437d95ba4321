import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";
import { KubeError } from "./errors";

/**
 * A client certificate and its private key, for the TLS probe's handshake. The key is held in
 * memory for one handshake and must never be logged, returned or put into a DTO: only
 * `lib/probe` imports this module.
 */
export interface ClientKeyPair {
  namespace: string;
  name: string;
  certPem: string;
  /** PEM private key. Never leaves lib/probe. */
  keyPem: string;
}

/**
 * Reads `tls.crt` and `tls.key` of a Secret for use as a TLS client identity.
 * @throws KubeError 404 when the Secret is absent, 422 when it lacks tls.crt / tls.key, 403 when denied.
 */
export async function readClientKeyPair(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<ClientKeyPair> {
  const { context } = opts;
  const secret = await kubeCall(context, () =>
    makeClient(CoreV1Api, context).readNamespacedSecret({ namespace, name }),
  );
  const crt = secret.data?.["tls.crt"];
  const key = secret.data?.["tls.key"];
  if (!crt || !key) {
    throw new KubeError(
      422,
      `Secret ${namespace}/${name} has no tls.crt and tls.key to use as a client certificate`,
    );
  }
  return {
    namespace,
    name,
    certPem: Buffer.from(crt, "base64").toString("utf8"),
    keyPem: Buffer.from(key, "base64").toString("utf8"),
  };
}
