import { beforeAll, describe, expect, it } from "vitest";
import { parseCertificatesPemWithObjects } from "@/lib/x509/parse";
import { EKU, makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import {
  type AdoptSecret,
  durationOf,
  type IssuerCandidate,
  issuerAnnotationsMatch,
  proposeAdoption,
} from "./propose";

const DAY = 86_400_000;
let ca: TestCert;
let other: TestCert;
let leaf: TestCert;
const now = new Date();

beforeAll(async () => {
  ca = await makeRoot("CN=shop-ca");
  other = await makeRoot("CN=other-ca");
  leaf = await makeLeaf(ca, "CN=shop.example.test", {
    dnsNames: ["shop.example.test", "www.shop.example.test"],
    ipAddresses: ["10.0.0.7"],
    uris: ["spiffe://cluster.local/ns/shop/sa/web"],
    ekus: [EKU.server, EKU.client],
    key: { kind: "ec", curve: "P-256" },
    notBefore: new Date(now.getTime() - 10 * DAY),
    notAfter: new Date(now.getTime() + 80 * DAY),
  });
});

const parsed = (t: TestCert) => parseCertificatesPemWithObjects(t.pem)[0]!;
const secret = (extra: Partial<AdoptSecret> = {}): AdoptSecret => ({
  namespace: "shop",
  name: "web-tls",
  type: "kubernetes.io/tls",
  dataKeys: ["tls.crt", "tls.key"],
  annotations: {},
  chain: [parsed(leaf)],
  ...extra,
});
const issuers = (): IssuerCandidate[] => [
  { kind: "ClusterIssuer", name: "selfsigned", type: "selfSigned", ready: "True" },
  { kind: "Issuer", namespace: "shop", name: "other-ca", type: "ca", ready: "True", ca: parsed(other) },
  { kind: "Issuer", namespace: "shop", name: "shop-ca", type: "ca", ready: "True", ca: parsed(ca) },
  { kind: "ClusterIssuer", name: "letsencrypt", type: "acme", ready: "True" },
  { kind: "Issuer", namespace: "shop", name: "broken", type: "ca", ready: "False" },
];

describe("proposeAdoption", () => {
  it("copies names, key and lifetime from the certificate and picks the CA issuer whose CA signed it", () => {
    const p = proposeAdoption(secret(), issuers(), { now, takenNames: [] });
    expect(p.manifest.metadata).toEqual({
      name: "web-tls",
      namespace: "shop",
      labels: { "trustdeck.io/adopted": "true" },
    });
    expect(p.manifest.spec).toMatchObject({
      secretName: "web-tls",
      commonName: "shop.example.test",
      dnsNames: ["shop.example.test", "www.shop.example.test"],
      ipAddresses: ["10.0.0.7"],
      uris: ["spiffe://cluster.local/ns/shop/sa/web"],
      duration: "2160h",
      privateKey: { algorithm: "ECDSA", size: 256 },
      issuerRef: { name: "shop-ca", kind: "Issuer", group: "cert-manager.io" },
    });
    expect(p.manifest.spec.usages).toEqual(
      expect.arrayContaining(["digital signature", "server auth", "client auth"]),
    );
    expect(p.issuer).toMatchObject({ name: "shop-ca", signsCurrent: true, usable: true });
    expect(p.issuer?.reason).toContain('"CN=shop-ca" signed the certificate');
    // The other CA did not sign it; a not-Ready issuer and ACME (an IP SAN) cannot be used.
    expect(p.issuers.find((v) => v.name === "other-ca")?.signsCurrent).toBe(false);
    expect(p.issuers.find((v) => v.name === "broken")?.usable).toBe(false);
    expect(p.issuers.find((v) => v.name === "letsencrypt")).toMatchObject({ usable: false });
    expect(p.issuers.at(-1)?.usable).toBe(false);
  });

  it("keeps the current certificate until renewal when the Secret matches (cert-manager's trigger chain)", () => {
    const p = proposeAdoption(secret(), issuers(), { now, takenNames: [] });
    expect(p.outcome?.reissueNow).toBe(false);
    // Renewal at two thirds of the 90-day lifetime: 60 days after notBefore.
    expect(Date.parse(p.outcome?.renewalTime ?? "")).toBe(Date.parse(p.certificate.notBefore) + 60 * DAY);
  });

  it("re-issues at once for a ClusterIssuer: an unannotated Secret reads as a namespaced Issuer's", () => {
    const p = proposeAdoption(secret(), issuers(), {
      now,
      takenNames: [],
      choose: { kind: "ClusterIssuer", name: "selfsigned" },
    });
    expect(p.outcome).toMatchObject({ reissueNow: true, trigger: "IncorrectIssuer" });
  });

  it("re-issues at once when annotations name another issuer, tls.key is missing, or renewal time has passed", () => {
    expect(
      proposeAdoption(
        secret({
          annotations: { "cert-manager.io/issuer-name": "old", "cert-manager.io/issuer-kind": "Issuer" },
        }),
        issuers(),
        { now, takenNames: [] },
      ).outcome,
    ).toMatchObject({ reissueNow: true, trigger: "IncorrectIssuer" });
    expect(
      proposeAdoption(secret({ dataKeys: ["tls.crt"] }), issuers(), { now, takenNames: [] }).outcome,
    ).toMatchObject({
      reissueNow: true,
      trigger: "MissingData",
    });
    const late = new Date(now.getTime() + 70 * DAY);
    expect(proposeAdoption(secret(), issuers(), { now: late, takenNames: [] }).outcome).toMatchObject({
      reissueNow: true,
      trigger: "Renewing",
    });
  });

  it("does not take a Certificate name that exists, and says when no issuer can sign", () => {
    expect(
      proposeAdoption(secret(), issuers(), { now, takenNames: ["web-tls"] }).manifest.metadata.name,
    ).toBe("web-tls-adopted");
    const none = proposeAdoption(secret(), [], { now, takenNames: [] });
    expect(none.issuer).toBeUndefined();
    expect(none.warnings.join(" ")).toContain("No issuer can sign it");
  });

  it("matches issuer annotations as cert-manager's SecretIssuerAnnotationsMatch", () => {
    const ref = { name: "ca", kind: "Issuer", group: "cert-manager.io" };
    expect(issuerAnnotationsMatch({}, ref)).toBe(true);
    expect(issuerAnnotationsMatch({}, { ...ref, kind: "ClusterIssuer" })).toBe(false);
    expect(issuerAnnotationsMatch({ "cert-manager.io/issuer-name": "ca" }, ref)).toBe(true);
    expect(issuerAnnotationsMatch({ "cert-manager.io/issuer-kind": "Issuer" }, ref)).toBe(false);
  });

  it("states lifetimes in whole hours", () => {
    expect(durationOf({ notBefore: "2026-01-01T00:00:00Z", notAfter: "2026-01-02T00:29:00Z" } as never)).toBe(
      "24h",
    );
  });
});
