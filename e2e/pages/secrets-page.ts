import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of /secrets: TLS Secrets and the managed/unmanaged filter. */
export class SecretsPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/secrets${query ? `?${query}` : ""}`);
    await expect(
      this.page
        .locator('[data-testid="secrets-table"], [data-testid="empty-state"], [data-testid="error-panel"]')
        .first(),
    ).toBeVisible();
  }

  row(namespace: string, name: string): Locator {
    return this.page.locator(
      `[data-testid="secret-row"][data-namespace="${namespace}"][data-name="${name}"]`,
    );
  }

  /** The row of a Secret by name alone, whatever its namespace. */
  rowByName(name: string): Locator {
    return this.page.locator(`[data-testid="secret-row"][data-name="${name}"]`);
  }

  get rows(): Locator {
    return this.page.getByTestId("secret-row");
  }

  async showManaged(which: "all" | "true" | "false") {
    await this.page.getByTestId("filter-managed").locator(`[data-value="${which}"]`).click();
  }

  get errorPanel(): Locator {
    return this.page.getByTestId("error-panel");
  }
}
