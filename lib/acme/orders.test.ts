import { describe, expect, it } from "vitest";
import type { RawChallenge, RawOrder } from "@/lib/k8s/acme";
import { reshapeChallenge, reshapeOrder } from "./orders";

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
      authorizations: [{ identifier: "shop.example", wildcard: false, initialState: "pending" }],
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
