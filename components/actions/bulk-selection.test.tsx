import { describe, expect, it } from "vitest";
import { certificateRow } from "@/components/certificates/fixtures";
import { excludedBecause } from "./bulk-selection";

describe("excludedBecause", () => {
  it("leaves a Ready leaf ticked", () => {
    expect(excludedBecause(certificateRow({ ready: "True", isCA: false }))).toBeUndefined();
  });
  it("unticks a CA, even when Ready", () => {
    expect(excludedBecause(certificateRow({ ready: "True", isCA: true }))).toBe("ca");
  });
  it("unticks a certificate that is not Ready", () => {
    expect(excludedBecause(certificateRow({ ready: "False", issuing: false }))).toBe("stuck");
    expect(excludedBecause(certificateRow({ ready: "Unknown", issuing: false }))).toBe("stuck");
  });
  it("unticks a not-Ready certificate cert-manager keeps retrying (Issuing=True with a broken issuer)", () => {
    expect(excludedBecause(certificateRow({ ready: "False", issuing: true }))).toBe("stuck");
  });
  it("keeps a Ready certificate that is being re-issued", () => {
    expect(excludedBecause(certificateRow({ ready: "True", issuing: true }))).toBeUndefined();
  });
  it("knows nothing about an unknown row", () => {
    expect(excludedBecause(undefined)).toBeUndefined();
  });
});
