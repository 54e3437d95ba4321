import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
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

/** Applies one object (as JSON) with kubectl as the admin context. */
export function applyJson(obj: unknown): void {
  execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "apply", "-f", "-"], {
    input: JSON.stringify(obj),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** A base64 PEM CSR for `/CN=<cn>` with a throwaway P-256 key (openssl; the key is discarded). */
export function csrBase64(cn: string): string {
  const pem = execFileSync(
    "openssl",
    [
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "/dev/null",
      "-subj",
      `/CN=${cn}`,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  return Buffer.from(pem).toString("base64");
}

/** Polls `fn` every 50 ms until it returns a truthy value; throws after `ms`. */
export async function until<T>(fn: () => T | undefined | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    let v: T | undefined | false;
    try {
      v = fn();
    } catch {
      v = undefined;
    }
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Creates a `kubernetes.io/tls` Secret nobody manages, as `kubectl create secret tls` leaves it: a
 * self-signed P-256 certificate for `dns` made by openssl (key and certificate live only in a temp
 * folder, removed at once).
 */
export function unmanagedTlsSecret(namespace: string, name: string, dns: string, days = 400): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "td-unmanaged-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        String(days),
        "-subj",
        `/CN=${dns}`,
        "-addext",
        `subjectAltName=DNS:${dns}`,
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "pipe" },
    );
    kubectl([
      "-n",
      namespace,
      "create",
      "secret",
      "tls",
      name,
      `--cert=${path.join(dir, "cert.pem")}`,
      `--key=${path.join(dir, "key.pem")}`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
