import { describe, expect, it } from "vitest";
import type { RawIssuer } from "@/lib/k8s/issuers";
import { acmeAccountStatus, reshapeIssuer } from "./issuers";

const acme = (status: RawIssuer["status"]): RawIssuer => ({
  metadata: { name: "le", namespace: "shop" },
  spec: { acme: { server: "https://acme.example/dir", email: "ops@example.com" } },
  status,
});
const ready = (s: "True" | "False", reason: string) => ({
  conditions: [{ type: "Ready", status: s, reason, message: reason }],
});

describe("ACME account status (from status.acme.uri and Ready)", () => {
  it("registered: an account URI and Ready True (ACMEAccountRegistered)", () => {
    const raw = acme({
      ...ready("True", "ACMEAccountRegistered"),
      acme: { uri: "https://acme.example/acct/1" },
    });
    expect(acmeAccountStatus(raw)).toBe("registered");
    expect(reshapeIssuer(raw, "Issuer", undefined, new Date(), "cert-manager")).toMatchObject({
      type: "acme",
      acmeServer: "https://acme.example/dir",
      acmeEmail: "ops@example.com",
      acmeAccountUri: "https://acme.example/acct/1",
      acmeAccountStatus: "registered",
    });
  });

  it("failed: Ready False (ErrRegisterACMEAccount), even with an old URI", () => {
    expect(acmeAccountStatus(acme(ready("False", "ErrRegisterACMEAccount")))).toBe("failed");
    expect(
      acmeAccountStatus(
        acme({ ...ready("False", "ErrInitIssuer"), acme: { uri: "https://acme.example/acct/1" } }),
      ),
    ).toBe("failed");
  });

  it("pending: no condition yet, or Ready True without an account URI", () => {
    expect(acmeAccountStatus(acme(undefined))).toBe("pending");
    expect(acmeAccountStatus(acme(ready("True", "ACMEAccountRegistered")))).toBe("pending");
  });

  it("is left out for other issuer types", () => {
    const ca: RawIssuer = {
      metadata: { name: "ca", namespace: "tls" },
      spec: { ca: { secretName: "root" } },
    };
    expect(
      reshapeIssuer(ca, "Issuer", undefined, new Date(), "cert-manager").acmeAccountStatus,
    ).toBeUndefined();
  });
});
