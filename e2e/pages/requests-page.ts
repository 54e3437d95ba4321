import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of /requests: CertificateRequests with the approval filter. */
export class RequestsPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/requests${query ? `?${query}` : ""}`);
    await expect(
      this.page
        .locator('[data-testid="requests-table"], [data-testid="empty-state"], [data-testid="error-panel"]')
        .first(),
    ).toBeVisible();
  }

  get rows(): Locator {
    return this.page.getByTestId("request-row");
  }

  get pendingRows(): Locator {
    return this.page.locator('[data-testid="request-row"][data-pending="true"]');
  }

  async filterStatus(status: "" | "pending" | "approved" | "denied") {
    await this.page.getByTestId("filter-status").selectOption(status);
  }
}
