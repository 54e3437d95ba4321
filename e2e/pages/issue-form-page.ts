import type { Locator, Page } from "@playwright/test";

/** The issue form at /certificates/new. */
export class IssueFormPage {
  readonly form: Locator;
  readonly yaml: Locator;
  readonly submit: Locator;
  readonly success: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("issue-form");
    this.yaml = page.getByTestId("yaml-preview");
    this.submit = page.getByTestId("issue-submit");
    this.success = page.getByTestId("issue-success");
    this.error = page.getByTestId("issue-error");
  }

  async goto() {
    await this.page.goto("/certificates/new");
    await this.form.waitFor();
  }

  field(id: string): Locator {
    return this.page.locator(`#f-${id}`);
  }

  errorOf(id: string): Locator {
    return this.page.getByTestId(`error-${id}`);
  }

  async fill(values: {
    namespace: string;
    name: string;
    issuer: string;
    dnsNames: string;
    duration?: string;
  }) {
    await this.field("namespace").fill(values.namespace);
    await this.field("name").fill(values.name);
    // the issuer list follows the namespace; wait for the option to appear
    await this.field("issuer").locator(`option[value="${values.issuer}"]`).waitFor({ state: "attached" });
    await this.field("issuer").selectOption(values.issuer);
    await this.field("dnsNames").fill(values.dnsNames);
    if (values.duration !== undefined) await this.field("duration").fill(values.duration);
  }
}
