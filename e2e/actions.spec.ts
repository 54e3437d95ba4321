import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createPendingRequest as createPendingRequestIn, kubectl } from "./cluster";
import { expect, test } from "./fixtures";
import { IssueFormPage } from "./pages/issue-form-page";

// Lifecycle actions through the UI against the seeded cluster. Names are fresh per run.
const run = Date.now().toString(36);
const NS = "payments";
const SHOTS = path.join(__dirname, "..", "docs", "screenshots");

function crJson(name: string): {
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
} {
  return JSON.parse(kubectl(["-n", NS, "get", "certificaterequest", name, "-o", "json"]));
}

const createPendingRequest = (name: string) => createPendingRequestIn(NS, name);

async function setTheme(page: Page, theme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate((t) => {
    document.documentElement.classList.toggle("dark", t === "dark");
  }, theme);
}

async function screenshots(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page, theme);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`), fullPage: false });
  }
  await setTheme(page, "light");
}

const issued = `e2e-web-${run}`;
const approveName = `e2e-approve-${run}`;
const denyName = `e2e-deny-${run}`;
const viewerName = `e2e-viewer-${run}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  createPendingRequest(approveName);
  createPendingRequest(denyName);
  createPendingRequest(viewerName);
});

test("the issue form validates before sending, previews YAML, and follows the certificate to Ready", async ({
  page,
}) => {
  const form = new IssueFormPage(page);
  await form.goto();
  await form.fill({
    namespace: NS,
    name: issued,
    issuer: "Issuer/payments-issuer",
    dnsNames: "bad_name.example",
    duration: "30m",
  });
  await form.submit.click();
  await expect(form.errorOf("dnsNames")).toContainText("bad_name.example");
  await expect(form.errorOf("duration")).toContainText("at least 1h");
  await expect(page.getByTestId("form-invalid")).toBeVisible();
  // nothing was sent
  expect(kubectl(["-n", NS, "get", "certificates", "-o", "name"])).not.toContain(issued);

  await form.field("dnsNames").fill(`${issued}.example.test`);
  await form.field("duration").fill("720h");
  await expect(form.errorOf("dnsNames")).toHaveCount(0);
  await expect(form.yaml).toContainText(`name: ${issued}`);
  await expect(form.yaml).toContainText(`- ${issued}.example.test`);
  await expect(form.yaml).toContainText("duration: 720h");
  await screenshots(page, "issue-form");

  await form.submit.click();
  await expect(form.success).toContainText("is Ready", { timeout: 60_000 });
  await page.getByTestId("issued-link").click();
  await expect(page.getByTestId("certificate-detail")).toHaveAttribute("data-name", issued);
});

test("renew raises the revision by one and changes the serial; rotate changes the public key", async ({
  page,
}) => {
  await page.goto(`/certificates/${NS}/${issued}`);
  await expect(page.getByTestId("renew-button")).toBeEnabled();
  await expect(page.getByTestId("key-policy")).toContainText("rotationPolicy Always");
  await screenshots(page, "certificate-actions");

  await page.getByTestId("renew-button").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("action-success")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("before-revision")).toHaveText("1");
  await expect(page.getByTestId("after-revision")).toContainText("2");
  await expect(page.getByTestId("compare-serial")).toHaveAttribute("data-changed", "true");
  const cert = JSON.parse(kubectl(["-n", NS, "get", "certificate", issued, "-o", "json"]));
  expect(cert.status.revision).toBe(2);
  await page.getByRole("button", { name: "Close" }).last().click();

  await page.getByTestId("rotate-button").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("action-success")).toContainText("new private key", { timeout: 60_000 });
  await expect(page.getByTestId("compare-public-key")).toHaveAttribute("data-changed", "true");
  await expect(page.getByTestId("after-revision")).toContainText("3");
});

test("approve and deny pending requests; a second approve is refused with the server's message", async ({
  page,
  browser,
  storageState,
}) => {
  await page.goto(`/requests?namespace=${NS}`);
  const row = page.locator(`[data-testid="request-row"][data-name="${approveName}"]`);
  // a second tab that still shows the request as pending
  const stale = await (
    await browser.newContext({ storageState, baseURL: new URL(page.url()).origin })
  ).newPage();
  await stale.goto(`/requests?namespace=${NS}`);
  const staleRow = stale.locator(`[data-testid="request-row"][data-name="${approveName}"]`);
  await expect(staleRow).toHaveAttribute("data-pending", "true");
  // The other tab opens its approval dialog while the request is still pending.
  await staleRow.getByTestId("approve-button").click();

  await row.getByTestId("approve-button").click();
  await page.getByTestId("confirm-approval").click();
  await expect(page.getByTestId("approval-success")).toContainText("Approved");
  expect(crJson(approveName).status?.conditions?.find((c) => c.type === "Approved")?.status).toBe("True");
  await page.keyboard.press("Escape");

  const denyRow = page.locator(`[data-testid="request-row"][data-name="${denyName}"]`);
  await denyRow.getByTestId("deny-button").click();
  await page.getByTestId("approval-message").fill("e2e: not on the allow list");
  await page.getByTestId("confirm-approval").click();
  await expect(page.getByTestId("approval-success")).toContainText("Denied");
  expect(crJson(denyName).status?.conditions?.find((c) => c.type === "Denied")).toMatchObject({
    status: "True",
  });

  await stale.getByTestId("confirm-approval").click();
  await expect(stale.getByTestId("approval-error")).toContainText("is already approved");
  await stale.context().close();
});

test("the viewer sees every action disabled, with the reason", async ({ viewerPage }) => {
  await viewerPage.goto(`/certificates/${NS}/payments-api`);
  await expect(viewerPage.getByTestId("renew-button")).toBeDisabled();
  await expect(viewerPage.getByTestId("rotate-button")).toBeDisabled();
  await expect(viewerPage.getByTestId("action-denied-reason")).toContainText(
    "Your identity trustdeck-viewer may not update certificates/status",
  );

  await viewerPage.goto("/certificates");
  await expect(viewerPage.getByTestId("bulk-renew-button")).toBeDisabled();

  await viewerPage.goto(`/requests?namespace=${NS}`);
  const pending = viewerPage.locator(`[data-testid="request-row"][data-name="${viewerName}"]`);
  await expect(pending.getByTestId("approve-button")).toBeDisabled();
  await expect(pending.getByTestId("deny-button")).toBeDisabled();
  await expect(pending.getByTestId("action-denied-reason")).toContainText(
    "Your identity trustdeck-viewer may not update certificaterequests/status",
  );
});
