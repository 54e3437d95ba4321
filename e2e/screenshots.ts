import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

const SHOTS = path.join(__dirname, "..", "docs", "screenshots");

/**
 * Full-page screenshots of what `page` shows at 1440 and 390 px, light and dark, into
 * docs/screenshots/`name`-`width`-`theme`.png (they document the pages). Leaves 1440 px behind.
 */
export async function shots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${theme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
