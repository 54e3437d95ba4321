import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of /gateway: the hop matrix, the mTLS toggle dialog and its steps. */
export class GatewayPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/gateway");
    await expect(this.page.getByTestId("gateway-matrix")).toBeVisible();
  }

  row(host: string): Locator {
    return this.page.locator(`[data-testid="gateway-row"][data-host="${host}"]`);
  }

  cell(host: string, hop: "clientTls" | "clientMtls" | "upstreamTls" | "upstreamClientCert"): Locator {
    return this.row(host).getByTestId(`cell-${hop}`);
  }

  tls(nsName: string): Locator {
    return this.page.locator(`[data-testid="tls-item"][data-name="${nsName}"]`);
  }

  get dialog(): Locator {
    return this.page.getByTestId("mtls-dialog");
  }

  /** Opens "Turn mTLS on" for an ApisixTls, picks the CA Secret, and asks for the preview. */
  async previewEnable(nsName: string, caSecret: string) {
    await this.tls(nsName).getByTestId("tls-enable").click();
    await this.dialog.getByTestId("mtls-ca-select").selectOption(caSecret);
    await this.dialog.getByTestId("mtls-preview-button").click();
    await expect(this.dialog.getByTestId("mtls-preview")).toBeVisible();
  }

  /** Opens "Turn mTLS off"; the preview loads on open. */
  async previewDisable(nsName: string) {
    await this.tls(nsName).getByTestId("tls-disable").click();
    await expect(this.dialog.getByTestId("mtls-preview")).toBeVisible();
  }

  gettingIn(): Locator {
    return this.dialog.getByTestId("mtls-gets-in").getByTestId("client-cert");
  }

  async continueToConfirm() {
    await this.dialog.getByTestId("mtls-continue-button").click();
    await expect(this.dialog.getByTestId("mtls-diff")).toBeVisible();
  }

  async apply() {
    await this.dialog.getByTestId("mtls-apply-button").click();
  }

  async close() {
    await this.dialog.getByTestId("mtls-close-button").click();
    await expect(this.dialog).toBeHidden();
  }

  /** The reason a Gateway write button is disabled, next to it. */
  deniedReason(item: Locator): Locator {
    return item.getByTestId("gateway-denied-reason");
  }

  upstream(nsName: string): Locator {
    return this.page.locator(`[data-testid="upstream-item"][data-name="${nsName}"]`);
  }

  /** The details row shown right after the row of the clicked cell. */
  detailsAfter(host: string): Locator {
    return this.page.locator(
      `[data-testid="gateway-row"][data-host="${host}"] + tr [data-testid="hop-details"]`,
    );
  }

  get probe(): Locator {
    return this.page.getByTestId("probe-panel");
  }

  get createTlsDialog(): Locator {
    return this.page.getByTestId("create-tls-dialog");
  }

  get upstreamDialog(): Locator {
    return this.page.getByTestId("upstream-mtls-dialog");
  }

  /** Creates an ApisixTls for a host without TLS through the dialog and waits for the 2xx. */
  async createTls(host: string, opts: { name: string; secret: string }) {
    await this.page.locator(`[data-testid="create-tls-button"][data-host="${host}"]`).first().click();
    const d = this.createTlsDialog;
    await d.getByTestId("create-tls-name").fill(opts.name);
    await d.getByTestId("create-tls-secret-select").selectOption(opts.secret);
    await d.getByTestId("create-tls-review").click();
    await expect(d.getByTestId("create-tls-object")).toContainText(`"${opts.name}"`);
    await d.getByTestId("create-tls-confirm").click();
    await expect(d.getByTestId("create-tls-success")).toBeVisible();
    await d.getByTestId("create-tls-close").click();
    await expect(d).toBeHidden();
  }

  /** Toggles upstream mTLS of `nsName` (picking `secret` when turning on) and waits for the 2xx. */
  async toggleUpstreamMtls(nsName: string, secret?: string) {
    await this.page.locator(`[data-testid="upstream-mtls-button"][data-name="${nsName}"]`).click();
    const d = this.upstreamDialog;
    if (secret) {
      await d.getByTestId("upstream-mtls-secret-select").selectOption(secret);
      await d.getByTestId("upstream-mtls-review").click();
    }
    await expect(d.getByTestId("upstream-mtls-diff")).toBeVisible();
    await d.getByTestId("upstream-mtls-confirm").click();
    await expect(d.getByTestId("upstream-mtls-success")).toBeVisible();
    await d.getByTestId("upstream-mtls-close").click();
    await expect(d).toBeHidden();
  }
}
