import { test as base, expect, type Page } from "@playwright/test";

const unreachablePort = Number(process.env.TRUSTDECK_E2E_PORT ?? 3217) + 1;

interface Fixtures {
  /** A page whose Trustdeck session uses the restricted `trustdeck-viewer` context. */
  viewerPage: Page;
  /** Base URL of an app instance pointed at a cluster that does not answer. */
  unreachableBaseURL: string;
}

export const test = base.extend<Fixtures>({
  viewerPage: async ({ browser, baseURL }, use) => {
    const context = await browser.newContext({ baseURL });
    const url = new URL(baseURL ?? "http://127.0.0.1");
    await context.addCookies([
      {
        name: "trustdeck-context",
        value: "trustdeck-viewer",
        domain: url.hostname,
        path: "/",
        sameSite: "Strict",
      },
    ]);
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
  unreachableBaseURL: async ({}, use) => {
    await use(`http://127.0.0.1:${unreachablePort}`);
  },
});

export { expect };
