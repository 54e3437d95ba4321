import { describe, expect, it } from "vitest";
import { pageCluster, withPageCluster } from "./api-client";

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
