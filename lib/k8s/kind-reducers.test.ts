import { describe, expect, it } from "vitest";
import { reduceObject } from "./kind-reducers";

const managedFields = [
  { manager: "cert-manager-certificates-issuing", operation: "Update", fieldsV1: { "f:status": {} } },
];

describe("reduceObject", () => {
  it("drops server-side apply's managedFields from every kind as it arrives", () => {
    const cert = reduceObject<{ metadata: Record<string, unknown>; spec: unknown }>("Certificate", {
      metadata: { name: "web", namespace: "tls", managedFields, labels: { app: "web" } },
      spec: { secretName: "web-tls" },
    });
    expect(cert.metadata).toEqual({ name: "web", namespace: "tls", labels: { app: "web" } });
    expect(cert.spec).toEqual({ secretName: "web-tls" });
    const issuer = reduceObject<{ metadata: Record<string, unknown> }>("Issuer", {
      metadata: { name: "ca", namespace: "tls", managedFields },
    });
    expect(issuer.metadata).not.toHaveProperty("managedFields");
  });

  it("leaves objects without metadata alone", () => {
    expect(reduceObject("Issuer", { spec: {} })).toEqual({ spec: {} });
  });
});
