import { z } from "zod";
import { dns1123Label } from "@/lib/http/params";
import type { RawCertificate } from "@/lib/k8s/certificates";
import {
  CERTIFICATE_STATES,
  type CertificateRow,
  type CertificateState,
  type ListResponse,
  type ObjectRef,
} from "@/lib/types";
import { conditionStatus, findCondition } from "./conditions";
import { daysLeft, expiryLevel } from "./expiry";
import type { ParsedSecret, SecretSummary } from "./secret-certs";

/** What is known about a Secret: its content (`T`), absent, or unreadable (e.g. forbidden). */
export type SecretLookupOf<T> =
  | ({ kind: "found" } & T)
  | { kind: "missing" }
  | { kind: "unreadable"; problem: string };

/** A Certificate's Secret as a list row needs it (see `summarizeSecretFacts`). */
export type SecretLookup = SecretLookupOf<{ summary: SecretSummary }>;
/** A Secret fully parsed (issuer CA, detail page). */
export type ParsedSecretLookup = SecretLookupOf<{ parsed: ParsedSecret }>;

/** `status.notAfter` and the Secret's notAfter may differ by this much before it counts as a mismatch. */
const MISMATCH_TOLERANCE_MS = 1000;

/** `issuerRef` with cert-manager's defaults filled in. */
export function issuerRefOf(ref: { name: string; kind?: string; group?: string }): ObjectRef {
  return { name: ref.name, kind: ref.kind || "Issuer", group: ref.group || "cert-manager.io" };
}

/**
 * Builds the list row of a Certificate. Expiry comes from the Secret's leaf certificate when the
 * Secret is readable, else from `status.notAfter` (and `secretProblem` says why). Pure: pass `now`.
 */
export function reshapeCertificate(raw: RawCertificate, secret: SecretLookup, now: Date): CertificateRow {
  const ns = raw.metadata.namespace ?? "";
  const status = raw.status ?? {};
  const ready = findCondition(status.conditions, "Ready");
  const leaf = secret.kind === "found" ? secret.summary.leaf : undefined;

  let secretProblem: string | undefined;
  if (secret.kind === "missing") secretProblem = `Secret ${ns}/${raw.spec.secretName} does not exist`;
  else if (secret.kind === "unreadable") secretProblem = secret.problem;
  else if (!leaf) secretProblem = secret.summary.problem ?? "the Secret holds no certificate";

  const notAfter = leaf?.notAfter;
  const effectiveNotAfter = notAfter ?? status.notAfter;
  const notBefore = leaf?.notBefore ?? status.notBefore;
  const expiryMismatch =
    !!notAfter &&
    !!status.notAfter &&
    Math.abs(Date.parse(notAfter) - Date.parse(status.notAfter)) > MISMATCH_TOLERANCE_MS;
  const renewalOverdue = !!status.renewalTime && now.getTime() > Date.parse(status.renewalTime);

  return {
    namespace: ns,
    name: raw.metadata.name,
    ready: conditionStatus(status.conditions, "Ready"),
    readyReason: ready?.reason,
    readyMessage: ready?.message,
    issuing: conditionStatus(status.conditions, "Issuing") === "True",
    issuerRef: issuerRefOf(raw.spec.issuerRef),
    secretName: raw.spec.secretName,
    commonName: raw.spec.commonName ?? leaf?.commonName,
    dnsNames: raw.spec.dnsNames ?? [],
    isCA: raw.spec.isCA === true,
    notBefore,
    statusNotAfter: status.notAfter,
    notAfter,
    expiryMismatch,
    renewalTime: status.renewalTime,
    renewalOverdue,
    revision: status.revision,
    daysLeft: effectiveNotAfter ? daysLeft(effectiveNotAfter, now) : undefined,
    expiryLevel: expiryLevel({
      notBefore,
      notAfter: effectiveNotAfter,
      renewalTime: status.renewalTime,
      now,
    }),
    secretProblem,
    labels: raw.metadata.labels ?? {},
  };
}

export { CERTIFICATE_STATES, type CertificateState };

export const CERTIFICATE_SORTS = ["name", "namespace", "expires", "state", "issuer"] as const;

/** Query parameters of `GET /api/certificates`. */
export const certificateQuerySchema = z.object({
  namespace: dns1123Label.optional(),
  q: z.string().max(256).optional(),
  issuer: z.string().max(253).optional(),
  state: z.enum(CERTIFICATE_STATES).optional(),
  sort: z.enum(CERTIFICATE_SORTS).default("namespace"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CertificateQuery = z.output<typeof certificateQuerySchema>;

/** Whether a row is in `state` (the `state` filter of the list). */
export function rowHasState(row: CertificateRow, state: CertificateState): boolean {
  switch (state) {
    case "ready":
      return row.ready === "True";
    case "not-ready":
      return row.ready !== "True";
    case "issuing":
      return row.issuing;
    case "expired":
    case "not-yet-valid":
    case "critical":
    case "renewal-window":
      return row.expiryLevel === state;
    case "overdue":
      return row.renewalOverdue;
    case "mismatch":
      return row.expiryMismatch;
  }
}

/** Severity rank for `sort=state`: worst first when ascending. */
export function stateRank(row: CertificateRow): number {
  if (row.expiryLevel === "expired" || row.expiryLevel === "not-yet-valid") return 0;
  if (row.ready !== "True") return 1;
  if (row.expiryLevel === "critical") return 2;
  if (row.renewalOverdue || row.expiryMismatch) return 3;
  if (row.expiryLevel === "renewal-window") return 4;
  if (row.issuing) return 5;
  return 6;
}

/** A row's expiry in ms since the epoch (the Secret's, else cert-manager's status); +Infinity when unknown. */
export function expiresAt(row: CertificateRow): number {
  const t = Date.parse(row.notAfter ?? row.statusNotAfter ?? "");
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function comparator(sort: CertificateQuery["sort"]): (a: CertificateRow, b: CertificateRow) => number {
  const byNsName = (a: CertificateRow, b: CertificateRow) =>
    cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
  switch (sort) {
    case "name":
      return (a, b) => cmp(a.name, b.name) || cmp(a.namespace, b.namespace);
    case "namespace":
      return byNsName;
    case "expires":
      return (a, b) => expiresAt(a) - expiresAt(b) || byNsName(a, b);
    case "state":
      return (a, b) => stateRank(a) - stateRank(b) || expiresAt(a) - expiresAt(b) || byNsName(a, b);
    case "issuer":
      return (a, b) => cmp(a.issuerRef.name, b.issuerRef.name) || byNsName(a, b);
  }
}

/** Whether `q` (any case) is in the row's name, Secret, issuer, common name or a DNS name: the `q` filter. */
export function matchesText(row: CertificateRow, q: string): boolean {
  const needle = q.toLowerCase();
  return (
    row.name.toLowerCase().includes(needle) ||
    row.secretName.toLowerCase().includes(needle) ||
    row.issuerRef.name.toLowerCase().includes(needle) ||
    (row.commonName?.toLowerCase().includes(needle) ?? false) ||
    row.dnsNames.some((d) => d.toLowerCase().includes(needle))
  );
}

/** Issuer facet: how many rows each issuer (by kind and name) has. */
export interface IssuerFacet {
  name: string;
  kind: string;
  count: number;
}

/**
 * Filters, sorts and pages certificate rows. `total` counts the filtered rows; `namespaces` and
 * `facets.issuers` describe the unfiltered list (for filter menus). Pure.
 */
export function queryCertificateRows(
  rows: readonly CertificateRow[],
  query: CertificateQuery,
): ListResponse<CertificateRow> & { facets: { issuers: IssuerFacet[] } } {
  const namespaces = [...new Set(rows.map((r) => r.namespace))].sort();
  const facetMap = new Map<string, IssuerFacet>();
  for (const r of rows) {
    const key = `${r.issuerRef.kind}/${r.issuerRef.name}`;
    const f = facetMap.get(key);
    if (f) f.count++;
    else facetMap.set(key, { name: r.issuerRef.name, kind: r.issuerRef.kind, count: 1 });
  }
  const issuers = [...facetMap.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.kind, b.kind));

  const q = query.q?.trim();
  const filtered = rows.filter(
    (r) =>
      (!query.namespace || r.namespace === query.namespace) &&
      (!query.issuer || r.issuerRef.name === query.issuer) &&
      (!query.state || rowHasState(r, query.state)) &&
      (!q || matchesText(r, q)),
  );
  const compare = comparator(query.sort);
  filtered.sort(query.dir === "desc" ? (a, b) => compare(b, a) : compare);
  return {
    items: filtered.slice(query.offset, query.offset + query.limit),
    total: filtered.length,
    namespaces,
    facets: { issuers },
  };
}
