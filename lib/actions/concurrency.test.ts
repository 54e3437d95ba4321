import { describe, expect, it } from "vitest";
import { deniedReason, UPDATE_CERTIFICATE_STATUS } from "./access-checks";
import { mapLimit } from "./concurrency";

describe("mapLimit", () => {
  it("never runs more than `limit` at once and keeps the input order", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const out = await mapLimit(
      [5, 1, 4, 2, 3, 0, 6, 7, 8],
      4,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, n * 3));
        inFlight--;
        return n * 10;
      },
      (_r, i) => seen.push(i),
    );
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60, 70, 80]);
    expect(peak).toBe(4);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("handles an empty list", async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});

describe("deniedReason", () => {
  it("names the identity, verb and subresource", () => {
    expect(deniedReason("trustdeck-viewer", UPDATE_CERTIFICATE_STATUS)).toBe(
      "Your identity trustdeck-viewer may not update certificates/status",
    );
    expect(deniedReason("bob", UPDATE_CERTIFICATE_STATUS, "tls")).toBe(
      "Your identity bob may not update certificates/status in namespace tls",
    );
  });
});
