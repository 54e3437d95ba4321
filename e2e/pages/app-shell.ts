import { expect, type Locator, type Page } from "@playwright/test";

/** The layout around every page: navigation, cluster status, banner, theme toggle, context switcher. */
export class AppShell {
  constructor(readonly page: Page) {}

  get banner(): Locator {
    return this.page.getByTestId("cluster-banner");
  }

  get clusterStatus(): Locator {
    return this.page.getByTestId("cluster-status");
  }

  get contextSwitcher(): Locator {
    return this.page.getByTestId("context-switcher");
  }

  nav(
    name: "overview" | "certificates" | "issuers" | "requests" | "secrets" | "trust" | "audit" | "gateway",
  ): Locator {
    return this.page.getByTestId(`nav-${name}`);
  }

  async setTheme(theme: "light" | "dark" | "system") {
    await this.page.getByTestId("theme-toggle").locator(`[data-theme-option="${theme}"]`).click();
  }

  async expectReachable() {
    await expect(this.clusterStatus).toHaveAttribute("data-reachable", "true");
  }

  /** Who you are and through which context (header). */
  get identity(): Locator {
    return this.page.getByTestId("identity");
  }

  get mainNav(): Locator {
    return this.page.getByRole("navigation", { name: /^Main/ });
  }

  get errorPanel(): Locator {
    return this.page.getByTestId("error-panel");
  }
}
