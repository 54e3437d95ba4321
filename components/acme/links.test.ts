import { describe, expect, it } from "vitest";
import { challengeHref, issuerHref, orderHref } from "./links";

describe("ACME and issuer page URLs", () => {
  it("are the agreed paths, segments encoded", () => {
    expect(orderHref("acme", "www-1-123")).toBe("/acme/orders/acme/www-1-123");
    expect(challengeHref("acme", "a b")).toBe("/acme/challenges/acme/a%20b");
  });

  it("link an issuerRef to the Issuer in the object's namespace, or to the ClusterIssuer", () => {
    expect(issuerHref({ kind: "ClusterIssuer", name: "acme-dns" }, "acme")).toBe("/clusterissuers/acme-dns");
    expect(issuerHref({ kind: "Issuer", name: "ca-issuer" }, "tls")).toBe("/issuers/tls/ca-issuer");
    expect(issuerHref({ name: "ca-issuer" }, "tls")).toBe("/issuers/tls/ca-issuer");
    expect(issuerHref({ kind: "AWSPCAIssuer", name: "pca", group: "awspca.cert-manager.io" }, "tls")).toBe(
      undefined,
    );
  });
});
