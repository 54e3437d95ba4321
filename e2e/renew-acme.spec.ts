import { kubectl } from "./cluster";
import { expect, test } from "./fixtures";

// Renewing an ACME certificate shows the new Order as it progresses, live (issue 14.4): Orders and
// Challenges are watched kinds (lib/kinds.ts), so the certificate page's ACME section follows the
// new Order from the live stream; the renew dialog is closed first, so nothing polls.
// (Runs after doctor.spec.ts, which reads acme/www's first Order.)
test.describe.configure({ timeout: 300_000 });

test("renew acme/www: a new Order appears on the certificate page and reaches valid without a reload", async ({
  page,
}) => {
  const before = JSON.parse(kubectl(["-n", "acme", "get", "certificate", "www", "-o", "json"]));
  const revision = Number(before.status.revision);
  await page.goto("/certificates/acme/www");
  await expect(page.getByTestId("certificate-orders")).toBeVisible();
  await expect(
    page.locator(`[data-testid="certificate-order"][data-revision="${revision + 1}"]`),
  ).toHaveCount(0);
  await expect(page.getByTestId("renew-button")).toBeEnabled();
  await page.getByTestId("renew-button").click();
  await page.getByTestId("confirm-action").click();
  await expect(page.getByTestId("action-progress")).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("renew-dialog")).toBeHidden();

  const next = page.locator(`[data-testid="certificate-order"][data-revision="${revision + 1}"]`);
  await expect(next).toBeVisible({ timeout: 120_000 });
  await expect(next).toHaveAttribute("data-state", "valid", { timeout: 240_000 });
  // the Order the page shows is the one cert-manager made for the new revision (kubectl as the oracle)
  const orders = JSON.parse(kubectl(["-n", "acme", "get", "orders", "-o", "json"])).items as {
    metadata: { name: string; annotations?: Record<string, string> };
    status?: { state?: string };
  }[];
  const made = orders.find(
    (o) =>
      o.metadata.annotations?.["cert-manager.io/certificate-name"] === "www" &&
      o.metadata.annotations?.["cert-manager.io/certificate-revision"] === String(revision + 1),
  );
  expect(made?.status?.state).toBe("valid");
  await expect(next).toHaveAttribute("data-name", made!.metadata.name);
});
