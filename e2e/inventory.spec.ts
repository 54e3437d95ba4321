import { formatDate } from "../lib/format";
import type { CertificateRow, ListResponse } from "../lib/types";
import { expect, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { CertificateDetailPage } from "./pages/certificate-detail-page";
import { CertificatesPage } from "./pages/certificates-page";
import { RequestsPage } from "./pages/requests-page";
import { SecretsPage } from "./pages/secrets-page";

// The seeded cluster (scripts/cluster.mjs): the mTLS-everywhere PKI in `tls`, a broken Certificate,
// an unmanaged TLS Secret, a pending CertificateRequest, and a second namespace `payments`.
const READY_IN_TLS = [
  "selfsigned-ca",
  "etcd-server",
  "apisix-client",
  "apisix-server",
  "curl-client",
  "upstream-server",
] as const;

test.describe("certificate inventory", () => {
  test("lists every seeded certificate with the right state", async ({ page }) => {
    const certificates = new CertificatesPage(page);
    // Scoped to the namespace: the table is virtualized, and other suites add certificates elsewhere.
    await certificates.goto("namespace=tls");
    await new AppShell(page).expectReachable();

    for (const name of READY_IN_TLS) {
      await expect(certificates.row("tls", name)).toBeVisible();
      await expect(certificates.stateBadge("tls", name)).toHaveAttribute("data-state", "ready");
      await expect(certificates.stateBadge("tls", name)).toHaveText("Ready");
    }
    await expect(certificates.stateBadge("tls", "broken-issuer")).toHaveAttribute("data-state", "not-ready");
    await expect(certificates.stateBadge("tls", "broken-issuer")).toHaveText("Not ready");
    await expect(certificates.row("tls", "broken-issuer").getByTestId("state-reason")).not.toBeEmpty();
    // The second namespace is listed too.
    await certificates.goto("namespace=payments");
    await expect(
      page.locator('[data-testid="certificate-row"][data-namespace="payments"]').first(),
    ).toBeVisible();
  });

  test("the expires column matches the API's notAfter", async ({ page, request }) => {
    const res = await request.get("/api/certificates?namespace=tls&limit=5000");
    expect(res.ok()).toBe(true);
    const body = (await res.json()) as ListResponse<CertificateRow>;
    const seeded = body.items.filter((r) => (READY_IN_TLS as readonly string[]).includes(r.name));
    expect(seeded).toHaveLength(READY_IN_TLS.length);

    const certificates = new CertificatesPage(page);
    await certificates.goto("namespace=tls");
    for (const row of seeded) {
      const notAfter = row.notAfter ?? row.statusNotAfter;
      expect(notAfter, `${row.name} has a notAfter`).toBeTruthy();
      const cell = certificates.expires("tls", row.name);
      await expect(cell).toHaveAttribute("data-value", notAfter!);
      await expect(cell).toHaveText(formatDate(notAfter));
      await expect(certificates.daysLeft("tls", row.name)).toHaveAttribute("data-level", row.expiryLevel);
    }
  });

  test("the server renders the first rows of the list into the page, for the URL's filter and sort", async ({
    request,
  }) => {
    // The oracle: the paged API's answer for the same query.
    const res = await request.get("/api/certificates?namespace=tls&sort=name&dir=desc&limit=5000");
    expect(res.ok()).toBe(true);
    const api = (await res.json()) as ListResponse<CertificateRow>;
    expect(api.items.length).toBeGreaterThanOrEqual(READY_IN_TLS.length);
    // The page's HTML as the server sends it, before any script runs.
    const page = await request.get("/certificates?namespace=tls&sort=name&dir=desc");
    expect(page.ok()).toBe(true);
    const html = await page.text();
    const rowTags = html.match(/<a [^>]*data-testid="certificate-row"[^>]*>/g) ?? [];
    const shown = rowTags.map((tag) => tag.match(/data-name="([^"]*)"/)?.[1]);
    expect(rowTags.every((tag) => tag.includes('data-namespace="tls"'))).toBe(true);
    expect(shown.length).toBeGreaterThanOrEqual(Math.min(api.items.length, 10));
    expect(shown).toEqual(api.items.slice(0, shown.length).map((r) => r.name));
    // The count is the server's, for every matching row (the rest loads once scripts run).
    const count =
      api.items.length > 40
        ? `40 of ${api.total}, loading the rest…`
        : `${api.total} certificate${api.total === 1 ? "" : "s"}`;
    expect(html).toContain(`data-testid="certificate-count">${count}<`);
    const first = api.items[0] as CertificateRow;
    expect(html).toContain(`data-value="${first.notAfter ?? first.statusNotAfter}"`);
    // Until React owns the page, its controls are disabled (a choice made before would be lost).
    expect(html).toMatch(/<select[^>]*data-testid="filter-namespace"[^>]*disabled=""/);
  });

  test("filters, search and sort live in the URL and Back undoes them", async ({ page }) => {
    const certificates = new CertificatesPage(page);
    // Start inside `tls`: the table is virtualized and other suites add certificates elsewhere.
    await certificates.goto("namespace=tls");
    await expect(certificates.row("tls", "etcd-server")).toBeVisible();

    await certificates.filterNamespace("payments");
    await expect(page).toHaveURL(/[?&]namespace=payments/);
    await expect(certificates.row("tls", "etcd-server")).toHaveCount(0);
    await expect(
      page.locator('[data-testid="certificate-row"][data-namespace="payments"]').first(),
    ).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL(/[?&]namespace=tls/);
    await expect(certificates.row("tls", "etcd-server")).toBeVisible();

    await certificates.search("apisix");
    await expect(page).toHaveURL(/[?&]q=apisix/);
    await expect(certificates.row("tls", "apisix-server")).toBeVisible();
    await expect(certificates.row("tls", "etcd-server")).toHaveCount(0);

    await certificates.filterState("not-ready");
    await expect(page).toHaveURL(/[?&]state=not-ready/);
    await expect(page.getByTestId("empty-state")).toContainText("No certificates match");
    await page.getByTestId("clear-filters").click();
    await expect(page).not.toHaveURL(/state=|q=/);
    await expect(certificates.rows.first()).toBeVisible();

    await certificates.sortBy("expires");
    await expect(page).toHaveURL(/sort=expires&dir=asc|dir=asc&sort=expires/);

    // A shared link restores the same view.
    await certificates.goto("namespace=tls&state=not-ready");
    await expect(certificates.rows).toHaveCount(1);
    await expect(certificates.row("tls", "broken-issuer")).toBeVisible();
  });

  test("the broken certificate's detail page says why it is not Ready", async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.goto("namespace=tls");
    await certificates.open("tls", "broken-issuer");

    const detail = new CertificateDetailPage(page);
    await expect(detail.root).toBeVisible();
    await expect(detail.stateBadge).toHaveAttribute("data-state", "not-ready");
    await expect(detail.notReadyReason).toBeVisible();
    await expect(detail.readyReason).not.toBeEmpty();
    await expect(detail.readyMessage).not.toBeEmpty();
    await expect(detail.condition("Ready")).toHaveAttribute("data-status", "False");
    await expect(detail.root).toContainText("missing-issuer");
    await expect(detail.chainSlot).toBeAttached();
  });

  test("a Ready certificate's detail page shows its parsed certificates and a verifying chain", async ({
    page,
  }) => {
    const detail = new CertificateDetailPage(page);
    await detail.goto("tls", "etcd-server");
    await expect(detail.stateBadge).toHaveAttribute("data-state", "ready");
    await expect(detail.notReadyReason).toHaveCount(0);
    await expect(detail.certificateCards.first()).toContainText("CN=etcd");
    await expect(detail.chainVerdict).toHaveAttribute("data-verifies", "true");
    await expect(detail.requests.first()).toBeVisible();
  });
});

test.describe("secrets, requests and permissions", () => {
  test("the unmanaged TLS secret shows as unmanaged", async ({ page }) => {
    const secrets = new SecretsPage(page);
    await secrets.goto("managed=false");
    const legacy = secrets.rowByName("legacy-unmanaged-tls");
    await expect(legacy).toBeVisible();
    await expect(legacy).toHaveAttribute("data-managed", "false");
    await expect(legacy.getByTestId("unmanaged-badge")).toHaveText("Unmanaged");
    // Managed ones are filtered out, and come back with "All".
    await expect(secrets.row("tls", "etcd-secret")).toHaveCount(0);
    await secrets.showManaged("all");
    await expect(page).not.toHaveURL(/managed=/);
    await expect(secrets.row("tls", "etcd-secret").getByTestId("managed-by")).toHaveText("etcd-server");
  });

  test("a pending CertificateRequest is listed under pending approval", async ({ page }) => {
    const requests = new RequestsPage(page);
    await requests.goto();
    await requests.filterStatus("pending");
    await expect(page).toHaveURL(/[?&]status=pending/);
    await expect(requests.pendingRows.first()).toBeVisible();
    await expect(requests.rows).toHaveCount(await requests.pendingRows.count());
    await expect(requests.pendingRows.first().getByTestId("approval-badge")).toHaveText("Pending approval");
  });

  test("the viewer context sees a clear permission message naming secrets", async ({ viewerPage }) => {
    const secrets = new SecretsPage(viewerPage);
    await secrets.goto();
    await expect(secrets.errorPanel).toBeVisible();
    await expect(secrets.errorPanel).toHaveAttribute("data-status", "403");
    await expect(secrets.errorPanel.getByTestId("error-message")).toContainText("Permission denied:");
    await expect(secrets.errorPanel.getByTestId("error-message")).toContainText("secrets");
  });

  test("an instance pointed at a dead cluster shows the cluster banner", async ({
    page,
    unreachableBaseURL,
  }) => {
    await page.goto(`${unreachableBaseURL}/certificates`);
    const shell = new AppShell(page);
    await expect(shell.banner).toBeVisible({ timeout: 30_000 });
    await expect(shell.banner).toContainText("Cannot reach the cluster");
    await expect(shell.banner.getByTestId("cluster-banner-retry")).toBeVisible();
    await expect(shell.clusterStatus).toHaveAttribute("data-reachable", "false");
    // The certificates list explains the same thing instead of spinning.
    await expect(shell.errorPanel).toBeVisible({ timeout: 30_000 });
  });
});
