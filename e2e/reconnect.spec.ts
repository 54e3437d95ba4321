import { execFile, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { expect, test } from "./fixtures";

// The live view when the API server goes away and comes back: the header says so, and the data is
// right again afterwards, without a reload.
const kubeconfig = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, "..", ".cluster", "kubeconfig");
const ns = `e2e-reconnect-${crypto.randomBytes(3).toString("hex")}`;

function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfig, "--context", "trustdeck-admin", ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** `npm run cluster -- restart-apiserver`: stop kube-apiserver, wait, start it with the same flags. */
function restartApiServer(downMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(__dirname, "..", "scripts", "cluster.mjs"), "restart-apiserver", String(downMs)],
      { encoding: "utf8" },
      (err, _out, stderr) => (err ? reject(new Error(`restart failed: ${stderr}`)) : resolve()),
    );
  });
}

test.afterAll(() => {
  kubectl(["delete", "certificates", "--all", "-n", ns, "--ignore-not-found", "--wait=false"]);
  kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
});

test("stopping and restarting kube-apiserver shows reconnecting, then recovers with correct data", async ({
  page,
}) => {
  test.setTimeout(240_000);
  kubectl(["create", "namespace", ns]);
  await page.goto(`/certificates?namespace=${ns}`);
  const dot = page.getByTestId("live-status");
  await expect(dot).toHaveAttribute("data-state", "live", { timeout: 30_000 });

  const restarted = restartApiServer(8000);
  await expect(dot).toHaveAttribute("data-state", /reconnecting|offline/, { timeout: 30_000 });
  await expect(dot).toContainText(/Reconnecting|Offline/);
  await restarted;
  await expect(dot).toHaveAttribute("data-state", "live", { timeout: 60_000 });

  // The watch is really back: a Certificate made now shows up on the open page, without a reload.
  kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "after-restart", namespace: ns },
      spec: {
        secretName: "after-restart-tls",
        dnsNames: ["after-restart.example.test"],
        issuerRef: { name: "missing", kind: "Issuer" },
      },
    }),
  );
  await expect(
    page.locator(`[data-testid="certificate-row"][data-namespace="${ns}"][data-name="after-restart"]`),
  ).toBeVisible({ timeout: 15_000 });
  // And the seeded data reads back as before.
  await page.goto("/certificates?namespace=tls");
  await expect(page.locator('[data-testid="certificate-row"][data-name="etcd-server"]')).toBeVisible();
});
