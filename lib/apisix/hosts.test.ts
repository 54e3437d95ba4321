import { describe, expect, it } from "vitest";
import { bestHostMatch, findCovering, hostMatches } from "./hosts";

describe("hostMatches", () => {
  it("matches exact hosts case-insensitively", () => {
    expect(hostMatches("mtls.example.local", "mtls.example.local")).toBe(true);
    expect(hostMatches("MTLS.example.local", "mtls.EXAMPLE.local")).toBe(true);
    expect(hostMatches("mtls.example.local", "public.example.local")).toBe(false);
  });

  it("lets a wildcard cover exactly one label", () => {
    expect(hostMatches("*.example.com", "api.example.com")).toBe(true);
    expect(hostMatches("*.example.com", "a.b.example.com")).toBe(false);
    expect(hostMatches("*.example.com", "example.com")).toBe(false);
    expect(hostMatches("*.example.com", "api.example.org")).toBe(false);
  });

  it("covers a wildcard route host only with the same wildcard", () => {
    expect(hostMatches("*.example.com", "*.example.com")).toBe(true);
    expect(hostMatches("*.example.com", "*.a.example.com")).toBe(false);
    expect(hostMatches("api.example.com", "*.example.com")).toBe(false);
  });
});

describe("findCovering", () => {
  const tlses = [
    { name: "wild", hosts: ["*.example.com"] },
    { name: "exact", hosts: ["api.example.com"] },
  ];
  it("prefers an exact host over an earlier wildcard", () => {
    const found = findCovering(tlses, (t) => t.hosts, "api.example.com");
    expect(found?.item.name).toBe("exact");
    expect(found?.match.kind).toBe("exact");
  });
  it("falls back to the wildcard and reports the pattern", () => {
    const found = findCovering(tlses, (t) => t.hosts, "web.example.com");
    expect(found?.item.name).toBe("wild");
    expect(bestHostMatch(["*.example.com"], "web.example.com")).toEqual({
      pattern: "*.example.com",
      kind: "wildcard",
    });
  });
  it("returns undefined when nothing covers the host", () => {
    expect(findCovering(tlses, (t) => t.hosts, "plain.example.local")).toBeUndefined();
  });
});
