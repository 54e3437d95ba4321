import { describe, expect, it } from "vitest";
import type { RawChallenge, RawOrder } from "@/lib/k8s/acme";
import { describeSolver, joinChallenges, matchesAcmeFilter, reshapeChallenge, reshapeOrder } from "./orders";

const issuerRef = { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" };

describe("reshapeOrder", () => {
  it("keeps the ACME state, identifiers, owner CertificateRequest and authorizations", () => {
    const raw: RawOrder = {
      metadata: {
        name: "web-1-123",
        namespace: "shop",
        creationTimestamp: "2026-11-30T10:00:00Z",
        ownerReferences: [
          { apiVersion: "cert-manager.io/v1", kind: "CertificateRequest", name: "web-1", uid: "u" },
        ],
      },
      spec: { issuerRef, dnsNames: ["shop.example", "*.shop.example"], commonName: "shop.example" },
      status: {
        state: "pending",
        url: "https://acme.example/order/1",
        authorizations: [{ identifier: "shop.example", wildcard: false, initialState: "pending" }],
      },
    };
    expect(reshapeOrder(raw)).toEqual({
      namespace: "shop",
      name: "web-1-123",
      state: "pending",
      issuerRef,
      dnsNames: ["shop.example", "*.shop.example"],
      commonName: "shop.example",
      certificateRequest: "web-1",
      url: "https://acme.example/order/1",
      authorizations: [{ identifier: "shop.example", wildcard: false, initialState: "pending", offered: [] }],
      createdAt: "2026-11-30T10:00:00Z",
    });
  });

  it("reads an order cert-manager has not sent yet: no state, Issuer kind defaulted", () => {
    const row = reshapeOrder({
      metadata: { name: "o", namespace: "n" },
      spec: { issuerRef: { name: "acme" } },
    });
    expect(row).toEqual({
      namespace: "n",
      name: "o",
      issuerRef: { name: "acme", kind: "Issuer", group: "cert-manager.io" },
      dnsNames: [],
      authorizations: [],
    });
  });
});

describe("reshapeChallenge", () => {
  it("shows type, domain, state and owner Order, never the key authorization or token", () => {
    const raw = {
      metadata: {
        name: "web-1-123-456",
        namespace: "shop",
        ownerReferences: [
          { apiVersion: "acme.cert-manager.io/v1", kind: "Order", name: "web-1-123", uid: "u" },
        ],
      },
      spec: {
        dnsName: "shop.example",
        type: "HTTP-01",
        issuerRef,
        key: "token.thumbprint-secret",
        token: "token-value",
      },
      status: {
        state: "pending",
        presented: true,
        processing: true,
        reason: "Waiting for HTTP-01 propagation",
      },
    } as RawChallenge;
    const row = reshapeChallenge(raw);
    expect(row).toEqual({
      namespace: "shop",
      name: "web-1-123-456",
      dnsName: "shop.example",
      type: "HTTP-01",
      wildcard: false,
      state: "pending",
      reason: "Waiting for HTTP-01 propagation",
      presented: true,
      processing: true,
      issuerRef,
      order: "web-1-123",
    });
    expect(JSON.stringify(row)).not.toMatch(/thumbprint|token-value/);
  });
});

describe("Order and Challenge links (issue 14.4)", () => {
  const order: RawOrder = {
    metadata: {
      name: "www-2-99",
      namespace: "acme",
      annotations: {
        "cert-manager.io/certificate-name": "www",
        "cert-manager.io/certificate-revision": "2",
      },
      ownerReferences: [
        { apiVersion: "cert-manager.io/v1", kind: "CertificateRequest", name: "www-2", uid: "u" },
      ],
    },
    spec: { issuerRef, dnsNames: ["www.example"] },
    status: {
      state: "valid",
      authorizations: [
        {
          identifier: "www.example",
          url: "https://acme.example/authz/7",
          challenges: [
            { type: "dns-01", url: "https://acme.example/chal/1" },
            { type: "http-01", url: "https://acme.example/chal/2" },
          ],
        },
      ],
    },
  };
  const challenge = {
    metadata: {
      name: "www-2-99-1",
      namespace: "acme",
      ownerReferences: [{ apiVersion: "acme.cert-manager.io/v1", kind: "Order", name: "www-2-99", uid: "o" }],
    },
    spec: {
      dnsName: "www.example",
      type: "DNS-01",
      issuerRef,
      authorizationURL: "https://acme.example/authz/7",
      url: "https://acme.example/chal/1",
      solver: { dns01: { rfc2136: { nameserver: "127.0.0.1:5353", tsigSecretSecretRef: { name: "t" } } } },
    },
    status: { state: "pending", presented: true, presentedAt: "2026-11-30T10:00:00Z" },
  } as RawChallenge;

  it("an Order names its Certificate and revision (annotations) and its CertificateRequest (owner)", () => {
    const row = reshapeOrder(order);
    expect(row).toMatchObject({ certificate: "www", revision: 2, certificateRequest: "www-2" });
    expect(row.authorizations).toEqual([
      { identifier: "www.example", url: "https://acme.example/authz/7", offered: ["dns-01", "http-01"] },
    ]);
  });

  it("a Challenge reaches its CertificateRequest and Certificate through its Order", () => {
    const [row] = joinChallenges([challenge], [reshapeOrder(order)]);
    expect(row).toMatchObject({
      order: "www-2-99",
      certificateRequest: "www-2",
      certificate: "www",
      authorizationURL: "https://acme.example/authz/7",
      url: "https://acme.example/chal/1",
      presentedAt: "2026-11-30T10:00:00Z",
      solver: "DNS-01 via RFC 2136 (127.0.0.1:5353)",
    });
    // an orphan Challenge (its Order gone) still lists, without the links it cannot know
    const [orphan] = joinChallenges([challenge], []);
    expect(orphan?.certificate).toBeUndefined();
    expect(orphan?.order).toBe("www-2-99");
  });

  it("filters by namespace, Certificate and CertificateRequest", () => {
    const row = reshapeOrder(order);
    expect(matchesAcmeFilter(row, { namespace: "acme", certificate: "www" })).toBe(true);
    expect(matchesAcmeFilter(row, { certificateRequest: "www-2" })).toBe(true);
    expect(matchesAcmeFilter(row, { certificate: "www", certificateRequest: "www-1" })).toBe(false);
    expect(matchesAcmeFilter(row, { namespace: "other" })).toBe(false);
    expect(matchesAcmeFilter(row, {})).toBe(true);
  });
});

describe("describeSolver", () => {
  it.each([
    [{ http01: { ingress: { ingressClassName: "nginx" } } }, "HTTP-01 via Ingress (class nginx)"],
    [{ http01: { ingress: { class: "traefik" } } }, "HTTP-01 via Ingress (class traefik)"],
    [{ http01: { ingress: { name: "shop" } } }, "HTTP-01 via Ingress (existing Ingress shop)"],
    [{ http01: { gatewayHTTPRoute: { parentRefs: [] } } }, "HTTP-01 via Gateway API HTTPRoute"],
    [{ dns01: { route53: { region: "eu-west-1" } } }, "DNS-01 via Route 53"],
    [{ dns01: { webhook: { solverName: "hetzner", groupName: "x" } } }, "DNS-01 via webhook (hetzner)"],
    [
      { dns01: { cloudflare: {} }, selector: { dnsZones: ["example.com"] } },
      "DNS-01 via Cloudflare for example.com",
    ],
    [{}, "unknown solver type"],
    [undefined, "no solver"],
  ])("%j → %s", (solver, words) => {
    expect(describeSolver(solver as Record<string, unknown> | undefined)).toBe(words);
  });

  it("never reads credentials", () => {
    const words = describeSolver({
      dns01: { rfc2136: { nameserver: "ns:53", tsigSecretSecretRef: { name: "tsig-secret-name" } } },
    });
    expect(words).not.toMatch(/tsig/);
  });
});
