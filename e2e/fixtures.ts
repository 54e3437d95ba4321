import {
  type APIRequestContext,
  type BrowserContext,
  test as base,
  expect,
  type Page,
} from "@playwright/test";

const port = Number(process.env.TRUSTDECK_E2E_PORT ?? 3217);
const unreachablePort = port + 1;

/** Base URL of the main app instance. */
export const APP_URL = `http://127.0.0.1:${port}`;
// `localhost`, not 127.0.0.1: cookies ignore ports, so the second instance needs another host name
// to keep its own session cookie.
const UNREACHABLE_URL = `http://localhost:${unreachablePort}`;

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** The sign-in token both servers were started with (set by playwright.config.ts). */
export function authToken(): string {
  const token = process.env.TRUSTDECK_E2E_AUTH_TOKEN;
  if (!token)
    throw new Error("TRUSTDECK_E2E_AUTH_TOKEN is not set: run the tests through playwright.config.ts");
  return token;
}

/** Signs `context` in to both app instances with the printed sign-in URL (waits out a 429). */
export async function signIn(context: BrowserContext): Promise<void> {
  for (const origin of [APP_URL, UNREACHABLE_URL]) {
    for (let attempt = 0; ; attempt++) {
      const res = await context.request.get(
        `${origin}/api/auth/signin?token=${encodeURIComponent(authToken())}`,
        {
          maxRedirects: 0,
        },
      );
      if (res.status() === 429 && attempt < 3) {
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers()["retry-after"] ?? 10)));
        continue;
      }
      if (res.status() !== 303)
        throw new Error(`sign-in at ${origin} answered ${res.status()}: ${await res.text()}`);
      break;
    }
  }
}

interface Fixtures {
  /** A page whose Trustdeck session uses the restricted `trustdeck-viewer` context. */
  viewerPage: Page;
  /** Base URL of an app instance pointed at a cluster that does not answer. */
  unreachableBaseURL: string;
}

interface WorkerFixtures {
  /** Cookies of a browser signed in to both instances, made once per worker. */
  signedInState: StorageState;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  signedInState: [
    async ({ browser }, use) => {
      const context = await browser.newContext();
      await signIn(context);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  // Every context the built-in `context`/`page` fixtures make starts signed in.
  storageState: async ({ signedInState }, use) => {
    await use(signedInState);
  },
  // API calls from tests are signed in too, and carry the CSRF header and a same-origin Origin.
  request: async ({ playwright, baseURL, signedInState }, use) => {
    const csrf = signedInState.cookies.find((c) => c.name === "trustdeck-csrf" && c.domain === "127.0.0.1");
    const request: APIRequestContext = await playwright.request.newContext({
      baseURL,
      storageState: signedInState,
      extraHTTPHeaders: { origin: baseURL ?? APP_URL, ...(csrf ? { "x-trustdeck-csrf": csrf.value } : {}) },
    });
    await use(request);
    await request.dispose();
  },
  viewerPage: async ({ browser, baseURL, signedInState }, use) => {
    const context = await browser.newContext({ baseURL, storageState: signedInState });
    const url = new URL(baseURL ?? APP_URL);
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
    await use(UNREACHABLE_URL);
  },
});

export { expect };
