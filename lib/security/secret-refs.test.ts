import { describe, expect, it } from "vitest";
import { foreignSecretRefs } from "./secret-refs";

describe("foreignSecretRefs", () => {
  it("keeps only Secrets in another namespace than the object written", () => {
    expect(
      foreignSecretRefs("payments", [
        { namespace: "payments", name: "own" },
        undefined,
        { namespace: "tls", name: "ca" },
      ]),
    ).toEqual([{ namespace: "tls", name: "ca" }]);
    expect(foreignSecretRefs("tls", [undefined])).toEqual([]);
  });
});
