import { describe, expect, it } from "vitest";
import { pageCluster, withPageCluster, withQuery } from "./api-client";

const at = (url: string) => {
  const u = new URL(url, "http://127.0.0.1");
  return { pathname: u.pathname, search: u.search };
};

describe("the cluster of an object's page", () => {
  it("is the ?cluster= of a detail page, and nothing on list pages or without it", () => {
    expect(pageCluster(at("/certificates/tls/web?cluster=east"))).toBe("east");
    expect(pageCluster(at("/acme/orders/tls/web-1?cluster=east"))).toBe("east");
    expect(pageCluster(at("/certificates?cluster=east"))).toBeUndefined();
    expect(pageCluster(at("/certificates/tls/web"))).toBeUndefined();
  });

  it("is the ?cluster= of the gateway page too (one cluster's APISIX at a time)", () => {
    expect(pageCluster(at("/gateway?cluster=east"))).toBe("east");
    expect(withPageCluster("/api/apisix/routes", at("/gateway?cluster=east"))).toBe(
      "/api/apisix/routes?cluster=east",
    );
    expect(pageCluster(at("/gateway"))).toBeUndefined();
  });

  it("is added to API paths that name no cluster", () => {
    const page = at("/certificates/tls/web?cluster=east");
    expect(withPageCluster("/api/access?namespace=tls", page)).toBe("/api/access?namespace=tls&cluster=east");
    expect(withPageCluster("/api/certificates/tls/web", page)).toBe("/api/certificates/tls/web?cluster=east");
    // A path that names its cluster keeps it; non-API paths and list pages are left alone.
    expect(withPageCluster("/api/access?cluster=west", page)).toBe("/api/access?cluster=west");
    expect(withPageCluster("/certificates", page)).toBe("/certificates");
    expect(withPageCluster("/api/access", at("/certificates?cluster=east"))).toBe("/api/access");
  });
});

describe("withQuery", () => {
  it("starts the query with ? and adds to an existing one with &", () => {
    expect(withQuery("/api/access", { namespace: "tls", cluster: undefined })).toBe(
      "/api/access?namespace=tls",
    );
    // A path that already has a query (apiUrl.access(namespace)) plus the row's cluster.
    expect(withQuery("/api/access?namespace=tls", { cluster: "east" })).toBe(
      "/api/access?namespace=tls&cluster=east",
    );
    expect(withQuery("/api/access", {})).toBe("/api/access");
  });
});
