import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

const SHOTS = path.join(__dirname, "..", "docs", "screenshots");

/** The wizard at 1440 and 390 px, light and dark (docs/screenshots, shown in the README). */
export async function shots(page: Page, name: string, testId: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
      await page.getByTestId(testId).evaluate((el) => {
        el.scrollIntoView({ block: "start" });
        // Not under the sticky top bar: scroll back by its height (and a little air).
        const bar = [...document.querySelectorAll("header")].find(
          (h) => getComputedStyle(h).position === "sticky",
        );
        window.scrollBy(0, -((bar?.getBoundingClientRect().height ?? 0) + 12));
      });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${theme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}
