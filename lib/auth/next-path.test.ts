import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

const APP = "https://trustdeck.example.com";

/** What a browser does with the Location the sign-in form goes to. */
const landsOn = (next: string) => new URL(next, `${APP}/signin`).origin;

// Pieces that have each turned an innocent-looking path into another origin somewhere.
const tricky = fc.constantFrom(
  "/",
  "//",
  "\\",
  "/\\",
  "\t",
  "\n",
  "\r",
  "%09",
  "%0a",
  "%0d",
  "%2f",
  "%5c",
  "/.//",
  "/./",
  "/../",
  "..",
  ".",
  "evil.example",
  "@evil.example",
  ":",
  "http:",
  "https:",
  "javascript:",
  "data:",
  "?",
  "#",
  " ",
  "\u0000",
  "\u3002",
  "／",
);

describe("safeNextPath (where sign-in leads)", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeNextPath("/certificates/tls/etcd-server?tab=chain#x")).toBe(
      "/certificates/tls/etcd-server?tab=chain#x",
    );
    expect(safeNextPath(["/gateway", "//evil.example"])).toBe("/gateway");
    expect(safeNextPath(undefined)).toBe("/");
  });

  it("refuses the reported forms (tab, newline, CR, backslash, %09 and /.//)", () => {
    for (const v of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "//evil.example",
      "/.//evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
    ]) {
      const out = safeNextPath(v);
      expect(landsOn(out), JSON.stringify(v)).toBe(APP);
      expect(out).not.toContain("evil.example/");
    }
    // %09 stays percent-encoded inside the path: it names a path on this origin, not a host.
    expect(landsOn(safeNextPath("/%09/evil.example"))).toBe(APP);
  });

  it("for any input, the browser lands on the app's own origin", () => {
    const input = fc.oneof(
      fc.string(),
      fc.webUrl(),
      fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((a) => a.join("")),
      fc.array(tricky, { minLength: 1, maxLength: 6 }).map((a) => `${a.join("")}evil.example/x`),
    );
    fc.assert(
      fc.property(input, (v) => {
        const out = safeNextPath(v);
        expect(out.startsWith("/")).toBe(true);
        expect(landsOn(out)).toBe(APP);
        // and again from a page deeper in the app (relative resolution cannot escape either)
        expect(new URL(out, `${APP}/a/b/c`).origin).toBe(APP);
      }),
      { numRuns: 5000 },
    );
  });
});
