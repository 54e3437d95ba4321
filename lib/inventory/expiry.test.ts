import { describe, expect, it } from "vitest";
import { expiryLevelStyle } from "@/lib/format";
import { rowHasState } from "./certificates";
import { expiryLevel } from "./expiry";

describe("expiryLevel: not yet valid is a state of its own (issue 13 e)", () => {
  const now = new Date("2026-06-01T00:00:00Z");

  it("a leaf whose notBefore is 10 days ahead is not-yet-valid, not ok", () => {
    expect(expiryLevel({ notBefore: "2026-06-11T00:00:00Z", notAfter: "2026-09-09T00:00:00Z", now })).toBe(
      "not-yet-valid",
    );
    expect(expiryLevelStyle("not-yet-valid")).toMatchObject({ label: "Not yet valid", tone: "red" });
  });

  it("at notBefore itself it is valid; expiry still wins over everything", () => {
    expect(expiryLevel({ notBefore: "2026-06-01T00:00:00Z", notAfter: "2026-09-09T00:00:00Z", now })).toBe(
      "ok",
    );
    expect(expiryLevel({ notBefore: "2026-06-11T00:00:00Z", notAfter: "2026-05-01T00:00:00Z", now })).toBe(
      "expired",
    );
  });

  it("is a filter state of the certificate list", () => {
    const row = { expiryLevel: "not-yet-valid" } as Parameters<typeof rowHasState>[0];
    expect(rowHasState(row, "not-yet-valid")).toBe(true);
    expect(rowHasState(row, "expired")).toBe(false);
  });
});
