import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import path from "node:path";

/** The local control plane's kubeconfig (exported by the test runner; this is its default). */
export const KUBECONFIG =
  process.env.TRUSTDECK_KUBECONFIG || path.resolve(__dirname, "../../../.cluster/kubeconfig");

/** Runs kubectl against the local control plane as the admin context; returns stdout. */
export function kubectl(args: string[], context = "trustdeck-admin"): string {
  return execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", context, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * notAfter (ISO) of the first certificate in a Secret's `tls.crt`, read independently of the app:
 * kubectl + node:crypto. Only `tls.crt` is requested, never `tls.key`.
 */
export function secretLeafNotAfter(namespace: string, name: string, key = "tls.crt"): string {
  const b64 = kubectl([
    "-n",
    namespace,
    "get",
    "secret",
    name,
    "-o",
    `jsonpath={.data.${key.replace(".", "\\.")}}`,
  ]);
  const pem = Buffer.from(b64, "base64").toString("utf8");
  return new Date(new X509Certificate(pem).validTo).toISOString();
}
