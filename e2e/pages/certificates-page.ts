import { expect, type Locator, type Page } from "@playwright/test";

type StateFilter =
  | "ready"
  | "not-ready"
  | "issuing"
  | "expired"
  | "critical"
  | "renewal-window"
  | "overdue"
  | "mismatch";

/** Page object of /certificates: the virtualised table, its filters and sort headers. */
export class CertificatesPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/certificates${query ? `?${query}` : ""}`);
    await this.waitForData();
  }

  /** Waits until the table, the empty state or an error replaced the skeleton. */
  async waitForData() {
    await expect(
      this.page
        .locator(
          '[data-testid="certificate-table"], [data-testid="empty-state"], [data-testid="error-panel"]',
        )
        .first(),
    ).toBeVisible();
  }

  get table(): Locator {
    return this.page.getByTestId("certificate-table");
  }

  get rows(): Locator {
    return this.page.getByTestId("certificate-row");
  }

  row(namespace: string, name: string): Locator {
    return this.page.locator(
      `[data-testid="certificate-row"][data-namespace="${namespace}"][data-name="${name}"]`,
    );
  }

  stateBadge(namespace: string, name: string): Locator {
    return this.row(namespace, name).getByTestId("state-badge");
  }

  expires(namespace: string, name: string): Locator {
    return this.row(namespace, name).getByTestId("expires");
  }

  daysLeft(namespace: string, name: string): Locator {
    return this.row(namespace, name).getByTestId("days-left");
  }

  async search(text: string) {
    await this.page.getByTestId("certificate-search").fill(text);
  }

  async filterNamespace(namespace: string) {
    await this.page.getByTestId("filter-namespace").selectOption(namespace);
  }

  async filterIssuer(issuer: string) {
    await this.page.getByTestId("filter-issuer").selectOption(issuer);
  }

  async filterState(state: StateFilter | "") {
    await this.page.getByTestId("filter-state").selectOption(state);
  }

  async sortBy(column: "namespace" | "name" | "state" | "issuer" | "expires") {
    await this.page.getByTestId(`sort-${column}`).click();
  }

  async open(namespace: string, name: string) {
    await this.row(namespace, name).click();
    await expect(this.page).toHaveURL(new RegExp(`/certificates/${namespace}/${name}$`));
  }
}
