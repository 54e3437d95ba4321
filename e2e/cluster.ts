import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const KUBECONFIG = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, "..", ".cluster", "kubeconfig");

/** kubectl as the admin of the local cluster (the independent oracle of the e2e tests). */
export function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/**
 * A pending CertificateRequest for an external issuer group (the built-in approver leaves it
 * alone), its CSR made by openssl with `/CN=name` and any `extraArgs` (e.g. `-addext`).
 */
export function createPendingRequest(namespace: string, name: string, extraArgs: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-cr-"));
  try {
    const csr = execFileSync(
      "openssl",
      [
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        path.join(dir, "key.pem"),
        "-subj",
        `/CN=${name}`,
        ...extraArgs,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "cert-manager.io/v1",
        kind: "CertificateRequest",
        metadata: { name, namespace },
        spec: {
          request: Buffer.from(csr).toString("base64"),
          issuerRef: { name: "external", kind: "Issuer", group: "issuers.example.com" },
          usages: ["digital signature", "key encipherment", "client auth"],
        },
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
