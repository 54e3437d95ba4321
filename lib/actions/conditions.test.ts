import { describe, expect, it } from "vitest";
import { approvalConditions, approvalState, type Condition, isIssuing, renewConditions } from "./conditions";

const now = new Date("2026-01-02T03:04:05.678Z");
const ready: Condition = {
  type: "Ready",
  status: "True",
  reason: "Ready",
  message: "Certificate is up to date and has not expired",
  lastTransitionTime: "2025-12-01T00:00:00Z",
  observedGeneration: 1,
};

describe("renewConditions", () => {
  it("adds Issuing=True ManuallyTriggered and keeps every other condition untouched", () => {
    const out = renewConditions([ready], 3, now);
    expect(out[0]).toEqual(ready);
    expect(out[1]).toEqual({
      type: "Issuing",
      status: "True",
      reason: "ManuallyTriggered",
      message: "Certificate re-issuance manually triggered",
      lastTransitionTime: "2026-01-02T03:04:05Z",
      observedGeneration: 3,
    });
    expect(isIssuing(out)).toBe(true);
    expect(isIssuing([ready])).toBe(false);
  });

  it("replaces an Issuing=False in place with a new transition time", () => {
    const issuingFalse: Condition = {
      type: "Issuing",
      status: "False",
      lastTransitionTime: "2025-01-01T00:00:00Z",
    };
    const out = renewConditions([issuingFalse, ready], 2, now);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      type: "Issuing",
      status: "True",
      lastTransitionTime: "2026-01-02T03:04:05Z",
    });
    expect(out[1]).toEqual(ready);
  });

  it("does not mutate its input", () => {
    const input = [ready];
    renewConditions(input, 1, now);
    expect(input).toEqual([ready]);
  });
});

describe("approval", () => {
  it("reads the decision from the conditions", () => {
    expect(approvalState(undefined)).toBe("pending");
    expect(approvalState([{ type: "Ready", status: "False" }])).toBe("pending");
    expect(approvalState([{ type: "Approved", status: "True" }])).toBe("approved");
    expect(approvalState([{ type: "Denied", status: "True" }])).toBe("denied");
  });

  it("adds Approved=True or Denied=True with the reason and message", () => {
    const pending: Condition[] = [{ type: "Ready", status: "False", reason: "Pending" }];
    expect(approvalConditions(pending, "approve", "KubectlCertManager", "ok", now)).toEqual([
      pending[0],
      {
        type: "Approved",
        status: "True",
        reason: "KubectlCertManager",
        message: "ok",
        lastTransitionTime: "2026-01-02T03:04:05Z",
      },
    ]);
    expect(approvalConditions([], "deny", "Policy", "no", now)[0]).toMatchObject({
      type: "Denied",
      status: "True",
    });
  });
});
