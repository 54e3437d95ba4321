import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LAST_APPLIED_ANNOTATION, publicObject, publicSecret, toYaml } from "./manifest";

// A key made at test time (the repo never holds a PEM private key).
const keyPem = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

describe("publicObject", () => {
  it("drops managedFields and the last-applied annotation, keeps the rest", () => {
    const out = publicObject({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        name: "web",
        namespace: "tls",
        managedFields: [{ manager: "kubectl" }],
        annotations: { [LAST_APPLIED_ANNOTATION]: "{}", team: "edge" },
      },
      spec: { secretName: "web-tls", dnsNames: ["web.example.com"] },
    });
    const metadata = out.metadata as Record<string, unknown>;
    expect(metadata.managedFields).toBeUndefined();
    expect(metadata.annotations).toEqual({ team: "edge" });
    expect(out.spec).toEqual({ secretName: "web-tls", dnsNames: ["web.example.com"] });
  });

  it("scrubs a private key wherever it hides and keystore passwords read 'set'", () => {
    const out = publicObject({
      kind: "Certificate",
      metadata: { name: "x", annotations: { note: keyPem, [LAST_APPLIED_ANNOTATION]: keyPem } },
      spec: { keystores: { pkcs12: { create: true, password: "hunter2" } } },
    });
    const yaml = toYaml(out);
    expect(yaml).not.toContain("PRIVATE KEY");
    expect(yaml).not.toContain("hunter2");
  });
});

describe("publicSecret", () => {
  it("shows metadata, type and data key names, never a value", () => {
    const out = publicSecret({
      metadata: { name: "web-tls", namespace: "tls", labels: { a: "b" } },
      type: "kubernetes.io/tls",
      dataKeys: ["ca.crt", "tls.crt", "tls.key"],
    });
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "web-tls", namespace: "tls", labels: { a: "b" } },
      type: "kubernetes.io/tls",
      data: { "ca.crt": "[redacted]", "tls.crt": "[redacted]", "tls.key": "[redacted]" },
    });
    expect(toYaml(out)).toContain('tls.key: "[redacted]"');
  });
});
