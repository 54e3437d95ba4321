import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { signInThroughProvider } from "../test/integration/helpers/oidc";

// Team mode (TRUSTDECK_AUTH=oidc, the third server of playwright.config.ts): alice, bob and carol
// sign in through the plane's OIDC provider's own login page, and each gets exactly their RBAC
// (scripts/seed/team-rbac.yaml): alice everything, bob read and renew in payments only, carol nothing.

const port = Number(process.env.TRUSTDECK_E2E_PORT ?? 3217) + 2;
const APP = `http://127.0.0.1:${port}`;
const kubeconfig = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, "..", ".cluster", "kubeconfig");
const SHOTS = path.join(__dirname, "..", "docs", "screenshots");

function password(username: string): string {
  const config = JSON.parse(
    fs.readFileSync(path.join(path.dirname(kubeconfig), "oidc", "config.json"), "utf8"),
  );
  return config.users.find((u: { username: string }) => u.username === username).password;
}

/** A fresh browser signed in as `username` through the provider's login page. */
async function signInAs(browser: Browser, username: string): Promise<Page> {
  // The provider serves https with the plane's own CA, which the browser does not know.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${APP}/certificates`);
  await expect(page).toHaveURL(/\/signin\?next=%2Fcertificates$/);
  await page.getByTestId("signin-oidc").click();
  await expect(page.getByRole("heading", { name: "Local identity provider" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password(username));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${APP}/certificates`);
  await expect(page.getByTestId("identity-user")).toHaveText(`oidc:${username}`, { timeout: 45_000 });
  return page;
}

// Each person signs in through three pages; on a loaded machine that alone can take a minute.
test.describe.configure({ mode: "serial", timeout: 180_000 });

test("the sign-in page offers the provider", async ({ page }) => {
  await page.goto(`${APP}/signin`);
  await expect(page.getByTestId("signin-oidc")).toHaveText("Sign in with the local identity provider");
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
      await page.screenshot({ path: path.join(SHOTS, `signin-oidc-${width}-${theme}.png`) });
    }
  }
});

test("alice (platform-admins) may renew and rotate anywhere", async ({ browser }) => {
  const page = await signInAs(browser, "alice");
  await page.goto(`${APP}/certificates/tls/etcd-server`);
  await expect(page.getByTestId("renew-button")).toBeEnabled();
  await expect(page.getByTestId("rotate-button")).toBeEnabled();
  // The header: who the cluster says you are, and the way out.
  await expect(page.getByTestId("sign-out")).toBeVisible();
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
    await page.screenshot({
      path: path.join(SHOTS, `team-header-alice-${theme}.png`),
      clip: { x: 0, y: 0, width: 1280, height: 120 },
    });
  }
  await page.goto(`${APP}/certificates/payments/payments-api`);
  await expect(page.getByTestId("renew-button")).toBeEnabled();
  await page.context().close();
});

test("bob (team-payments) may renew in payments only; elsewhere he is refused", async ({ browser }) => {
  const page = await signInAs(browser, "bob");
  await page.goto(`${APP}/certificates/payments/payments-api`);
  await expect(page.getByTestId("certificate-detail")).toHaveAttribute("data-name", "payments-api");
  await expect(page.getByTestId("renew-button")).toBeEnabled();
  // Rotating patches the Certificate's spec: not in bob's Role.
  await expect(page.getByTestId("rotate-button")).toBeDisabled();
  await expect(page.getByTestId("action-denied-reason").first()).toContainText("oidc:bob may not");
  await page.goto(`${APP}/certificates/tls/etcd-server`);
  await expect(page.getByText("Permission denied").first()).toBeVisible();
  await expect(page.getByTestId("renew-button")).toHaveCount(0);
  await page.context().close();
});

const suffix = crypto.randomBytes(3).toString("hex");
const made = [
  ["payments", `e2e-oidc-in-${suffix}`],
  ["tls", `e2e-oidc-out-${suffix}`],
] as const;

function kubectl(args: string[], opts: { token?: string; input?: string } = {}): string {
  return execFileSync(
    "kubectl",
    [
      "--kubeconfig",
      kubeconfig,
      "--context",
      "trustdeck-admin",
      ...(opts.token ? ["--token", opts.token] : []),
      ...args,
    ],
    { encoding: "utf8", input: opts.input, stdio: ["pipe", "pipe", "pipe"] },
  );
}

test.afterAll(() => {
  for (const [ns, name] of made) {
    kubectl(["delete", "certificate", name, "-n", ns, "--ignore-not-found", "--wait=false"]);
    kubectl(["delete", "secret", `${name}-tls`, "-n", ns, "--ignore-not-found", "--wait=false"]);
  }
});

test("bob, signed in through the provider, lists what kubectl as bob lists, and a new payments Certificate arrives live", async ({
  browser,
}) => {
  const page = await signInAs(browser, "bob");
  // The oracle: kubectl with bob's own ID token, from a separate sign-in at the same provider.
  const oracle = await signInThroughProvider("bob");
  if (oracle.refused) throw new Error("bob was refused by the provider");
  const idToken = oracle.idToken;
  const his = kubectl(["get", "certificates.cert-manager.io", "-n", "payments", "-o", "name"], {
    token: idToken,
  })
    .split("\n")
    .filter(Boolean);
  expect(his.length).toBeGreaterThan(0);
  expect(() => kubectl(["get", "certificates.cert-manager.io", "-n", "tls"], { token: idToken })).toThrow(
    /forbidden/i,
  );
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  const rows = page.getByTestId("certificate-row");
  await expect(page.getByTestId("certificate-count")).toHaveText(`${his.length} certificates`);
  await expect(rows).toHaveCount(his.length);
  for (const ns of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-namespace"))))
    expect(ns).toBe("payments");

  let navigations = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  for (const [namespace, name] of made)
    kubectl(["apply", "-f", "-"], {
      input: JSON.stringify({
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name, namespace },
        spec: {
          secretName: `${name}-tls`,
          commonName: `${name}.example`,
          issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
        },
      }),
    });
  await expect(rows.filter({ hasText: made[0][1] })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("certificate-count")).toHaveText(`${his.length + 1} certificates`);
  await expect(rows.filter({ hasText: made[1][1] })).toHaveCount(0);
  expect(navigations).toBe(0);
  await page.context().close();
});

test("carol (no rights) is refused everywhere, and signing out ends her session", async ({ browser }) => {
  const page = await signInAs(browser, "carol");
  await page.goto(`${APP}/certificates/payments/payments-api`);
  await expect(page.getByText("Permission denied").first()).toBeVisible();
  await expect(page.getByTestId("renew-button")).toHaveCount(0);
  await page.getByTestId("sign-out").click();
  // RP-initiated logout: the provider asks, ends its own session and sends the browser back.
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(new RegExp(`^${APP}/signin`), { timeout: 30_000 });
  await page.goto(`${APP}/certificates`);
  await expect(page).toHaveURL(/\/signin\?next=/);
  // The provider's session is over too: signing in again asks for the password.
  await page.getByTestId("signin-oidc").click();
  await expect(page.getByLabel("Password")).toBeVisible();
  await page.context().close();
});
