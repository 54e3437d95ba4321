/**
 * The browser's query engine over every certificate row it holds (see `row-feed.ts`): the same
 * filters, text search and sorts as `queryCertificateRows` (the server's `GET /api/certificates`),
 * answered from an index built once per list so a filter, a search or a sort over 50,000 rows
 * applies in a few milliseconds. Pure and client-safe.
 */
import type { CertificateRow, CertificateState } from "@/lib/types";
import { type CertificateQuery, expiresAt, type IssuerFacet, rowHasState, stateRank } from "./certificates";

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the list page asks: `CertificateQuery` without paging (every matching row is returned). */
export type RowQuery = Partial<Omit<CertificateQuery, "limit" | "offset">>;

export interface RowQueryResult {
  /** Every matching row, sorted. */
  items: CertificateRow[];
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
  private readonly orders = new Map<NonNullable<RowQuery["sort"]>, Uint32Array>();
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

  /** Row indexes in ascending `sort` order (built on first use, then kept). */
  private order(sort: NonNullable<RowQuery["sort"]>): Uint32Array {
    const hit = this.orders.get(sort);
    if (hit) return hit;
    const { rows, base } = this;
    const n = rows.length;
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    let keyOf: (i: number) => number;
    switch (sort) {
      case "expires": {
        const exp = Float64Array.from(rows, expiresAt);
        keyOf = (i) => exp[i] as number;
        break;
      }
      case "state": {
        // Rank first, then expiry: one number per row keeps the comparison numeric.
        const rank = Uint8Array.from(rows, stateRank);
        const exp = Float64Array.from(rows, expiresAt);
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
    return this.haystacks[i] as string;
  }

  /** The rows matching `q`, sorted by `q.sort` / `q.dir` (defaults: namespace, ascending). */
  query(q: RowQuery): RowQueryResult {
    const text = q.q?.trim().toLowerCase();
    const state: CertificateState | undefined = q.state;
    const order = this.order(q.sort ?? "namespace");
    const items: CertificateRow[] = [];
    const n = order.length;
    const desc = q.dir === "desc";
    for (let k = 0; k < n; k++) {
      const i = order[desc ? n - 1 - k : k] as number;
      const r = this.rows[i] as CertificateRow;
      if (q.namespace && r.namespace !== q.namespace) continue;
      if (q.issuer && r.issuerRef.name !== q.issuer) continue;
      if (state && !rowHasState(r, state)) continue;
      if (text && !this.haystack(i).includes(text)) continue;
      items.push(r);
    }
    return { items, total: items.length };
  }
}

/** Compares numbers with Infinity equal to itself (a plain subtraction gives NaN for Infinity - Infinity). */
function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
