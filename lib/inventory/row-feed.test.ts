import { describe, expect, it } from "vitest";
import { certificateRow } from "@/components/certificates/fixtures";
import { CERTIFICATE_STATES, type CertificateRow } from "@/lib/types";
import { CERTIFICATE_SORTS, certificateQuerySchema, queryCertificateRows } from "./certificates";
import { applyFeed, type FeedState, packRows, RowFeed, rowKey, unpackRows } from "./row-feed";
import { CertificateRowIndex } from "./row-index";

const LEVELS = ["ok", "renewal-window", "critical", "expired", "not-yet-valid"] as const;

/** A varied list: namespaces, issuers, states, expiries (some unknown), optional fields. */
function rows(n: number): CertificateRow[] {
  return Array.from({ length: n }, (_, i) =>
    certificateRow({
      namespace: `ns-${i % 7}`,
      name: `svc-${(i * 7919) % n}`,
      ready: i % 5 === 0 ? "False" : "True",
      issuing: i % 11 === 0,
      issuerRef: {
        name: `issuer-${i % 3}`,
        kind: i % 2 ? "Issuer" : "ClusterIssuer",
        group: "cert-manager.io",
      },
      secretName: `svc-${i}-tls`,
      commonName: i % 4 ? `svc-${i}.example.com` : undefined,
      dnsNames: i % 6 ? [`svc-${i}.example.com`, `alt-${i}.internal`] : [],
      notAfter: i % 13 ? new Date(Date.UTC(2027, 0, 1 + (i % 90))).toISOString() : undefined,
      statusNotAfter: i % 17 ? new Date(Date.UTC(2027, 0, 1 + (i % 45))).toISOString() : undefined,
      expiryLevel: LEVELS[i % LEVELS.length],
      renewalOverdue: i % 19 === 0,
      expiryMismatch: i % 23 === 0,
      daysLeft: i % 13 ? i % 90 : undefined,
      revision: i % 9 ? i % 4 : undefined,
      secretProblem: i % 13 ? undefined : "Secret ns/x does not exist",
      labels: i % 10 ? {} : { team: `t-${i % 3}` },
    }),
  );
}

describe("packRows / unpackRows", () => {
  it("round-trips every field, absent ones staying absent", () => {
    const list = rows(200);
    const back = unpackRows(JSON.parse(JSON.stringify(packRows(list))));
    expect(back).toEqual(list);
    expect(back.filter((r) => r.commonName === undefined).length).toBe(50);
    expect(back.every((r) => !("secretProblem" in r) || r.secretProblem)).toBe(true);
  });

  it("is smaller than the plain JSON rows", () => {
    const list = rows(2000);
    expect(JSON.stringify(packRows(list)).length).toBeLessThan(JSON.stringify(list).length / 2);
  });
});

describe("RowFeed + applyFeed", () => {
  const send = (feed: RowFeed, held?: FeedState) =>
    applyFeed(held, JSON.parse(JSON.stringify(feed.since(held?.version))));

  it("sends the whole list first, then only what changed, and ends where the server is", () => {
    const feed = new RowFeed("e1");
    let list = rows(300);
    feed.update(list);
    const first = feed.since();
    expect(first.full).toBe(true);
    let held = send(feed);
    expect(held.rows).toHaveLength(300);

    // Nothing changed: an empty delta.
    expect(feed.update(rows(300))).toBe(0);
    const none = feed.since(held.version);
    expect(none).toMatchObject({ full: false, removed: [], total: 300 });
    expect(none.rows.rows).toHaveLength(0);

    // One modified, one removed, two added.
    list = rows(300);
    list[5] = { ...(list[5] as CertificateRow), ready: "False", readyReason: "Failed" };
    const removed = list.splice(9, 1)[0] as CertificateRow;
    list.push(
      certificateRow({ namespace: "new", name: "a" }),
      certificateRow({ namespace: "new", name: "b" }),
    );
    expect(feed.update(list)).toBe(4);
    const delta = feed.since(held.version);
    expect(delta.full).toBe(false);
    expect(delta.removed).toEqual([rowKey(removed)]);
    expect(unpackRows(delta.rows).map(rowKey).sort()).toEqual(
      [rowKey(list[5] as CertificateRow), "new/a", "new/b"].sort(),
    );
    held = send(feed, held);
    const byKey = (xs: readonly CertificateRow[]) =>
      [...xs].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
    expect(byKey(held.rows)).toEqual(byKey(list));
  });

  it("answers a version of another epoch (a restarted server) or too old with the full list", () => {
    const feed = new RowFeed("e2");
    feed.update(rows(10));
    expect(feed.since("other.1").full).toBe(true);
    expect(feed.since("garbage").full).toBe(true);
    for (let k = 0; k < 1002; k++) feed.update(rows(10 + (k % 2)));
    expect(feed.since("e2.1").full).toBe(true);
    expect(feed.since(feed.currentVersion()).full).toBe(false);
  });

  it("refuses a delta that does not add up (the browser then asks for the full list)", () => {
    const feed = new RowFeed("e3");
    feed.update(rows(20));
    const held = send(feed);
    feed.update(rows(25));
    const dto = feed.since(held.version);
    expect(() => applyFeed({ ...held, rows: held.rows.slice(1) }, dto)).toThrow(/server counts 25/);
    expect(() => applyFeed(undefined, dto)).toThrow(/needs the list/);
  });
});

describe("CertificateRowIndex", () => {
  const list = rows(1500);
  const index = new CertificateRowIndex(list);
  const oracle = (over: Record<string, string>) =>
    queryCertificateRows(list, certificateQuerySchema.parse({ limit: 5000, ...over }));

  it("returns exactly what the server's query returns, for every sort, direction and filter", () => {
    const cases: Record<string, string>[] = [{}];
    for (const sort of CERTIFICATE_SORTS) for (const dir of ["asc", "desc"]) cases.push({ sort, dir });
    for (const state of CERTIFICATE_STATES) cases.push({ state, sort: "expires" });
    cases.push({ namespace: "ns-3" }, { issuer: "issuer-1", sort: "state", dir: "desc" });
    cases.push({ q: "ALT-12" }, { q: " svc-1 ", namespace: "ns-1", sort: "name" }, { q: "issuer-2" });
    for (const c of cases) {
      const want = oracle(c);
      const got = index.query(c as Parameters<CertificateRowIndex["query"]>[0]);
      expect(got.total, JSON.stringify(c)).toBe(want.total);
      expect(got.items.map(rowKey), JSON.stringify(c)).toEqual(want.items.map(rowKey));
    }
  });

  it("has the namespace and issuer menus of the whole list", () => {
    const want = oracle({});
    expect(index.namespaces).toEqual(want.namespaces);
    expect(index.issuers).toEqual(want.facets.issuers);
  });

  it("returns every row however many (no page limit)", () => {
    const big = new CertificateRowIndex(rows(12_000));
    expect(big.query({}).items).toHaveLength(12_000);
    expect(big.query({ sort: "expires", dir: "desc" }).total).toBe(12_000);
  });
});

describe("CertificateRowIndex: the page's own filters, limits and preparation", () => {
  const list = rows(900).map((r, i) => ({ ...r, cluster: i % 2 ? "east" : "west", daysLeft: i % 40 }));
  const index = new CertificateRowIndex(list);

  it("filters by cluster and by expiry window exactly as the rows say", () => {
    const east = index.query({ cluster: "east" });
    expect(east.total).toBe(list.filter((r) => r.cluster === "east").length);
    expect(east.items.every((r) => r.cluster === "east")).toBe(true);
    const within = index.query({ within: 7, sort: "expires" });
    const want = list.filter(
      (r) => r.expiryLevel !== "expired" && r.daysLeft !== undefined && r.daysLeft < 7,
    );
    expect(within.total).toBe(want.length);
    expect(new Set(within.items.map(rowKey))).toEqual(new Set(want.map(rowKey)));
  });

  it("with a limit returns the first rows of the full answer and still counts every match", () => {
    for (const q of [
      {},
      { sort: "expires" as const, dir: "desc" as const },
      { q: "svc-1", namespace: "ns-2" },
    ]) {
      const all = index.query(q);
      const first = index.query(q, 25);
      expect(first.total).toBe(all.total);
      expect(first.items.map(rowKey)).toEqual(all.items.slice(0, 25).map(rowKey));
    }
  });

  it("prepares every order and the search text ahead, without changing any answer", () => {
    const fresh = new CertificateRowIndex(list);
    const before = fresh.query({ sort: "state", dir: "desc" }).items.map(rowKey);
    let steps = 0;
    while (fresh.prepareNext()) steps++;
    // The namespace order is built with the index; expires, name, state, issuer and the search text remain.
    expect(steps).toBe(4);
    expect(fresh.prepareNext()).toBe(false);
    expect(fresh.query({ sort: "state", dir: "desc" }).items.map(rowKey)).toEqual(before);
    expect(fresh.query({ q: "ALT-12" }).items.map(rowKey)).toEqual(
      index.query({ q: "alt-12" }).items.map(rowKey),
    );
  });
});
