import fs from "node:fs";
import { createPendingRequest, kubectl } from "./cluster";
import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { BulkRenewDialog } from "./pages/bulk-renew-dialog";
import { CertificatesPage } from "./pages/certificates-page";
import { GatewayPage } from "./pages/gateway-page";

// Issue 17, "the operator's first hour": each test names the observation it pins down.

test("obs 2: bulk renew in tls leaves the root CA and the stuck certificate unticked, every item can be unticked, a CA needs its name typed", async ({
  page,
}) => {
  let sent: { namespace: string; name: string }[] | undefined;
  // Only the real run is answered here (nothing is renewed); the dry run reaches the cluster.
  await page.route("**/api/certificates/renew", async (route) => {
    const body = route.request().postDataJSON() as { dryRun?: boolean; selection: { names?: typeof sent } };
    if (body.dryRun) return route.continue();
    sent = body.selection.names;
    await route.fulfill({
      json: { dryRun: false, count: sent?.length ?? 0, succeeded: sent?.length ?? 0, failed: 0, results: [] },
    });
  });
  await page.goto("/certificates?namespace=tls");
  const bulk = new BulkRenewDialog(page);
  await bulk.open();

  await expect(bulk.item("tls/selfsigned-ca")).toHaveAttribute("data-excluded", "ca");
  await expect(bulk.check("tls/selfsigned-ca")).not.toBeChecked();
  await expect(bulk.item("tls/broken-issuer")).toHaveAttribute("data-excluded", "stuck");
  await expect(bulk.check("tls/broken-issuer")).not.toBeChecked();
  await expect(bulk.root.getByTestId("bulk-excluded")).toContainText("tls/selfsigned-ca");

  // Any item can be unticked.
  const ticked = bulk.root.locator('[data-testid="bulk-item"][data-checked="true"]');
  const before = await ticked.count();
  expect(before).toBeGreaterThan(0);
  const first = (await ticked.first().getAttribute("data-name")) ?? "";
  await bulk.check(first).uncheck();
  await expect(bulk.item(first)).toHaveAttribute("data-checked", "false");
  await expect(bulk.confirm).toHaveText(`Renew ${before - 1}`);

  // Ticking the CA shows what it signed and what trusts it, and asks for its name.
  await bulk.check("tls/selfsigned-ca").check();
  const radius = bulk.blastRadius("tls/selfsigned-ca");
  await expect(radius).toBeVisible();
  await expect(radius.getByTestId("blast-signed")).not.toHaveAttribute("data-count", "0");
  await expect(radius.getByTestId("blast-trusts")).toBeVisible();
  await expect(bulk.confirm).toBeDisabled();
  await bulk.caConfirm("tls/selfsigned-ca").fill("selfsigned");
  await expect(bulk.confirm).toBeDisabled();
  await bulk.caConfirm("tls/selfsigned-ca").fill("selfsigned-ca");
  await expect(bulk.confirm).toBeEnabled();
  await bulk.confirm.click();
  await expect(bulk.root.getByTestId("bulk-summary")).toBeVisible();
  const names = (sent ?? []).map((n) => `${n.namespace}/${n.name}`);
  expect(names).toContain("tls/selfsigned-ca");
  expect(names).not.toContain("tls/broken-issuer");
  expect(names).not.toContain(first);
  expect(names.length).toBe(before);
});

test("obs 2: the Renew dialog of a CA shows its blast radius (signed and trusting, apart) and asks for its name", async ({
  page,
}) => {
  await page.goto("/certificates/tls/selfsigned-ca");
  await page.getByTestId("renew-button").click();
  const dialog = page.getByTestId("renew-dialog");
  const radius = dialog.getByTestId("blast-radius");
  await expect(radius).toBeVisible();
  await expect(radius.getByTestId("blast-signed")).not.toHaveAttribute("data-count", "0");
  await expect(radius.getByTestId("blast-trusts")).toBeVisible();
  await expect(dialog.getByTestId("confirm-action")).toBeDisabled();
  await dialog.getByTestId("confirm-ca-name").fill("selfsigned-ca");
  await expect(dialog.getByTestId("confirm-action")).toBeEnabled();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("obs 4: a Gateway dialog takes the focus, keeps Tab inside, closes on Escape and returns the focus to its button", async ({
  page,
}) => {
  const gw = new GatewayPage(page);
  await gw.goto();
  const opener = gw.tls("tls/public-tls").getByTestId("tls-enable");
  await expect(opener).toBeEnabled();
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(gw.dialog).toBeVisible();
  const focusInDialog = () =>
    page.evaluate(() => document.activeElement?.closest('[data-testid="mtls-dialog"]') !== null);
  // The first field has the focus (not the page behind).
  await expect(gw.dialog.getByTestId("mtls-ca-select")).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInDialog()).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(gw.dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test("obs 5: the Chain problems card opens the audit filtered to critical and warning, not raw JSON", async ({
  page,
}) => {
  await page.goto("/");
  const card = page.locator('[data-testid="overview-card"][data-metric="chain-problems"]');
  await expect(card).toHaveAttribute("href", "/audit?severity=problems");
  await card.click();
  await expect(page).toHaveURL(/\/audit\?severity=problems$/);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-severity="info"]')).toHaveCount(0);
});

test("obs 6: the audit CSV holds exactly the rows on screen, with the severity and kind filters", async ({
  page,
}) => {
  await page.goto("/audit");
  const any = page.getByTestId("audit-row").first();
  await expect(any).toBeVisible();
  const severity = (await any.getAttribute("data-severity")) ?? "";
  const kind = (await any.getAttribute("data-kind")) ?? "";
  await page.goto(`/audit?severity=${severity}&kind=${kind}`);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  const all = await page.getByTestId("audit-row").count();
  await expect(
    page.locator(`[data-testid="audit-row"]:not([data-severity="${severity}"][data-kind="${kind}"])`),
  ).toHaveCount(0);
  const shown = await page.getByTestId("audit-row").count();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("audit-download-csv").click(),
  ]);
  const lines = fs
    .readFileSync((await download.path()) ?? "", "utf8")
    .trim()
    .split(/\r?\n/);
  expect(lines.length - 1).toBe(shown);
  expect(lines.length - 1).toBe(all);
  for (const line of lines.slice(1)) {
    expect(line).toContain(severity);
    expect(line).toContain(kind);
  }
});

test("obs 10: the mTLS preview says who else is rejected, apply repeats the lock-out count, details sit next to the cell", async ({
  page,
}) => {
  const gw = new GatewayPage(page);
  await gw.goto();
  await gw.cell("mtls.example.local", "clientMtls").click();
  await expect(gw.detailsAfter("mtls.example.local")).toBeVisible();
  for (const word of await gw.detailsAfter("mtls.example.local").getByTestId("hop-level").allTextContents())
    expect(["OK", "at risk", "broken"]).toContain(word.trim());

  await gw.previewEnable("tls/public-tls", "tls/root-secret");
  await expect(gw.dialog.getByTestId("mtls-outside-warning")).toContainText(
    "every client that presents no certificate",
  );
  const lockedOut = await gw.dialog.getByTestId("mtls-locked-out").getByTestId("client-cert").count();
  await gw.continueToConfirm();
  await expect(gw.dialog.getByTestId("mtls-confirm-lockout")).toContainText(
    `${lockedOut} in-cluster client certificate`,
  );
  if (lockedOut > 0)
    await expect(gw.dialog.getByTestId("mtls-apply-button")).toContainText(`lock out ${lockedOut}`);
  await page.keyboard.press("Escape");
  await expect(gw.dialog).toBeHidden();
});

test("deliverable 2: a probe started from a gateway matrix row has the host's SNI filled in", async ({
  page,
}) => {
  const gw = new GatewayPage(page);
  await gw.goto();
  await gw.row("mtls.example.local").getByTestId("probe-row").click();
  await expect(gw.probe.getByTestId("probe-sni")).toHaveValue("mtls.example.local");
  await expect(gw.probe.getByTestId("probe-run")).toBeFocused();
});

test("obs 11: the header says who you are and through which context", async ({ page }) => {
  await page.goto("/certificates");
  const shell = new AppShell(page);
  await expect(shell.identity).toHaveAttribute("data-context", "trustdeck-admin");
  await expect(shell.identity.getByTestId("identity-user")).not.toHaveText("unknown");
});

test("obs 11: the sign-in page shows a signed-out person no navigation and no cluster state, and how rights are given", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/signin");
  const shell = new AppShell(page);
  await expect(page.getByTestId("signin-rights")).toContainText("RBAC");
  await expect(shell.mainNav).toHaveCount(0);
  await expect(shell.clusterStatus).toHaveCount(0);
  await expect(page.getByText("Connected")).toHaveCount(0);
  await context.close();
});

test("obs 7: `/` focuses the page's search box", async ({ page }) => {
  await page.goto("/certificates");
  await expect(page.getByTestId("certificate-search")).toBeVisible();
  await page.locator("main").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  await expect(page.getByTestId("certificate-search")).toBeFocused();
});

test("obs 8: a failed refresh shows a stale banner instead of silently keeping the old rows", async ({
  page,
}) => {
  const list = new CertificatesPage(page);
  await list.goto();
  await expect(list.rows.first()).toBeVisible();
  await expect(page.getByTestId("stale-banner")).toHaveCount(0);
  // Filters apply in the browser over every row held; what refreshes is the feed (a delta).
  await page.route(/\/api\/certificates\/feed/, (route) => route.abort("internetdisconnected"));
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("stale-banner")).toBeVisible();
  await page.unroute(/\/api\/certificates\/feed/);
});

test("deliverable 1: Needs attention lists the stuck certificate with its reason and links to it", async ({
  page,
}) => {
  await page.goto("/");
  const row = page.locator(
    '[data-testid="attention-row"][data-kind="not-ready"][data-title="tls/broken-issuer"]',
  );
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/certificates\/tls\/broken-issuer$/);
});

test("obs 5: the < 30 days card links to a list of exactly what it counts, unmanaged TLS Secrets included", async ({
  page,
}) => {
  await page.goto("/");
  const card = page.getByTestId("stat-under-30");
  await expect(card).toHaveAttribute("href", "/certificates?within=30&sort=expires&dir=asc");
  await expect(card.getByTestId("stat-value")).not.toBeEmpty();
  const counted = Number(await card.getByTestId("stat-value").textContent());
  await card.click();
  await expect(page.getByTestId("filter-within")).toBeVisible();
  await expect(page.getByTestId("certificate-count")).toBeVisible();
  const rows = await page.getByTestId("certificate-row").count();
  const secrets = await page.getByTestId("unmanaged-expiring-item").count();
  expect(rows + secrets).toBe(counted);
});

test("obs 9: a pending request opens on its own page with the decoded CSR; approving shows a toast", async ({
  page,
}) => {
  const name = `e2e-csr-${Date.now().toString(36)}`;
  createPendingRequest("payments", name, ["-addext", "subjectAltName=DNS:csr.example.com,IP:10.0.0.7"]);
  try {
    await page.goto("/requests?namespace=payments");
    await page
      .locator(`[data-testid="request-row"][data-name="${name}"]`)
      .getByTestId("request-link")
      .click();
    await expect(page).toHaveURL(new RegExp(`/requests/payments/${name}$`));
    await expect(page.getByTestId("csr-subject")).toContainText(`CN=${name}`);
    await expect(page.locator('[data-testid="csr-san"][data-type="DNS"]')).toContainText("csr.example.com");
    await expect(page.locator('[data-testid="csr-san"][data-type="IP"]')).toContainText("10.0.0.7");
    await expect(page.getByTestId("csr-key")).toContainText("RSA 2048 bit");
    await expect(page.getByTestId("csr-usages")).toContainText("client auth");
    // No admission webhook fills spec.username in the local plane: the page says so instead of guessing.
    await expect(page.getByTestId("csr-requester")).toBeVisible();
    await page.getByTestId("approve-button").click();
    await page.getByTestId("confirm-approval").click();
    await expect(page.getByTestId("approval-success")).toContainText("Approved");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("toast")).toContainText(`Approved payments/${name}`);
    // The breadcrumb goes back to the list with its namespace filter.
    await page.getByTestId("breadcrumb-requests").click();
    await expect(page).toHaveURL(/\/requests\?namespace=payments$/);
  } finally {
    kubectl(["-n", "payments", "delete", "certificaterequest", name, "--ignore-not-found"]);
  }
});

test("obs 9: a Certificate links to its requests and a request links back to its Certificate", async ({
  page,
}) => {
  await page.goto("/certificates/tls/etcd-server");
  await page.getByTestId("detail-requests").getByTestId("request-link").first().click();
  await expect(page).toHaveURL(/\/requests\/tls\/[^/]+$/);
  await expect(page.getByTestId("csr-subject")).toBeVisible();
  await page.getByTestId("certificate-link").click();
  await expect(page).toHaveURL(/\/certificates\/tls\/etcd-server$/);
});

test("obs 11: sorting by a column sets aria-sort on its header; a missing certificate offers no retry", async ({
  page,
}) => {
  const list = new CertificatesPage(page);
  await list.goto();
  await list.sortBy("expires");
  await expect(
    page.getByRole("columnheader").filter({ has: page.getByTestId("sort-expires") }),
  ).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByRole("columnheader").filter({ has: page.getByTestId("sort-name") })).toHaveAttribute(
    "aria-sort",
    "none",
  );
  await page.goto("/certificates/tls/does-not-exist");
  await expect(page.getByTestId("error-panel")).toHaveAttribute("data-status", "404");
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
});
