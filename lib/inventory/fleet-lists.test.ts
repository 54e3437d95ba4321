import { describe, expect, it } from "vitest";
import { mergeLists } from "./fleet-lists";

describe("mergeLists", () => {
  it("tags items with their cluster, sums totals and facets, unites namespaces, names failures", () => {
    const merged = mergeLists(
      [
        {
          cluster: "west",
          value: {
            items: [{ name: "a" }],
            total: 1,
            namespaces: ["tls", "apps"],
            facets: { issuers: [{ name: "ca", kind: "ClusterIssuer", count: 1 }] },
          },
        },
        {
          cluster: "east",
          value: {
            items: [{ name: "a" }, { name: "b" }],
            total: 2,
            namespaces: ["tls", "east"],
            facets: { issuers: [{ name: "ca", kind: "ClusterIssuer", count: 2 }] },
          },
        },
      ],
      [{ cluster: "north", message: "connect ECONNREFUSED", status: 503 }],
    );
    expect(merged.items).toEqual([
      { name: "a", cluster: "west" },
      { name: "a", cluster: "east" },
      { name: "b", cluster: "east" },
    ]);
    expect(merged.total).toBe(3);
    expect(merged.namespaces).toEqual(["apps", "east", "tls"]);
    expect(merged.facets?.issuers).toEqual([{ name: "ca", kind: "ClusterIssuer", count: 3 }]);
    expect(merged.clusterErrors).toEqual([
      { cluster: "north", message: "connect ECONNREFUSED", status: 503 },
    ]);
  });
  it("leaves out clusterErrors when every cluster answered", () => {
    expect(mergeLists([{ cluster: "w", value: { items: [], total: 0 } }])).toEqual({ items: [], total: 0 });
  });
});
