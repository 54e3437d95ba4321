import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "./fixtures";
import { GatewayPage } from "./pages/gateway-page";

const kubeconfig = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, "..", ".cluster", "kubeconfig");

function kubectl(args: string[]): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfig, "--context", "trustdeck-admin", ...args], {
    encoding: "utf8",
  });
}

function publicTlsSpec(): { client?: unknown; hosts: string[] } {
  return JSON.parse(kubectl(["-n", "tls", "get", "apisixtls", "public-tls", "-o", "json"])).spec;
}

// Leave public-tls as seeded (no spec.client), whatever happened in the test.
test.afterAll(() => {
  if (publicTlsSpec().client !== undefined) {
    kubectl([
      "-n",
      "tls",
      "patch",
      "apisixtls",
      "public-tls",
      "--type",
      "merge",
      "-p",
      '{"spec":{"client":null}}',
    ]);
  }
});

test("the matrix shows one host with mTLS off, one with mTLS on, the upstream client certificate and a host without TLS", async ({
  page,
}) => {
  const gw = new GatewayPage(page);
  await gw.goto();
  await expect(gw.cell("public.example.local", "clientMtls")).toHaveAttribute("data-level", "amber");
  await expect(gw.cell("public.example.local", "clientMtls")).toContainText("mTLS off");
  await expect(gw.cell("mtls.example.local", "clientMtls")).toHaveAttribute("data-level", "green");
  await expect(gw.cell("mtls.example.local", "clientMtls")).toContainText("root-secret");
  await expect(gw.cell("mtls.example.local", "upstreamClientCert")).toHaveAttribute("data-level", "green");
  await expect(gw.cell("mtls.example.local", "upstreamClientCert")).toContainText("apisix-client-secret");
  await expect(gw.row("plain.example.local").getByTestId("no-tls-flag")).toBeVisible();
  await expect(page.getByTestId("hosts-without-tls")).toContainText("plain.example.local");

  await gw.cell("plain.example.local", "clientTls").click();
  await expect(page.getByTestId("hop-details-reason")).toContainText("served without TLS");
});

test("turning mTLS on for public-tls previews who gets in, confirms the diff, and kubectl reads spec.client; off removes it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  expect(publicTlsSpec().client).toBeUndefined();
  const gw = new GatewayPage(page);
  await gw.goto();

  await gw.previewEnable("tls/public-tls", "tls/root-secret");
  for (const secret of ["tls/curl-secret", "tls/apisix-client-secret", "tls/etcd-secret"]) {
    await expect(gw.gettingIn().and(page.locator(`[data-secret="${secret}"]`))).toBeVisible();
  }
  await gw.continueToConfirm();
  await expect(gw.dialog.getByTestId("mtls-diff")).toContainText(
    '+ spec.client.caSecret.name: "root-secret"',
  );
  await gw.apply();
  await expect(gw.dialog.getByTestId("mtls-success")).toContainText("tls/root-secret");
  expect(publicTlsSpec().client).toEqual({ caSecret: { name: "root-secret", namespace: "tls" }, depth: 1 });
  await gw.close();
  await expect(gw.cell("public.example.local", "clientMtls")).toHaveAttribute("data-level", "green");

  await gw.previewDisable("tls/public-tls");
  await gw.continueToConfirm();
  await expect(gw.dialog.getByTestId("mtls-diff")).toContainText("− spec.client.caSecret.name");
  await gw.apply();
  await expect(gw.dialog.getByTestId("mtls-success")).toContainText("spec.client is gone");
  expect(publicTlsSpec()).not.toHaveProperty("client");
  await gw.close();
  await expect(gw.cell("public.example.local", "clientMtls")).toHaveAttribute("data-level", "amber");
});

test("the preview warns when a leaf's Secret is chosen as CA", async ({ page }) => {
  const gw = new GatewayPage(page);
  await gw.goto();
  await gw.previewEnable("tls/public-tls", "tls/curl-secret");
  await expect(
    gw.dialog.locator('[data-testid="mtls-warning"][data-code="ca-secret-is-leaf"]'),
  ).toContainText("root-secret");
  expect(publicTlsSpec().client).toBeUndefined();
});

test("the viewer's Gateway write buttons are disabled with the missing permission; the API still answers 403", async ({
  viewerPage,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const gw = new GatewayPage(viewerPage);
  await gw.goto();
  // The viewer may not read Secrets: the matrix says so instead of failing.
  await expect(viewerPage.getByTestId("secrets-unreadable")).toBeVisible();
  // Pre-checked with SelfSubjectAccessReview, like the Certificates and Requests pages: the button
  // names the permission the write needs (update apisixtlses), not the one a preview would trip on.
  const tls = gw.tls("tls/public-tls");
  await expect(tls.getByTestId("tls-enable")).toBeDisabled();
  await expect(gw.deniedReason(tls)).toContainText("may not update apisixtlses in namespace tls");
  const upstream = gw.upstream("tls/upstream");
  await expect(upstream.getByTestId("upstream-mtls-button")).toBeDisabled();
  await expect(gw.deniedReason(upstream)).toContainText("may not update apisixupstreams in namespace tls");
  await expect(
    viewerPage.locator('[data-testid="create-tls-button"][data-host="plain.example.local"]').first(),
  ).toBeDisabled();
  // The cluster still decides: the same write sent directly is refused with a 403.
  const csrf = (await viewerPage.context().cookies()).find((c) => c.name === "trustdeck-csrf")?.value ?? "";
  const res = await viewerPage.request.put("/api/apisix/tls/tls/public-tls/mtls", {
    headers: { origin: baseURL ?? "", "x-trustdeck-csrf": csrf },
    data: { enabled: true, caSecret: { namespace: "tls", name: "root-secret" }, depth: 1 },
  });
  expect(res.status()).toBe(403);
  expect(publicTlsSpec().client).toBeUndefined();
});

test("the admin's Gateway write buttons are enabled", async ({ page }) => {
  const gw = new GatewayPage(page);
  await gw.goto();
  await expect(gw.tls("tls/public-tls").getByTestId("tls-enable")).toBeEnabled();
  await expect(gw.upstream("tls/upstream").getByTestId("upstream-mtls-button")).toBeEnabled();
  await expect(page.getByTestId("gateway-denied-reason")).toHaveCount(0);
});

test("an ApisixTls created from the page for plain.example.local covers the host; kubectl reads it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const name = "plain-example-local-e2e";
  try {
    const gw = new GatewayPage(page);
    await gw.goto();
    await gw.createTls("plain.example.local", { name, secret: "tls/apisix-server-secret" });
    const created = JSON.parse(kubectl(["-n", "tls", "get", "apisixtls", name, "-o", "json"]));
    expect(created.spec.hosts).toEqual(["plain.example.local"]);
    expect(created.spec.secret).toEqual({ name: "apisix-server-secret", namespace: "tls" });
    await expect(gw.row("plain.example.local").getByTestId("no-tls-flag")).toBeHidden();
    await expect(
      page.locator('[data-testid="create-tls-button"][data-host="plain.example.local"]'),
    ).toHaveCount(0);
  } finally {
    kubectl(["-n", "tls", "delete", "apisixtls", name, "--ignore-not-found"]);
  }
});

test("upstream mTLS of tls/upstream turns off (tlsSecret removed) and back on (https + apisix-client-secret)", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const upstreamSpec = () =>
    JSON.parse(kubectl(["-n", "tls", "get", "apisixupstream", "upstream", "-o", "json"])).spec;
  try {
    const gw = new GatewayPage(page);
    await gw.goto();
    await gw.toggleUpstreamMtls("tls/upstream");
    expect(upstreamSpec()).not.toHaveProperty("tlsSecret");
    await expect(gw.cell("mtls.example.local", "upstreamClientCert")).not.toHaveAttribute(
      "data-level",
      "green",
    );

    await gw.toggleUpstreamMtls("tls/upstream", "tls/apisix-client-secret");
    expect(upstreamSpec()).toMatchObject({
      scheme: "https",
      tlsSecret: { name: "apisix-client-secret", namespace: "tls" },
    });
    await expect(gw.cell("mtls.example.local", "upstreamClientCert")).toHaveAttribute("data-level", "green");
  } finally {
    const spec = upstreamSpec();
    if (spec.scheme !== "https" || spec.tlsSecret?.name !== "apisix-client-secret") {
      kubectl([
        "-n",
        "tls",
        "patch",
        "apisixupstream",
        "upstream",
        "--type",
        "merge",
        "-p",
        '{"spec":{"scheme":"https","tlsSecret":{"name":"apisix-client-secret","namespace":"tls"}}}',
      ]);
    }
  }
});
