import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bulkRenewBodySchema } from "@/lib/actions/schemas";
import { BULK_RENEW_MAX, checkBulkRenewRequest, checkBulkRenewResolved } from "./bulk-guard";

const selectionWithoutNames = fc.record(
  {
    namespace: fc.constantFrom("tls", "payments"),
    labelSelector: fc.constantFrom("app=web", "tier in (a,b)"),
    filter: fc.record(
      { q: fc.string({ maxLength: 5 }), state: fc.constantFrom("ready", "not-ready", "issuing") },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe("bulk renew guard", () => {
  it("refuses every real run without names or expectedCount (empty and filter-only selections)", () => {
    fc.assert(
      fc.property(selectionWithoutNames, fc.constantFrom(undefined, false), (selection, dryRun) => {
        const body = bulkRenewBodySchema.parse({ selection, ...(dryRun === false ? { dryRun } : {}) });
        expect(body.dryRun).toBe(false);
        const refused = checkBulkRenewRequest(body);
        expect(refused?.status).toBe(422);
        expect(refused?.message).toMatch(/^selection: .*explicit names.*expectedCount/);
        // a dry run of the same selection is fine
        expect(checkBulkRenewRequest({ ...body, dryRun: true })).toBeUndefined();
      }),
    );
  });

  it("lets explicit names through, and a counted selection only when the count still matches", () => {
    expect(
      checkBulkRenewRequest({ selection: { names: [{ namespace: "tls", name: "a" }] } }),
    ).toBeUndefined();
    const counted = { selection: {}, expectedCount: 3 };
    expect(checkBulkRenewRequest(counted)).toBeUndefined();
    expect(checkBulkRenewResolved(counted, 3)).toBeUndefined();
    expect(checkBulkRenewResolved(counted, 4)).toMatchObject({
      status: 409,
      message: expect.stringMatching(/now matches 4 .* not the 3/),
    });
  });

  it("refuses a selection over the limit instead of cutting it", () => {
    for (const dryRun of [true, false]) {
      expect(checkBulkRenewResolved({ selection: {}, dryRun }, BULK_RENEW_MAX + 1)).toMatchObject({
        status: 422,
        message: expect.stringMatching(/matches 5001 certificates, more than the 5000/),
      });
    }
    expect(checkBulkRenewResolved({ selection: {}, dryRun: true }, BULK_RENEW_MAX)).toBeUndefined();
    expect(
      bulkRenewBodySchema.safeParse({
        selection: {
          names: Array.from({ length: BULK_RENEW_MAX + 1 }, (_, i) => ({ namespace: "a", name: `c${i}` })),
        },
      }).success,
    ).toBe(false);
  });
});
