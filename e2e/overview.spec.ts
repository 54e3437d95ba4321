import type { CertificateRow, ListResponse } from "../lib/types";
import { expect, test } from "./fixtures";

// The overview on the seeded cluster: expected numbers come from the API, not hard-coded, because
// the short-lived certificate renews every few minutes.
async function certificates(
  request: import("@playwright/test").APIRequestContext,
): Promise<CertificateRow[]> {
  const res = await request.get("/api/certificates?limit=5000");
  expect(res.status()).toBe(200);
  return ((await res.json()) as ListResponse<CertificateRow>).items;
}

/** Unmanaged TLS Secrets: the timeline and the heatmap show them too (nothing renews them). */
async function unmanagedSecrets(
  request: import("@playwright/test").APIRequestContext,
): Promise<{ namespace: string; name: string; managed: boolean; notAfter?: string }[]> {
  const res = await request.get("/api/secrets/tls?managed=false");
  expect(res.status()).toBe(200);
  return (
    (await res.json()) as {
      items: { namespace: string; name: string; managed: boolean; notAfter?: string }[];
    }
  ).items.filter((s) => !s.managed);
}

test.describe("overview", () => {
  test("count cards match the certificates the API reports", async ({ page, request }) => {
    expect((await certificates(request)).length).toBeGreaterThanOrEqual(9);
    await page.goto("/");
    const shown = (id: string) => page.getByTestId(`stat-${id}`).getByTestId("stat-value").textContent();
    // Other suites may add certificates meanwhile (the page follows live): poll until page and API agree.
    await expect
      .poll(async () => {
        const rows = await certificates(request);
        const want = [
          rows.length,
          rows.filter((r) => r.ready === "True").length,
          rows.filter((r) => r.ready !== "True").length,
        ];
        const got = [await shown("total"), await shown("ready"), await shown("not-ready")].map(Number);
        return JSON.stringify(got) === JSON.stringify(want);
      })
      .toBe(true);
    const inWindow = page.locator('[data-testid="overview-card"][data-metric="renewal-window"]');
    await expect(inWindow).toHaveAttribute("href", "/certificates?state=renewal-window");
    await expect(inWindow.getByTestId("overview-card-value")).toHaveText(/^\d+$/);
    const chain = page.locator('[data-testid="overview-card"][data-metric="chain-problems"]');
    const audit = (await (await request.get("/api/export/audit.json")).json()) as {
      counts: { critical: number; warning: number };
    };
    await expect(chain.getByTestId("overview-card-value")).toHaveText(
      String(audit.counts.critical + audit.counts.warning),
    );
  });

  test("the timeline has one bar per certificate, CAs marked, and toggles grouping and zoom", async ({
    page,
    request,
  }) => {
    await page.goto("/");
    const timeline = page.getByTestId("expiry-timeline");
    const bars = timeline.locator('[data-testid="timeline-bar"][data-kind="certificate"]');
    const secretBars = timeline.locator('[data-testid="timeline-bar"][data-kind="secret"]');
    let rows: CertificateRow[] = [];
    await expect
      .poll(async () => {
        rows = await certificates(request);
        const secrets = await unmanagedSecrets(request);
        return (await bars.count()) === rows.length && (await secretBars.count()) === secrets.length;
      })
      .toBe(true);
    for (const r of rows) {
      await expect(
        timeline.locator(
          `[data-testid="timeline-bar"][data-kind="certificate"][data-namespace="${r.namespace}"][data-name="${r.name}"]`,
        ),
      ).toHaveAttribute("data-ca", String(r.isCA));
    }
    await expect(timeline.getByTestId("timeline-now")).toBeVisible();
    await expect(timeline.getByRole("region", { name: "Issuer tls/ca-issuer" })).toBeVisible();

    await timeline.getByRole("button", { name: "Namespace" }).click();
    await expect(timeline.getByRole("region", { name: "payments" })).toBeVisible();
    await expect(timeline.getByRole("region", { name: "tls" })).toBeVisible();
    const tls = rows.filter((r) => r.namespace === "tls").length;
    await expect(
      timeline
        .getByRole("region", { name: "tls" })
        .locator('[data-testid="timeline-bar"][data-kind="certificate"]'),
    ).toHaveCount(tls);

    const year = timeline.getByRole("button", { name: "1 year" });
    await year.click();
    await expect(year).toHaveAttribute("aria-pressed", "true");
    await expect(bars.first()).toBeVisible();
  });

  test("the heatmap marks the days certificates expire on", async ({ page, request }) => {
    // Other suites may create certificates meanwhile and the page follows live: compare the days
    // the page marks with the API's until both agree.
    const expectedDays = async () => {
      const now = Date.now();
      const days: Record<string, number> = {};
      const dated = [
        ...(await certificates(request)).map((r) => r.notAfter ?? r.statusNotAfter),
        ...(await unmanagedSecrets(request)).map((s) => s.notAfter),
      ];
      for (const notAfter of dated) {
        const t = Date.parse(notAfter ?? "");
        if (Number.isNaN(t) || t < now || t > now + 364 * 86_400_000) continue;
        const day = new Date(t).toISOString().slice(0, 10);
        days[day] = (days[day] ?? 0) + 1;
      }
      return days;
    };
    const markedDays = () =>
      page.$$eval('[data-testid="heatmap-day"]:not([data-count="0"])', (cells) =>
        Object.fromEntries(
          cells.map((c) => [c.getAttribute("data-date"), Number(c.getAttribute("data-count"))]),
        ),
      );
    await page.goto("/");
    const heatmap = page.getByTestId("expiry-heatmap");
    await expect(heatmap.getByTestId("heatmap-day")).toHaveCount(365);
    let expected: Record<string, number> = {};
    await expect
      .poll(async () => {
        expected = await expectedDays();
        const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
        return sorted(await markedDays()) === sorted(expected);
      })
      .toBe(true);
    const [firstDay] = Object.keys(expected);
    expect(firstDay).toBeDefined();
    await heatmap.locator(`[data-testid="heatmap-day"][data-date="${firstDay}"]`).hover();
    await expect(heatmap.getByTestId("heatmap-tooltip")).toContainText(firstDay!);
  });
});
