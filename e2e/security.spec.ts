import { APP_URL, authToken, expect, test } from "./fixtures";

// Sign-in gate, CSP and CSRF as a real browser meets them.

// The runner applies `storageState` (signed in) to every context, even browser.newContext(): clear it.
const unsigned = { baseURL: APP_URL, storageState: { cookies: [], origins: [] } };

test("an unsigned browser is sent to /signin, and the API answers 401", async ({ browser }) => {
  const context = await browser.newContext(unsigned);
  const page = await context.newPage();
  await page.goto("/certificates");
  await expect(page).toHaveURL(/\/signin\?next=%2Fcertificates$/);
  await expect(page.getByRole("heading", { name: "Sign in to Trustdeck" })).toBeVisible();
  const api = await context.request.get("/api/certificates");
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({
    error: { message: "Sign in first: open the sign-in URL printed by the server", status: 401 },
  });
  await context.close();
});

test("the printed sign-in URL signs in; pages load under the CSP without violations", async ({ browser }) => {
  const context = await browser.newContext(unsigned);
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  const first = await page.goto(`/api/auth/signin?token=${encodeURIComponent(authToken())}`);
  await expect(page).toHaveURL(`${APP_URL}/`);
  const csp = first?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/certificates");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(cspErrors).toEqual([]);
  const session = (await context.cookies()).find((c) => c.name === "trustdeck-session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Strict");
  await context.close();
});

test("a wrong sign-in link goes back to /signin with an explanation", async ({ browser }) => {
  const context = await browser.newContext(unsigned);
  const page = await context.newPage();
  await page.goto("/api/auth/signin?token=wrong");
  await expect(page).toHaveURL(/\/signin\?error=token$/);
  await expect(page.getByText("That sign-in link is not valid for this server")).toBeVisible();
  await context.close();
});

test("a mutation from the page needs the CSRF header", async ({ page }) => {
  await page.goto("/");
  const statuses = await page.evaluate(async () => {
    const body = JSON.stringify({ name: "trustdeck-admin" });
    const headers = { "content-type": "application/json" };
    const without = await fetch("/api/contexts", { method: "POST", headers, body });
    const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)trustdeck-csrf=([^;]*)/)?.[1] ?? "");
    const withToken = await fetch("/api/contexts", {
      method: "POST",
      headers: { ...headers, "x-trustdeck-csrf": csrf },
      body,
    });
    return [without.status, withToken.status];
  });
  expect(statuses).toEqual([403, 200]);
});
