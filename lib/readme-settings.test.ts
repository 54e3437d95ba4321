import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "./env";

// The README's settings table is the user's reference: every setting the server reads is in it.
describe("README", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  it.each(SETTINGS.map((s) => s.name))("documents %s", (name) => {
    expect(readme).toContain(`| \`${name}\` |`);
  });
});
