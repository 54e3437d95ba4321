import { describe, expect, it } from "vitest";
import {
  apiVersionOf,
  collectionPath,
  KIND_LIST,
  KINDS,
  kindByResource,
  QUERY_AREAS,
  requiredGrants,
  staleQueryKeysOf,
  WATCHED_KINDS,
} from "./kinds";

describe("the kind table", () => {
  it("keys every row by its kind and names each kind once", () => {
    for (const [key, info] of Object.entries(KINDS)) expect(info.kind).toBe(key);
    const resources = KIND_LIST.map((k) => `${k.group}/${k.plural}`);
    expect(new Set(resources).size).toBe(resources.length);
  });

  it("watches the cert-manager, Secret, APISIX and ACME kinds, in the live status order", () => {
    expect(WATCHED_KINDS).toEqual([
      "Certificate",
      "CertificateRequest",
      "Issuer",
      "ClusterIssuer",
      "Secret",
      "ApisixTls",
      "ApisixRoute",
      "ApisixUpstream",
      "Order",
      "Challenge",
      "Bundle",
    ]);
  });

  it("grants list and watch on every watched kind, and names a query that goes stale", () => {
    for (const k of KIND_LIST.filter((k) => k.watched)) {
      expect(k.rbac[k.plural], k.kind).toEqual(expect.arrayContaining(["list", "watch"]));
      expect(k.staleQueryKeys.length, k.kind).toBeGreaterThan(0);
      for (const area of k.staleQueryKeys) expect(QUERY_AREAS).toContain(area);
    }
  });

  it("names the query areas a change makes stale (as the browser invalidated them before the table)", () => {
    expect(staleQueryKeysOf("Certificate")).toEqual(["certificates", "secrets", "trust", "overview"]);
    expect(staleQueryKeysOf("CertificateRequest")).toEqual(["requests", "certificates"]);
    expect(staleQueryKeysOf("ClusterIssuer")).toEqual(["issuers", "trust", "overview"]);
    expect(staleQueryKeysOf("Secret")).toEqual([
      "secrets",
      "certificates",
      "issuers",
      "trust",
      "gateway",
      "overview",
    ]);
    expect(staleQueryKeysOf("ApisixUpstream")).toEqual(["gateway", "trust"]);
    expect(staleQueryKeysOf("Order")).toEqual(["acme", "requests"]);
    expect(staleQueryKeysOf("NoSuchKind")).toEqual([]);
  });

  it("builds apiVersion and collection paths as the API server names them", () => {
    expect(apiVersionOf(KINDS.Certificate)).toBe("cert-manager.io/v1");
    expect(apiVersionOf(KINDS.Secret)).toBe("v1");
    expect(collectionPath(KINDS.Secret)).toBe("/api/v1/secrets");
    expect(collectionPath(KINDS.ApisixTls)).toBe("/apis/apisix.apache.org/v2/apisixtlses");
    expect(kindByResource("cert-manager.io", "clusterissuers")?.kind).toBe("ClusterIssuer");
    expect(kindByResource("", "secrets")?.fieldSelector).toBe("type=kubernetes.io/tls");
  });

  it("merges the verbs per group and resource, and drops watch when nothing watches", () => {
    const withWatch = requiredGrants({ withWatch: true });
    const certs = withWatch.find((g) => g.group === "cert-manager.io" && g.resource === "certificates");
    expect(certs?.verbs).toEqual(["get", "list", "watch"]);
    const noWatch = requiredGrants({ withWatch: false });
    for (const g of noWatch) expect(g.verbs).not.toContain("watch");
    expect(noWatch.find((g) => g.resource === "secrets")?.verbs).toEqual(["get", "list"]);
    // Secrets are never written.
    for (const g of withWatch.filter((g) => g.resource.startsWith("secrets"))) {
      expect(g.verbs.filter((v) => !["get", "list", "watch"].includes(v))).toEqual([]);
    }
  });
});
