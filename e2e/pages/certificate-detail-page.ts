import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of /certificates/{namespace}/{name}. */
export class CertificateDetailPage {
  constructor(readonly page: Page) {}

  async goto(namespace: string, name: string) {
    await this.page.goto(`/certificates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`);
    await expect(
      this.page.locator('[data-testid="certificate-detail"], [data-testid="error-panel"]').first(),
    ).toBeVisible();
  }

  get root(): Locator {
    return this.page.getByTestId("certificate-detail");
  }

  get stateBadge(): Locator {
    return this.root.getByTestId("state-badge").first();
  }

  /** The callout that says why the Certificate is not Ready. */
  get notReadyReason(): Locator {
    return this.page.getByTestId("not-ready-reason");
  }

  get readyReason(): Locator {
    return this.page.getByTestId("ready-reason");
  }

  get readyMessage(): Locator {
    return this.page.getByTestId("ready-message");
  }

  condition(type: string): Locator {
    return this.page.locator(`[data-testid="condition"][data-type="${type}"]`);
  }

  /** The issuance doctor's section: verdict and step ladder. */
  get diagnosis(): Locator {
    return this.page.getByTestId("diagnosis");
  }

  /** One rung of the ladder, by step id (lib/doctor STEP_IDS). */
  ladderStep(id: string): Locator {
    return this.page.locator(`[data-testid="ladder-step"][data-step="${id}"]`);
  }

  get ladderSteps(): Locator {
    return this.page.getByTestId("ladder-step");
  }

  get chainSlot(): Locator {
    return this.page.locator("section#chain");
  }

  get chainVerdict(): Locator {
    return this.page.getByTestId("chain-verdict");
  }

  get certificateCards(): Locator {
    return this.page.getByTestId("certificate-info");
  }

  get requests(): Locator {
    return this.page.getByTestId("detail-request-row");
  }

  get events(): Locator {
    return this.page.getByTestId("event");
  }
}
