/**
 * The browser's query engine over every certificate row it holds (see `row-feed.ts`): the same
 * filters, text search and sorts as `queryCertificateRows` (the server's `GET /api/certificates`),
 * answered from an index built once per list so a filter, a search or a sort over 50,000 rows
 * applies in a few milliseconds. Pure and client-safe.
 */
import type { CertificateRow, CertificateState } from "@/lib/types";
import { type CertificateQuery, type IssuerFacet, rowHasState, stateRank } from "./certificates";
import { expiresWithin } from "./expiry-window";

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the list page asks: `CertificateQuery` without paging (every matching row is returned), plus
 * the page's own filters: `within` (days: only what expires within them, see `expiresWithin`) and
 * `cluster` (only that fleet cluster's rows).
 */
export type RowQuery = Partial<Omit<CertificateQuery, "limit" | "offset">> & {
  within?: number;
  cluster?: string;
};

/** Every sort the index keeps an order for. */
const SORT_KEYS = ["namespace", "expires", "name", "state", "issuer"] as const;
type SortKey = (typeof SORT_KEYS)[number];

export interface RowQueryResult {
  /** The matching rows, sorted: every one, or the first `limit` when `query` was given one. */
  items: CertificateRow[];
  /** How many rows match (all of them, whatever `limit` kept). */
  total: number;
}

/** Filters and sorts `rows` like `queryCertificateRows`, through an index built once (see the module doc). */
export class CertificateRowIndex {
  readonly rows: readonly CertificateRow[];
  /** Every namespace, sorted (for the menu). */
  readonly namespaces: string[];
  /** Rows per issuer, sorted by name then kind (for the menu). */
  readonly issuers: IssuerFacet[];
  private haystacks?: string[];
  private expiries?: Float64Array;
  private readonly orders = new Map<SortKey, Uint32Array>();
  /** Each row's place in namespace/name order: the tie-break of every sort. */
  private readonly base: Uint32Array;

  constructor(rows: readonly CertificateRow[]) {
    this.rows = rows;
    const n = rows.length;
    const byNsName = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const x = rows[a] as CertificateRow;
      const y = rows[b] as CertificateRow;
      return cmp(x.namespace, y.namespace) || cmp(x.name, y.name);
    });
    this.base = new Uint32Array(n);
    byNsName.forEach((row, rank) => {
      this.base[row] = rank;
    });
    this.orders.set("namespace", byNsName);
    this.namespaces = [...new Set(rows.map((r) => r.namespace))].sort();
    const facets = new Map<string, IssuerFacet>();
    for (const r of rows) {
      const key = `${r.issuerRef.kind}/${r.issuerRef.name}`;
      const f = facets.get(key);
      if (f) f.count++;
      else facets.set(key, { name: r.issuerRef.name, kind: r.issuerRef.kind, count: 1 });
    }
    this.issuers = [...facets.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.kind, b.kind));
  }

  /**
   * Each row's expiry in ms since the epoch (`expiresAt`: the Secret's, else cert-manager's status;
   * +Infinity unknown), each distinct timestamp string parsed once.
   */
  private expiry(): Float64Array {
    if (this.expiries) return this.expiries;
    const parsed = new Map<string, number>();
    this.expiries = Float64Array.from(this.rows, (r) => {
      const s = r.notAfter ?? r.statusNotAfter ?? "";
      let t = parsed.get(s);
      if (t === undefined) {
        t = Date.parse(s);
        if (Number.isNaN(t)) t = Number.POSITIVE_INFINITY;
        parsed.set(s, t);
      }
      return t;
    });
    return this.expiries;
  }

  /**
   * Builds one missing piece of the index (a sort order, the search text), so that the first
   * search or sort does not pay for it: call (one task at a time) until it returns false.
   */
  prepareNext(): boolean {
    for (const sort of SORT_KEYS) {
      if (!this.orders.has(sort)) {
        this.order(sort);
        return true;
      }
    }
    if (!this.haystacks) {
      this.haystack(0);
      return true;
    }
    return false;
  }

  /** Row indexes in ascending `sort` order (built on first use, then kept). */
  private order(sort: SortKey): Uint32Array {
    const hit = this.orders.get(sort);
    if (hit) return hit;
    const { rows, base } = this;
    const n = rows.length;
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    let keyOf: (i: number) => number;
    switch (sort) {
      case "expires": {
        const exp = this.expiry();
        keyOf = (i) => exp[i] as number;
        break;
      }
      case "state": {
        // Rank first, then expiry: one number per row keeps the comparison numeric.
        const rank = Uint8Array.from(rows, stateRank);
        const exp = this.expiry();
        idx.sort(
          (a, b) =>
            (rank[a] as number) - (rank[b] as number) ||
            cmpNum(exp[a] as number, exp[b] as number) ||
            (base[a] as number) - (base[b] as number),
        );
        this.orders.set(sort, idx);
        return idx;
      }
      case "name": {
        const byName = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
          const x = rows[a] as CertificateRow;
          const y = rows[b] as CertificateRow;
          return cmp(x.name, y.name) || cmp(x.namespace, y.namespace);
        });
        this.orders.set(sort, byName);
        return byName;
      }
      case "issuer": {
        const names = [...new Set(rows.map((r) => r.issuerRef.name))].sort(cmp);
        const rankOf = new Map(names.map((name, i) => [name, i]));
        const rank = Uint32Array.from(rows, (r) => rankOf.get(r.issuerRef.name) ?? 0);
        keyOf = (i) => rank[i] as number;
        break;
      }
      default:
        return this.order("namespace");
    }
    idx.sort((a, b) => cmpNum(keyOf(a), keyOf(b)) || (base[a] as number) - (base[b] as number));
    this.orders.set(sort, idx);
    return idx;
  }

  private haystack(i: number): string {
    this.haystacks ??= this.rows.map((r) =>
      [r.name, r.secretName, r.issuerRef.name, r.commonName ?? "", ...r.dnsNames]
        .join("\u0000")
        .toLowerCase(),
    );
    return this.haystacks[i] ?? "";
  }

  /**
   * The rows matching `q`, sorted by `q.sort` / `q.dir` (defaults: namespace, ascending). With
   * `limit`, only the first `limit` matching rows are returned (a first screen) while `total` still
   * counts every match.
   */
  query(q: RowQuery, limit = Number.POSITIVE_INFINITY): RowQueryResult {
    const text = q.q?.trim().toLowerCase();
    const state: CertificateState | undefined = q.state;
    const order = this.order(q.sort && SORT_KEYS.includes(q.sort) ? q.sort : "namespace");
    const within = q.within;
    const unfiltered = !text && !state && !q.namespace && !q.issuer && within === undefined && !q.cluster;
    const n = order.length;
    const desc = q.dir === "desc";
    if (unfiltered) {
      const items: CertificateRow[] = new Array(Math.min(n, limit));
      for (let k = 0; k < items.length; k++)
        items[k] = this.rows[order[desc ? n - 1 - k : k] as number] as CertificateRow;
      return { items, total: n };
    }
    const items: CertificateRow[] = [];
    let total = 0;
    for (let k = 0; k < n; k++) {
      const i = order[desc ? n - 1 - k : k] as number;
      const r = this.rows[i] as CertificateRow;
      if (q.namespace && r.namespace !== q.namespace) continue;
      if (q.issuer && r.issuerRef.name !== q.issuer) continue;
      if (q.cluster && r.cluster !== q.cluster) continue;
      if (state && !rowHasState(r, state)) continue;
      if (within !== undefined && !expiresWithin(r, within)) continue;
      if (text && !this.haystack(i).includes(text)) continue;
      if (total++ < limit) items.push(r);
    }
    return { items, total };
  }
}

/** Compares numbers with Infinity equal to itself (a plain subtraction gives NaN for Infinity - Infinity). */
function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
