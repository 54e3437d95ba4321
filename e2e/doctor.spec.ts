import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { CertificateDetailPage } from "./pages/certificate-detail-page";
import { CertificatesPage } from "./pages/certificates-page";

// The issuance doctor's ladder on the certificate page, for two seeded ACME cases (scripts/seed/acme.mjs):
// HTTP-01 stuck at its self check, and acme/www, Ready through a real Order at Pebble.
const SHOTS = path.join(__dirname, "..", "docs", "screenshots");
const ORDER = [
  "issuer-ready",
  "spec-accepted",
  "private-key",
  "request-created",
  "approved",
  "issuer-picked-up",
  "acme-order",
  "acme-challenges",
  "secret-written",
  "key-matches",
];

// Screenshots at two widths and two themes take long on a loaded 2-core machine.
test.describe.configure({ timeout: 180_000 });

async function shots(page: Page, name: string, testId = "diagnosis") {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
      await page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${theme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("walks the ladder of the stuck HTTP-01 certificate to its failing self check and the fix", async ({
  page,
}) => {
  const detail = new CertificateDetailPage(page);
  await detail.goto("acme", "http01-stuck");
  await expect(detail.ladderSteps).toHaveCount(ORDER.length);
  expect(await detail.ladderSteps.evaluateAll((els) => els.map((e) => e.getAttribute("data-step")))).toEqual(
    ORDER,
  );
  for (const id of [
    "issuer-ready",
    "spec-accepted",
    "private-key",
    "request-created",
    "approved",
    "issuer-picked-up",
    "acme-order",
  ])
    await expect(detail.ladderStep(id)).toHaveAttribute("data-state", "done");
  const failing = detail.ladderStep("acme-challenges");
  await expect(failing).toHaveAttribute("data-state", "failing");
  await expect(failing).toHaveAttribute("aria-current", "step");
  await expect(failing.getByTestId("ladder-step-reason")).toHaveText("SelfCheckFailed");
  await expect(failing.getByTestId("ladder-challenge")).toContainText("HTTP-01 web.acme.example.local");
  await expect(failing).toContainText("connection refused");
  await expect(failing.getByTestId("ladder-fix")).toContainText("/.well-known/acme-challenge/");
  for (const id of ["secret-written", "key-matches"])
    await expect(detail.ladderStep(id)).toHaveAttribute("data-state", "not-reached");
  await expect(page.getByTestId("diagnosis-state")).toHaveText("failing");
  // The missing Secret is shown as the trigger, not as the cause.
  await expect(page.getByTestId("diagnosis-summary")).not.toContainText("Secret does not exist");
  await expect(page.getByTestId("diagnosis-trigger")).toContainText("DoesNotExist");
  await failing.getByTestId("ladder-evidence").locator("summary").click();
  await expect(failing.getByTestId("ladder-evidence")).toContainText("Challenge acme/http01-stuck-1-");
  await shots(page, "doctor-http01-stuck");
});

test("walks the Ready ACME certificate: every step done, no fix offered", async ({ page }) => {
  const detail = new CertificateDetailPage(page);
  await detail.goto("acme", "www");
  await expect(detail.ladderSteps).toHaveCount(ORDER.length);
  for (const id of ORDER) await expect(detail.ladderStep(id)).toHaveAttribute("data-state", "done");
  await expect(detail.ladderStep("acme-order")).toContainText(/Order acme\/www-1-\d+ is valid/);
  await expect(page.getByTestId("diagnosis-state")).toHaveText("ready");
  await expect(page.getByTestId("ladder-fix")).toHaveCount(0);
  await shots(page, "doctor-www-ready");
});

test("the overview counts stuck issuance per failing step and links to the ladder", async ({ page }) => {
  await page.goto("/");
  const card = page.getByTestId("stuck-issuance");
  await expect(card).toBeVisible();
  const count = (step: string) =>
    card.locator(`[data-testid="stuck-step"][data-step="${step}"] [data-testid="stuck-count"]`);
  await expect(count("acme-challenges")).toHaveText(/^[2-9]\d*$/);
  await expect(count("issuer-ready")).toHaveText(/^[2-9]\d*$/);
  await expect(count("approved")).toHaveText(/^[3-9]\d*$/);
  await expect(card.getByTestId("stuck-item").filter({ hasText: "acme/www" })).toHaveCount(0);
  await card.getByTestId("stuck-item").filter({ hasText: "acme/http01-stuck" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/certificates\/acme\/http01-stuck#diagnosis$/);
  await expect(page.locator('[data-testid="ladder-step"][data-step="acme-challenges"]')).toHaveAttribute(
    "data-state",
    "failing",
  );
  await page.goto("/");
  await shots(page, "doctor-overview-stuck", "stuck-issuance");
});

test("the certificate list names the step an issuance is stuck at, not the missing Secret", async ({
  page,
}) => {
  const list = new CertificatesPage(page);
  await list.goto("state=not-ready");
  const http01 = list.row("acme", "http01-stuck").getByTestId("state-reason");
  await expect(http01).toHaveAttribute("data-step", "acme-challenges");
  await expect(http01.getByTestId("stuck-at")).toHaveText("ACME Challenges");
  await expect(http01).toContainText("SelfCheckFailed");
  await expect(list.row("tls", "broken-issuer").getByTestId("stuck-at")).toHaveText("Issuer Ready");
  await list.goto("namespace=acme&q=www");
  await expect(list.row("acme", "www")).toBeVisible();
  await expect(list.row("acme", "www").getByTestId("stuck-at")).toHaveCount(0);
});
