import { expect, type Locator, type Page } from "@playwright/test";

/** The "Renew matching…" dialog of the certificate list: untickable items, CA confirmation, blast radius. */
export class BulkRenewDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId("bulk-dialog");
  }

  async open() {
    await this.page.getByTestId("bulk-renew-button").click();
    await expect(this.root.getByTestId("bulk-count")).toBeVisible();
  }

  item(nsName: string): Locator {
    return this.root.locator(`[data-testid="bulk-item"][data-name="${nsName}"]`);
  }

  check(nsName: string): Locator {
    return this.item(nsName).getByTestId("bulk-item-check");
  }

  get confirm(): Locator {
    return this.root.getByTestId("bulk-confirm");
  }

  caConfirm(nsName: string): Locator {
    return this.root.locator(`[data-testid="bulk-ca-confirm"][data-name="${nsName}"]`);
  }

  blastRadius(nsName: string): Locator {
    return this.root.locator(`[data-testid="blast-radius"][data-name="${nsName}"]`);
  }
}
