import { describe, expect, it } from "vitest";
import { reduceObject } from "@/lib/k8s/kind-reducers";
import { keystoreSpecWithoutPasswords, PASSWORD_SET, withoutKeystorePasswords } from "./keystore";

const certificate = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  metadata: { name: "web", namespace: "tls" },
  spec: {
    secretName: "web-tls",
    keystores: {
      pkcs12: { create: true, password: "pkcs12-hunter2", passwordSecretRef: { name: "p", key: "k" } },
      jks: { create: true, password: "jks-hunter2" },
    },
  },
};

describe("keystore passwords never leave the server", () => {
  it("reads 'set' for both passwords and keeps everything else", () => {
    const out = withoutKeystorePasswords(certificate);
    const json = JSON.stringify(out);
    expect(json).not.toContain("hunter2");
    expect(out.spec.keystores.pkcs12).toEqual({
      create: true,
      password: PASSWORD_SET,
      passwordSecretRef: { name: "p", key: "k" },
    });
    expect(out.spec.keystores.jks).toEqual({ create: true, password: PASSWORD_SET });
    expect(certificate.spec.keystores.jks.password).toBe("jks-hunter2"); // the input is not changed
    expect(JSON.stringify(keystoreSpecWithoutPasswords(certificate.spec))).not.toContain("hunter2");
  });

  it("leaves specs without keystore passwords as they are", () => {
    const plain = { spec: { secretName: "x", keystores: { pkcs12: { create: true } } } };
    expect(withoutKeystorePasswords(plain)).toBe(plain);
    expect(keystoreSpecWithoutPasswords(undefined)).toBeUndefined();
  });

  it("the kind table's Certificate reducer (watch cache) drops them too", () => {
    expect(JSON.stringify(reduceObject("Certificate", certificate))).not.toContain("hunter2");
  });
});
