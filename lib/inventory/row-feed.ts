/**
 * The certificate list as a feed: the server keeps the last list it sent (per context and person)
 * and answers `?since=<version>` with only the rows that changed and the keys that went away; the
 * browser keeps every row, applies those deltas, and filters, sorts and searches locally. Rows
 * travel packed (`packRows`): one array per row in a fixed field order, every string interned in
 * one table, so 50,000 rows are a few MB instead of tens.
 *
 * Pure and client-safe: the server side (`RowFeed`) and the browser side (`applyFeed`) share it.
 */
import type { CertificateRow } from "@/lib/types";

/** The key of a row: `namespace/name`, prefixed by `cluster:` when the row names its cluster. */
export function rowKey(row: Pick<CertificateRow, "namespace" | "name" | "cluster">): string {
  return row.cluster ? `${row.cluster}:${row.namespace}/${row.name}` : `${row.namespace}/${row.name}`;
}

// ------------------------------------------------------------------------------------------------
// packing

/** How a field travels: `s` an interned string, `j` an interned JSON value, `b` 0/1, `v` as is. */
type FieldCodec = "s" | "j" | "b" | "v";

/** The field order of a packed row. Append only (a browser holding an older bundle decodes by this list). */
const FIELDS: readonly (readonly [keyof CertificateRow, FieldCodec])[] = [
  ["namespace", "s"],
  ["name", "s"],
  ["ready", "s"],
  ["readyReason", "s"],
  ["readyMessage", "s"],
  ["issuing", "b"],
  ["issuerRef", "j"],
  ["secretName", "s"],
  ["commonName", "s"],
  ["dnsNames", "v"],
  ["isCA", "b"],
  ["notBefore", "s"],
  ["statusNotAfter", "s"],
  ["notAfter", "s"],
  ["expiryMismatch", "b"],
  ["renewalTime", "s"],
  ["renewalOverdue", "b"],
  ["revision", "v"],
  ["daysLeft", "v"],
  ["expiryLevel", "s"],
  ["secretProblem", "s"],
  ["labels", "j"],
  ["cluster", "s"],
];

/** Rows packed for the wire: `rows[i][f]` is field `FIELDS[f]`; strings are indexes into `strings` (-1 = absent). */
export interface PackedRows {
  strings: string[];
  rows: unknown[][];
}

/** Packs rows (see `PackedRows`). */
export function packRows(rows: readonly CertificateRow[]): PackedRows {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const packed = rows.map((row) =>
    FIELDS.map(([key, codec]) => {
      const v = row[key];
      if (v === undefined) return codec === "v" ? null : -1;
      switch (codec) {
        case "s":
          return intern(v as string);
        case "j":
          return intern(JSON.stringify(v));
        case "b":
          return v ? 1 : 0;
        default:
          return v;
      }
    }),
  );
  return { strings, rows: packed };
}

/** Unpacks `packRows`' output into rows. @throws Error when a row references a string that is not there. */
export function unpackRows(packed: PackedRows): CertificateRow[] {
  const { strings } = packed;
  const parsedJson = new Map<number, unknown>();
  const str = (i: number): string => {
    const s = strings[i];
    if (s === undefined) throw new Error(`packed row references string ${i} of ${strings.length}`);
    return s;
  };
  return packed.rows.map((cells) => {
    const row: Record<string, unknown> = {};
    FIELDS.forEach(([key, codec], f) => {
      const c = cells[f];
      if (c === undefined || c === null || c === -1) {
        if (codec === "b") row[key] = false;
        return;
      }
      switch (codec) {
        case "s":
          row[key] = str(c as number);
          break;
        case "j": {
          const i = c as number;
          if (!parsedJson.has(i)) parsedJson.set(i, JSON.parse(str(i)));
          // Objects are shared between rows; nothing mutates a row.
          row[key] = parsedJson.get(i);
          break;
        }
        case "b":
          row[key] = c === 1;
          break;
        case "v":
          row[key] = c;
          break;
      }
    });
    return row as unknown as CertificateRow;
  });
}

// ------------------------------------------------------------------------------------------------
// the feed

/** `GET /api/certificates/feed`: every row (`full`) or the change since the version the browser holds. */
export interface CertificateFeedDto {
  /** `<epoch>.<n>`: pass back as `?since=` for the next delta. */
  version: string;
  /** True: `rows` is the whole list (replace what you hold); false: a delta. */
  full: boolean;
  /** Rows added or changed (all rows when `full`). */
  rows: PackedRows;
  /** Keys (`namespace/name`) of rows gone since `since`. */
  removed: string[];
  /** How many rows the list holds after applying this answer. */
  total: number;
  /** Merged fleet feeds: the clusters left out (unreachable, forbidden, too slow) and why. */
  clusterErrors?: { cluster: string; message: string; status: number }[];
}

/** How many versions of removals a feed remembers; a browser further behind gets the full list. */
const TOMBSTONE_VERSIONS = 1000;

/**
 * The server's side of the feed: holds the rows it last saw (with the version each last changed
 * in) and answers deltas. `update` diffs a fresh list against them by a fingerprint of each row.
 */
export class RowFeed {
  /** Distinguishes feeds across restarts and evictions: a version from another epoch gets the full list. */
  readonly epoch: string;
  private version = 0;
  private rows = new Map<string, { row: CertificateRow; fp: string; v: number }>();
  private tombstones = new Map<string, number>();
  /** The oldest version deltas can be computed from. */
  private floor = 0;

  constructor(epoch = Math.random().toString(36).slice(2, 10)) {
    this.epoch = epoch;
  }

  /** Replaces the feed's rows with `rows`; rows whose content changed get the next version. Returns how many changed. */
  update(rows: readonly CertificateRow[]): number {
    const next = this.version + 1;
    let changed = 0;
    const seen = new Set<string>();
    for (const row of rows) {
      const key = rowKey(row);
      seen.add(key);
      const fp = JSON.stringify(row);
      const old = this.rows.get(key);
      if (old && old.fp === fp) continue;
      this.rows.set(key, { row, fp, v: next });
      this.tombstones.delete(key);
      changed++;
    }
    for (const key of this.rows.keys()) {
      if (seen.has(key)) continue;
      this.rows.delete(key);
      this.tombstones.set(key, next);
      changed++;
    }
    if (changed) {
      this.version = next;
      if (next - this.floor > TOMBSTONE_VERSIONS) {
        this.floor = next - TOMBSTONE_VERSIONS;
        for (const [k, v] of this.tombstones) if (v <= this.floor) this.tombstones.delete(k);
      }
    }
    return changed;
  }

  /** The current version token. */
  currentVersion(): string {
    return `${this.epoch}.${this.version}`;
  }

  /** Every row held, in the order the full list sends them. */
  allRows(): CertificateRow[] {
    return Array.from(this.rows.values(), (e) => e.row);
  }

  /** Number of rows held. */
  size(): number {
    return this.rows.size;
  }

  /** Whether a browser holding `since` can be answered with a delta (else it gets the full list). */
  canDelta(since?: string): boolean {
    const [epoch, n] = (since ?? "").split(".");
    const from = Number(n);
    return epoch === this.epoch && Number.isInteger(from) && from >= this.floor && from <= this.version;
  }

  /**
   * The answer for a browser holding `since` (undefined = nothing): a delta when `since` is of this
   * epoch and not older than the remembered removals, else the full list.
   */
  since(since?: string): CertificateFeedDto {
    const delta = this.canDelta(since);
    const from = delta ? Number((since ?? "").split(".")[1]) : 0;
    const out: CertificateRow[] = [];
    for (const e of this.rows.values()) if (!delta || e.v > from) out.push(e.row);
    const removed: string[] = [];
    if (delta) for (const [k, v] of this.tombstones) if (v > from) removed.push(k);
    return {
      version: this.currentVersion(),
      full: !delta,
      rows: packRows(out),
      removed,
      total: this.rows.size,
    };
  }
}

/** What the browser holds: every row by key, in the order the server first sent them. */
export interface FeedState {
  version: string;
  rows: CertificateRow[];
}

/**
 * Applies a feed answer to what the browser holds (pure: returns a new state, or `prev` itself when
 * nothing changed). @throws Error when a delta does not add up to the `total` the server counted
 * (the caller then asks for the full list).
 */
export function applyFeed(prev: FeedState | undefined, dto: CertificateFeedDto): FeedState {
  const upserts = unpackRows(dto.rows);
  if (dto.full || !prev) {
    if (!dto.full) throw new Error("a delta needs the list it applies to");
    return { version: dto.version, rows: upserts };
  }
  if (upserts.length === 0 && dto.removed.length === 0) {
    return prev.version === dto.version ? prev : { version: dto.version, rows: prev.rows };
  }
  const gone = new Set(dto.removed);
  const changed = new Map(upserts.map((r) => [rowKey(r), r]));
  const rows: CertificateRow[] = [];
  for (const r of prev.rows) {
    const key = rowKey(r);
    if (gone.has(key)) continue;
    const c = changed.get(key);
    if (c) {
      rows.push(c);
      changed.delete(key);
    } else rows.push(r);
  }
  for (const r of changed.values()) rows.push(r);
  if (rows.length !== dto.total) {
    throw new Error(`the delta gives ${rows.length} rows, the server counts ${dto.total}`);
  }
  return { version: dto.version, rows };
}
