import { describe, expect, it } from "vitest";
import { certificateRow } from "@/components/certificates/fixtures";
import { rowKey } from "@/lib/inventory/row-feed";
import { CertificateRowIndex } from "@/lib/inventory/row-index";
import {
  certificateListState,
  FIRST_SCREEN_ROWS,
  firstScreenOf,
  listStateKey,
  rowQueryOf,
} from "./list-query";

const rows = Array.from({ length: 300 }, (_, i) =>
  certificateRow({
    namespace: `ns-${i % 4}`,
    name: `svc-${i}`,
    issuerRef: { name: `issuer-${i % 3}`, kind: "ClusterIssuer", group: "cert-manager.io" },
    notAfter: new Date(Date.UTC(2027, 0, 1 + ((i * 37) % 200))).toISOString(),
    daysLeft: (i * 37) % 200,
    expiryLevel: "ok",
  }),
);
const index = new CertificateRowIndex(rows);
const urlOf = (query: string) => {
  const p = new URLSearchParams(query);
  return certificateListState((k) => p.get(k) ?? undefined);
};

describe("certificateListState", () => {
  it("reads the URL's filters and sort, dropping unknown values and empty ones", () => {
    expect(urlOf("q=svc&namespace=ns-1&state=ready&sort=expires&dir=desc&within=7&cluster=east")).toEqual({
      q: "svc",
      namespace: "ns-1",
      issuer: undefined,
      state: "ready",
      sort: "expires",
      dir: "desc",
      within: "7",
      cluster: "east",
    });
    expect(urlOf("state=bogus&sort=size&dir=up&within=9&q=")).toEqual(urlOf(""));
    expect(rowQueryOf(urlOf("within=30"), "typed").within).toBe(30);
    expect(rowQueryOf(urlOf("q=svc"), "typed").q).toBe("typed");
  });

  it("keys two states equal exactly when they ask for the same rows", () => {
    expect(listStateKey(urlOf("namespace=ns-1&sort=name"))).toBe(
      listStateKey(urlOf("sort=name&namespace=ns-1")),
    );
    expect(listStateKey(urlOf("sort=name"))).not.toBe(listStateKey(urlOf("sort=name&dir=desc")));
  });
});

describe("firstScreenOf", () => {
  it("is the index's own first rows for the same URL, with the honest total and the whole menus", () => {
    for (const query of [
      "",
      "sort=expires",
      "sort=expires&dir=desc",
      "namespace=ns-2&q=svc-1",
      "issuer=issuer-1&within=30",
    ]) {
      const state = urlOf(query);
      const all = index.query(rowQueryOf(state));
      const first = firstScreenOf(index, state);
      expect(first.key).toBe(listStateKey(state));
      expect(first.total, query).toBe(all.total);
      expect(first.rows.map(rowKey), query).toEqual(all.items.slice(0, FIRST_SCREEN_ROWS).map(rowKey));
      expect(first.namespaces).toEqual(["ns-0", "ns-1", "ns-2", "ns-3"]);
      expect(first.issuers).toEqual(["issuer-0", "issuer-1", "issuer-2"]);
    }
    expect(firstScreenOf(index, urlOf("")).rows).toHaveLength(FIRST_SCREEN_ROWS);
    expect(firstScreenOf(index, urlOf("namespace=nowhere"))).toMatchObject({ rows: [], total: 0 });
  });
});
