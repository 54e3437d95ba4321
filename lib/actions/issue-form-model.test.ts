import { describe, expect, it } from "vitest";
import { fieldOf, formToInput, initialIssueForm } from "./issue-form-model";
import { issueProblems } from "./issue-schema";

const filled = {
  ...initialIssueForm,
  namespace: "tls",
  name: "api",
  issuer: "Issuer/ca-issuer",
  dnsNames: "api.example.com, *.api.example.com\nadmin",
};

describe("issue form model", () => {
  it("turns the form into a valid API body with the Secret name following the name", () => {
    const input = formToInput(filled);
    expect(input).toMatchObject({
      namespace: "tls",
      name: "api",
      secretName: "api-tls",
      issuerRef: { name: "ca-issuer", kind: "Issuer" },
      dnsNames: ["api.example.com", "*.api.example.com", "admin"],
      usages: ["digital signature", "key encipherment", "server auth"],
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
    });
    expect(issueProblems(input)).toEqual([]);
  });

  it("sends only the chosen renewBefore form, and no size for Ed25519", () => {
    const input = formToInput({
      ...filled,
      renewMode: "percentage",
      renewBefore: "24h",
      renewBeforePercentage: "25",
      algorithm: "Ed25519",
    });
    expect(input.renewBefore).toBeUndefined();
    expect(input.renewBeforePercentage).toBe(25);
    expect(input.privateKey?.size).toBeUndefined();
  });

  it("maps every issue path to the field that shows it", () => {
    const problems = issueProblems(
      formToInput({ ...filled, dnsNames: "ok.example.com bad_name", duration: "30m", issuer: "" }),
    );
    expect(problems.map((p) => fieldOf(p.path))).toEqual(
      expect.arrayContaining(["dnsNames", "duration", "issuer"]),
    );
    expect(fieldOf("privateKey.size")).toBe("size");
    expect(fieldOf("renewBeforePercentage")).toBe("renew");
  });
});
