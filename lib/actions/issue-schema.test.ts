import { describe, expect, it } from "vitest";
import { type IssueInputRaw, issueInputSchema, issueProblems } from "./issue-schema";

const valid: IssueInputRaw = {
  namespace: "tls",
  name: "api-server",
  secretName: "api-server-tls",
  issuerRef: { name: "ca-issuer", kind: "Issuer" },
  dnsNames: ["api.example.com"],
};

function problemsFor(patch: Record<string, unknown>) {
  return issueProblems({ ...valid, ...patch });
}

function pathsOf(patch: Record<string, unknown>) {
  return problemsFor(patch).map((p) => p.path);
}

describe("issueInputSchema", () => {
  it("accepts a minimal certificate and applies cert-manager's key defaults", () => {
    const v = issueInputSchema.parse(valid);
    expect(v.privateKey).toEqual({ algorithm: "RSA", encoding: "PKCS1", rotationPolicy: "Always" });
    expect(v.ipAddresses).toEqual([]);
  });

  it.each([
    [{ name: "Bad_Name" }, "name"],
    [{ namespace: "tls.example" }, "namespace"],
    [{ secretName: "" }, "secretName"],
    [{ issuerRef: { name: "", kind: "Issuer" } }, "issuerRef.name"],
    [{ issuerRef: { name: "x", kind: "Signer" } }, "issuerRef.kind"],
    [{ dnsNames: ["ok.example.com", "bad_name.example.com"] }, "dnsNames.1"],
    [{ dnsNames: ["a.example.com", "a.example.com"] }, "dnsNames.1"],
    [{ ipAddresses: ["300.1.1.1"] }, "ipAddresses.0"],
    [{ uris: ["not a uri"] }, "uris.0"],
    [{ emailAddresses: ["Name <a@b.c>"] }, "emailAddresses.0"],
    [{ duration: "30m" }, "duration"],
    [{ duration: "90 days" }, "duration"],
    [{ renewBefore: "1m" }, "renewBefore"],
    [{ duration: "2h", renewBefore: "2h" }, "renewBefore"],
    [{ renewBefore: "24h", renewBeforePercentage: 20 }, "renewBeforePercentage"],
    [{ renewBeforePercentage: 100 }, "renewBeforePercentage"],
    [{ renewBeforePercentage: 0 }, "renewBeforePercentage"],
    [{ privateKey: { algorithm: "RSA", size: 1024 } }, "privateKey.size"],
    [{ privateKey: { algorithm: "ECDSA", size: 2048 } }, "privateKey.size"],
    [{ privateKey: { algorithm: "Ed25519", size: 256 } }, "privateKey.size"],
    [{ privateKey: { algorithm: "DSA" } }, "privateKey.algorithm"],
    [{ usages: ["server auth", "world domination"] }, "usages.1"],
    [{ commonName: "x".repeat(65) }, "commonName"],
    [{ extra: true }, "(root)"],
  ])("%j is refused naming %s", (patch, path) => {
    const problems = problemsFor(patch);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)?.message).toBeTruthy();
  });

  it("names both fields when both renewBefore forms are set", () => {
    expect(pathsOf({ renewBefore: "24h", renewBeforePercentage: 20 })).toEqual(
      expect.arrayContaining(["renewBefore", "renewBeforePercentage"]),
    );
  });

  it("requires at least one subject or SAN", () => {
    const problems = problemsFor({ dnsNames: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/at least one of commonName, dnsNames/);
    expect(problemsFor({ dnsNames: [], emailAddresses: ["curl@localhost.dev"] })).toEqual([]);
  });

  it("reports field and cross-field problems together (the form shows them all at once)", () => {
    expect(pathsOf({ dnsNames: ["bad_name"], duration: "30m", name: "UPPER" })).toEqual(
      expect.arrayContaining(["name", "dnsNames.0", "duration"]),
    );
  });

  it("accepts the edges cert-manager accepts", () => {
    expect(problemsFor({ duration: "1h", renewBefore: "5m" })).toEqual([]);
    expect(problemsFor({ dnsNames: ["*.example.com"], ipAddresses: ["10.0.0.1", "::1"] })).toEqual([]);
    expect(
      problemsFor({ privateKey: { algorithm: "Ed25519", encoding: "PKCS8", rotationPolicy: "Never" } }),
    ).toEqual([]);
    expect(problemsFor({ privateKey: { algorithm: "ECDSA", size: 384 } })).toEqual([]);
    expect(problemsFor({ renewBeforePercentage: 25 })).toEqual([]);
  });

  it("refuses a renewBefore that reaches the duration with the duration named", () => {
    const [p] = problemsFor({ duration: "2h", renewBefore: "3h" });
    expect(p).toEqual({
      path: "renewBefore",
      message: expect.stringMatching(/less than the duration \(2h\)/),
    });
  });
});
