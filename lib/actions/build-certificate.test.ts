import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCertificate, toYaml } from "./build-certificate";
import { issueInputSchema, USAGE_PRESETS } from "./issue-schema";

describe("buildCertificate", () => {
  it("builds the exact Certificate, leaving out empty lists and unset options", () => {
    const input = issueInputSchema.parse({
      namespace: "tls",
      name: "etcd-server",
      secretName: "etcd-secret",
      issuerRef: { name: "ca-issuer", kind: "Issuer" },
      dnsNames: ["etcd"],
      usages: [...USAGE_PRESETS["server+client"]],
      duration: "720h",
      renewBefore: "240h",
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
    });
    expect(buildCertificate(input)).toEqual({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "etcd-server", namespace: "tls" },
      spec: {
        secretName: "etcd-secret",
        issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
        dnsNames: ["etcd"],
        duration: "720h",
        renewBefore: "240h",
        usages: ["digital signature", "key encipherment", "server auth", "client auth"],
        privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
      },
    });
  });

  it("writes isCA only when true, keeps an external issuer group, and drops the size of Ed25519", () => {
    const input = issueInputSchema.parse({
      namespace: "tls",
      name: "root",
      secretName: "root",
      commonName: "root",
      isCA: true,
      issuerRef: { name: "signer", kind: "ClusterIssuer", group: "issuers.example.com" },
      privateKey: { algorithm: "Ed25519", encoding: "PKCS8", rotationPolicy: "Never" },
    });
    const spec = buildCertificate(input).spec;
    expect(spec.isCA).toBe(true);
    expect(spec.issuerRef.group).toBe("issuers.example.com");
    expect(spec.privateKey).toEqual({ algorithm: "Ed25519", encoding: "PKCS8", rotationPolicy: "Never" });
    expect("dnsNames" in spec).toBe(false);
    expect("usages" in spec).toBe(false);
  });

  it("round-trips through the YAML preview", () => {
    const obj = buildCertificate(
      issueInputSchema.parse({
        namespace: "tls",
        name: "c",
        secretName: "c",
        issuerRef: { name: "ca", kind: "Issuer" },
        emailAddresses: ["curl@localhost.dev"],
      }),
    );
    const text = toYaml(obj);
    expect(text).toMatch(/^apiVersion: cert-manager.io\/v1\nkind: Certificate\n/);
    expect(text).not.toContain("undefined");
    expect(parse(text)).toEqual(obj);
  });
});
