import { SEVERITY_ORDER } from "@/lib/severity";
import type { AuditRow, TrustGraph, TrustNodeKind } from "./types";

const OBJECT_KIND: Record<TrustNodeKind, string> = {
  clusterissuer: "ClusterIssuer",
  issuer: "Issuer",
  "ca-certificate": "Certificate",
  "leaf-certificate": "Certificate",
  secret: "Secret",
  "apisix-tls": "ApisixTls",
  "apisix-upstream": "ApisixUpstream",
  host: "Host",
  bundle: "Bundle",
  configmap: "ConfigMap",
  workload: "Workload",
};

/**
 * Flattens every problem of the graph into audit rows, worst first, then by namespace, kind,
 * name and code.
 */
export function buildAuditReport(graph: TrustGraph): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const node of graph.nodes) {
    for (const p of node.problems) {
      rows.push({
        severity: p.severity,
        objectKind: OBJECT_KIND[node.kind],
        namespace: node.namespace ?? "",
        name: node.name,
        code: p.code,
        message: p.message,
        fix: p.fix,
      });
    }
  }
  return rows.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.namespace.localeCompare(b.namespace) ||
      a.objectKind.localeCompare(b.objectKind) ||
      a.name.localeCompare(b.name) ||
      a.code.localeCompare(b.code),
  );
}

const COLUMNS: (keyof AuditRow)[] = ["severity", "objectKind", "namespace", "name", "code", "message", "fix"];

function csvField(value: string): string {
  // Spreadsheet formula injection guard: a leading =, +, -, @ (or tab/CR) is neutralised with '.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * RFC 4180 CSV of audit rows: header line, CRLF line endings, fields with comma, quote or line
 * break quoted with doubled quotes. Values starting with =, +, - or @ get a leading ' so that
 * spreadsheets do not evaluate them.
 */
export function auditReportToCsv(rows: AuditRow[]): string {
  // A merged fleet report names each row's cluster first.
  const columns: (keyof AuditRow)[] = rows.some((r) => r.cluster) ? ["cluster", ...COLUMNS] : COLUMNS;
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] ?? "")).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
