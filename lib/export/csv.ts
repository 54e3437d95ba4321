import type { CertificateRequestRow, CertificateRow, TlsSecretRow } from "@/lib/types";

/** One CSV column: its header and how to read it from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One RFC 4180 field. Text starting with =, +, -, @ (or tab/CR) gets a leading `'` so spreadsheets
 * do not evaluate it as a formula; plain numbers (e.g. negative days left) are left alone.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  const text = String(value);
  const safe =
    typeof value === "string" && FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV: a header row, then one row per item, CRLF line endings, quoted where needed. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The columns of the certificate export, in order. `notAfter` is the effective expiry. */
export const CERTIFICATE_CSV_COLUMNS: readonly CsvColumn<CertificateRow>[] = [
  { header: "cluster", value: (r) => r.cluster },
  { header: "namespace", value: (r) => r.namespace },
  { header: "name", value: (r) => r.name },
  { header: "ready", value: (r) => r.ready },
  { header: "readyReason", value: (r) => r.readyReason },
  { header: "issuerKind", value: (r) => r.issuerRef.kind },
  { header: "issuerName", value: (r) => r.issuerRef.name },
  { header: "secretName", value: (r) => r.secretName },
  { header: "commonName", value: (r) => r.commonName },
  { header: "dnsNames", value: (r) => r.dnsNames.join(" ") },
  { header: "isCA", value: (r) => r.isCA },
  { header: "notBefore", value: (r) => r.notBefore },
  { header: "notAfter", value: (r) => r.notAfter ?? r.statusNotAfter },
  { header: "statusNotAfter", value: (r) => r.statusNotAfter },
  { header: "renewalTime", value: (r) => r.renewalTime },
  { header: "daysLeft", value: (r) => r.daysLeft },
  { header: "expiryLevel", value: (r) => r.expiryLevel },
  { header: "renewalOverdue", value: (r) => r.renewalOverdue },
  { header: "expiryMismatch", value: (r) => r.expiryMismatch },
  { header: "revision", value: (r) => r.revision },
  { header: "secretProblem", value: (r) => r.secretProblem },
];

/** The certificate inventory as RFC 4180 CSV (one row per certificate). Pure. */
export function certificatesToCsv(rows: readonly CertificateRow[]): string {
  return toCsv(rows, CERTIFICATE_CSV_COLUMNS);
}

/** The columns of the TLS Secret export, in order; `expiryLevel` is the list's state (e.g. not-yet-valid). */
export const SECRET_CSV_COLUMNS: readonly CsvColumn<TlsSecretRow>[] = [
  { header: "cluster", value: (r) => r.cluster },
  { header: "namespace", value: (r) => r.namespace },
  { header: "name", value: (r) => r.name },
  { header: "managed", value: (r) => r.managed },
  {
    header: "certificate",
    value: (r) => (r.managedBy ? `${r.managedBy.namespace}/${r.managedBy.name}` : undefined),
  },
  { header: "subject", value: (r) => r.certificate?.subject },
  { header: "isCA", value: (r) => r.certificate?.isCA },
  { header: "notBefore", value: (r) => r.certificate?.notBefore },
  { header: "notAfter", value: (r) => r.notAfter },
  { header: "daysLeft", value: (r) => r.daysLeft },
  { header: "expiryLevel", value: (r) => r.expiryLevel },
  { header: "hasCa", value: (r) => r.hasCa },
  { header: "problem", value: (r) => r.problem },
];

/** The TLS Secret inventory as RFC 4180 CSV (one row per Secret, never key material). Pure. */
export function secretsToCsv(rows: readonly TlsSecretRow[]): string {
  return toCsv(rows, SECRET_CSV_COLUMNS);
}

/** The columns of the CertificateRequest export, in order. */
export const REQUEST_CSV_COLUMNS: readonly CsvColumn<CertificateRequestRow>[] = [
  { header: "cluster", value: (r) => r.cluster },
  { header: "namespace", value: (r) => r.namespace },
  { header: "name", value: (r) => r.name },
  { header: "certificate", value: (r) => r.certificateName },
  { header: "revision", value: (r) => r.revision },
  { header: "issuerKind", value: (r) => r.issuerRef.kind },
  { header: "issuerName", value: (r) => r.issuerRef.name },
  { header: "approval", value: (r) => (r.approved ? "approved" : r.denied ? "denied" : "pending") },
  { header: "ready", value: (r) => r.ready },
  { header: "readyReason", value: (r) => r.readyReason },
  { header: "username", value: (r) => r.username },
  { header: "createdAt", value: (r) => r.createdAt },
];

/** CertificateRequests as RFC 4180 CSV (one row per request). Pure. */
export function requestsToCsv(rows: readonly CertificateRequestRow[]): string {
  return toCsv(rows, REQUEST_CSV_COLUMNS);
}
