import { expect, type Locator, type Page } from "@playwright/test";

/** Signs in with the local sign-in token when the test run sets one (`TRUSTDECK_AUTH_TOKEN`). */
export async function signInIfNeeded(page: Page): Promise<void> {
  const token = process.env.TRUSTDECK_AUTH_TOKEN;
  if (token) await page.goto(`/api/auth/signin?token=${encodeURIComponent(token)}`);
}

/** Page object of /trust: the React Flow trust graph and its details panel. */
export class TrustPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/trust${query}`);
    await expect(this.page.getByTestId("trust-node").first()).toBeVisible();
  }

  /** A node by its graph id, e.g. `leaf-certificate:tls/etcd-server`. */
  node(id: string): Locator {
    return this.page.locator(`[data-testid="trust-node"][data-id="${id}"]`);
  }

  edge(kind: string, source: string, target: string): Locator {
    return this.page.locator(
      `[data-testid="trust-edge"][data-kind="${kind}"][data-source="${source}"][data-target="${target}"]`,
    );
  }

  get details(): Locator {
    return this.page.getByTestId("node-details");
  }

  async select(id: string) {
    await this.node(id).click();
    await expect(this.details).toHaveAttribute("data-id", id);
  }
}
