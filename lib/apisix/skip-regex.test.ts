import { describe, expect, it } from "vitest";
import { mtlsToggleSchema } from "./schemas";
import { findInvalidRegexes, testSkipRegexes } from "./skip-regex";

describe("testSkipRegexes", () => {
  it("says which paths skip mTLS and which regex matched first", () => {
    const out = testSkipRegexes(
      ["^/healthz$", "^/public/"],
      ["/healthz", "/healthz?x=1", "/public/a", "/api/v1", "/healthz/deep"],
    );
    expect(out).toEqual([
      { path: "/healthz", skipped: true, matchedBy: 0 },
      { path: "/healthz?x=1", skipped: true, matchedBy: 0 },
      { path: "/public/a", skipped: true, matchedBy: 1 },
      { path: "/api/v1", skipped: false },
      { path: "/healthz/deep", skipped: false },
    ]);
  });

  it("skips nothing without regexes and ignores invalid ones", () => {
    expect(testSkipRegexes([], ["/x"])).toEqual([{ path: "/x", skipped: false }]);
    expect(testSkipRegexes(["(", "/x"], ["/x"])).toEqual([{ path: "/x", skipped: true, matchedBy: 1 }]);
  });
});

describe("regex validation", () => {
  it("names the index of a regex that does not compile", () => {
    expect(findInvalidRegexes(["/ok", "[unclosed", "(?<"]).map((p) => p.index)).toEqual([1, 2]);
    const res = mtlsToggleSchema.safeParse({
      enabled: true,
      caSecret: { name: "root-secret", namespace: "tls" },
      skipMtlsUriRegex: ["/healthz", "[bad"],
    });
    expect(res.success).toBe(false);
    const issue = res.error?.issues[0];
    expect(issue?.path).toEqual(["skipMtlsUriRegex", 1]);
    expect(issue?.message).toMatch(/skip_mtls_uri_regex\[1\]/);
  });

  it("requires caSecret when enabling and bounds depth to 1..10", () => {
    const noCa = mtlsToggleSchema.safeParse({ enabled: true });
    expect(noCa.error?.issues[0]?.path).toEqual(["caSecret"]);
    const deep = mtlsToggleSchema.safeParse({
      enabled: true,
      caSecret: { name: "a", namespace: "b" },
      depth: 11,
    });
    expect(deep.error?.issues[0]?.path).toEqual(["depth"]);
    expect(mtlsToggleSchema.safeParse({ enabled: false }).success).toBe(true);
  });
});
