import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { expect, test } from "./fixtures";

// Live updates: a Certificate created or deleted with kubectl shows on an open page without a reload.
const kubeconfig = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, "..", ".cluster", "kubeconfig");
const ns = `e2e-live-${crypto.randomBytes(3).toString("hex")}`;

function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfig, "--context", "trustdeck-admin", ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

test.beforeAll(() => {
  kubectl(["create", "namespace", ns]);
});

test.afterAll(() => {
  // No garbage collector in the local plane: remove what we created, then the namespace.
  kubectl(["delete", "certificates,secrets", "--all", "-n", ns, "--ignore-not-found", "--wait=false"]);
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("a kubectl-created Certificate appears, and a deleted one disappears, without a reload", async ({
  page,
}) => {
  await page.goto(`/certificates?namespace=${ns}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  await expect(page.getByTestId("certificate-row")).toHaveCount(0);
  let navigations = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) navigations++;
  });

  const name = "live-e2e";
  kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name, namespace: ns },
      spec: {
        secretName: `${name}-tls`,
        commonName: name,
        issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
      },
    }),
  );
  const row = page.getByTestId("certificate-row").filter({ hasText: name });
  await expect(row).toBeVisible({ timeout: 2_000 });

  kubectl(["delete", "certificate", name, "-n", ns, "--wait=false"]);
  await expect(row).toHaveCount(0, { timeout: 2_000 });
  expect(navigations).toBe(0);
});

test("the header shows the live state on every page", async ({ page }) => {
  await page.goto("/");
  const dot = page.getByTestId("live-status");
  await expect(dot).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  await expect(dot).toHaveText("Live");
});
