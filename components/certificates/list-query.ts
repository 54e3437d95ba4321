/**
 * The certificate list's state as the URL holds it (`?q=&namespace=&issuer=&state=&sort=&dir=&within=&cluster=`),
 * read the same way by the page on the server (its first screen of rows) and by the list in the
 * browser. Pure: no React, no server-only code.
 */
import { oneOf } from "@/components/ui/url-values";
import type { CertificateSort, CertificateStateFilter, SortDir } from "@/lib/client/types";
import { EXPIRY_WINDOWS, type ExpiryWindow } from "@/lib/inventory/expiry-window";
import type { CertificateRowIndex, RowQuery } from "@/lib/inventory/row-index";
import type { CertificateRow } from "@/lib/types";

export const STATE_FILTERS: { value: CertificateStateFilter; label: string }[] = [
  { value: "ready", label: "Ready" },
  { value: "not-ready", label: "Not ready" },
  { value: "issuing", label: "Issuing" },
  { value: "expired", label: "Expired" },
  { value: "critical", label: "Expiring < 7 days" },
  { value: "renewal-window", label: "In renewal window" },
  { value: "not-yet-valid", label: "Not yet valid" },
  { value: "overdue", label: "Renewal overdue" },
  { value: "mismatch", label: "Expiry mismatch" },
];
const SORTS: readonly CertificateSort[] = ["name", "namespace", "expires", "state", "issuer"];
const DIRS: readonly SortDir[] = ["asc", "desc"];

/** The list's filters and sort, as the URL gives them (unknown values dropped). */
export interface CertificateListState {
  q?: string;
  namespace?: string;
  issuer?: string;
  state?: CertificateStateFilter;
  sort?: CertificateSort;
  dir?: SortDir;
  /** `?within=7|30` (from the overview's expiry cards): only what expires within that many days. */
  within?: ExpiryWindow;
  /** `?cluster=`: only that fleet cluster's rows. */
  cluster?: string;
}

/** Reads the list state through `get` (a URL search param by name; empty counts as absent). */
export function certificateListState(get: (key: string) => string | undefined): CertificateListState {
  const text = (key: string) => get(key) || undefined;
  return {
    q: text("q"),
    namespace: text("namespace"),
    issuer: text("issuer"),
    state: oneOf(
      get("state"),
      STATE_FILTERS.map((s) => s.value),
    ),
    sort: oneOf(get("sort"), SORTS),
    dir: oneOf(get("dir"), DIRS),
    within: oneOf(get("within"), EXPIRY_WINDOWS),
    cluster: text("cluster"),
  };
}

/** The index query (`CertificateRowIndex.query`) of a list state, with `q` as typed right now. */
export function rowQueryOf(s: CertificateListState, q = s.q): RowQuery {
  return {
    q,
    namespace: s.namespace,
    issuer: s.issuer,
    state: s.state,
    sort: s.sort,
    dir: s.dir,
    within: s.within ? Number(s.within) : undefined,
    cluster: s.cluster,
  };
}

/** A key equal for two list states exactly when they ask for the same rows in the same order. */
export function listStateKey(s: CertificateListState): string {
  return JSON.stringify([s.q ?? "", s.namespace, s.issuer, s.state, s.sort, s.dir, s.within, s.cluster]);
}

/** How many rows the server renders into the page before the browser holds them all (a tall screen's worth, and some). */
export const FIRST_SCREEN_ROWS = 40;

/**
 * The first rows of the list for one list state, computed where every row is held (the server) and
 * sent with the page, so rows show before the browser has downloaded them all.
 */
export interface FirstScreen {
  /** `listStateKey` of the state these rows answer: the browser shows them only for that state. */
  key: string;
  /** The first `FIRST_SCREEN_ROWS` matching rows, in the list's order. */
  rows: CertificateRow[];
  /** How many rows match (all of them). */
  total: number;
  /** The namespace and issuer menus of the whole list. */
  namespaces: string[];
  issuers: string[];
}

/** The first screen of `index` for `state` (see `FirstScreen`): the index's own first `limit` rows. */
export function firstScreenOf(
  index: CertificateRowIndex,
  state: CertificateListState,
  limit = FIRST_SCREEN_ROWS,
): FirstScreen {
  const { items, total } = index.query(rowQueryOf(state), limit);
  return {
    key: listStateKey(state),
    rows: items,
    total,
    namespaces: index.namespaces,
    issuers: [...new Set(index.issuers.map((f) => f.name))],
  };
}
