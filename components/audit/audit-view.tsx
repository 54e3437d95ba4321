"use client";

import Link from "next/link";
import { useMemo } from "react";
import { certificateHref, issuerHref, secretHref } from "@/components/links";
import { SeverityBadge } from "@/components/trust/problems";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ClusterBadge, ClusterFilter } from "@/components/ui/cluster";
import { DataTable, Td, trClass } from "@/components/ui/data-table";
import { download } from "@/components/ui/download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { LabelledSelect } from "@/components/ui/field";
import { AuditIcon, CheckIcon, InfoIcon } from "@/components/ui/icons";
import { TableSkeleton } from "@/components/ui/skeleton";
import { oneOf, useUrlParams } from "@/components/ui/use-url-params";
import { withQuery } from "@/lib/api-client";
import { useClusters } from "@/lib/client/cluster";
import { useTrustReport } from "@/lib/client/trust";
import { auditReportToCsv } from "@/lib/trust/report";
import type { AuditRow, Severity } from "@/lib/trust/types";

const SEVERITIES = ["critical", "warning", "info"] as const;
/** `?severity=problems`: critical and warning, what the overview's "Chain problems" card counts. */
const SEVERITY_FILTERS = [...SEVERITIES, "problems"] as const;

const COUNT_STYLE: Record<Severity, string> = {
  critical: "text-red-600 dark:text-red-400",
  warning: "text-amber-600 dark:text-amber-300",
  info: "text-sky-600 dark:text-sky-300",
};

/** Where the object of an audit row is shown in the app (in the row's cluster, in a fleet report). */
function objectHref(row: AuditRow): string | undefined {
  const cluster = row.cluster;
  switch (row.objectKind) {
    case "Certificate":
      return `${certificateHref(row.namespace, row.name, cluster)}#chain`;
    case "Issuer":
    case "ClusterIssuer":
      return issuerHref({ kind: row.objectKind, name: row.name }, row.namespace, cluster) ?? "/issuers";
    case "Secret":
      return row.namespace
        ? secretHref(row.namespace, row.name, cluster)
        : withQuery("/secrets", { cluster });
    case "ApisixTls":
    case "ApisixUpstream":
    case "Host":
      return "/gateway";
    default:
      return undefined;
  }
}

/**
 * Every trust problem in one table: filters by severity, namespace and kind kept in the URL; with
 * several clusters, a Cluster column and filter (`?cluster=`), and links open the row's cluster.
 */
export function AuditView() {
  const { get, update } = useUrlParams();
  const severity = oneOf(get("severity"), SEVERITY_FILTERS);
  const namespace = get("namespace");
  const kind = get("kind");
  const cluster = get("cluster");
  const fleet = useClusters().data?.fleet === true;
  const { data, error, isPending, refetch } = useTrustReport();

  const rows = data?.rows ?? [];
  const namespaces = useMemo(() => [...new Set(rows.map((r) => r.namespace).filter(Boolean))].sort(), [rows]);
  const kinds = useMemo(() => [...new Set(rows.map((r) => r.objectKind))].sort(), [rows]);
  const scoped = useMemo(
    () =>
      rows.filter(
        (r) =>
          (!namespace || r.namespace === namespace) &&
          (!kind || r.objectKind === kind) &&
          (!cluster || r.cluster === cluster),
      ),
    [rows, namespace, kind, cluster],
  );
  const counts = useMemo(() => {
    const c: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
    for (const r of scoped) c[r.severity]++;
    return c;
  }, [scoped]);
  const visible = !severity
    ? scoped
    : scoped.filter((r) =>
        severity === "problems"
          ? r.severity === "critical" || r.severity === "warning"
          : r.severity === severity,
      );
  const csvName = `trustdeck-trust-audit${[cluster, severity, namespace, kind]
    .filter(Boolean)
    .map((v) => `-${v}`)
    .join("")}.csv`;

  if (error && !data) {
    return (
      <ErrorPanel
        error={error}
        action={
          <Button size="sm" onClick={() => refetch()}>
            Retry
          </Button>
        }
      />
    );
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        {SEVERITIES.map((s) => (
          <button
            key={s}
            type="button"
            data-testid={`audit-count-${s}`}
            data-count={String(counts[s])}
            aria-pressed={severity === s}
            onClick={() => update({ severity: severity === s ? undefined : s })}
            className={`rounded-xl border bg-white px-4 py-3 text-left shadow-xs transition-colors hover:bg-zinc-50 dark:bg-zinc-900/60 dark:hover:bg-zinc-800/40 ${
              severity === s ? "border-zinc-900 dark:border-zinc-300" : "border-zinc-200 dark:border-zinc-800"
            }`}
          >
            <div className="font-medium text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400">
              {s}
            </div>
            <div className={`mt-1 font-semibold text-2xl tabular-nums ${COUNT_STYLE[s]}`}>
              {isPending ? "–" : counts[s]}
            </div>
          </button>
        ))}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <ClusterFilter value={cluster} onChange={(c) => update({ cluster: c })} />
        <LabelledSelect
          label="Severity"
          value={severity ?? ""}
          data-testid="audit-filter-severity"
          onChange={(e) => update({ severity: e.target.value })}
        >
          <option value="">All</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="problems">critical + warning</option>
        </LabelledSelect>
        <LabelledSelect
          label="Namespace"
          value={namespace ?? ""}
          data-testid="audit-filter-namespace"
          onChange={(e) => update({ namespace: e.target.value })}
        >
          <option value="">All</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </LabelledSelect>
        <LabelledSelect
          label="Kind"
          value={kind ?? ""}
          data-testid="audit-filter-kind"
          onChange={(e) => update({ kind: e.target.value })}
        >
          <option value="">All</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </LabelledSelect>
        <Button
          className="ml-auto"
          data-testid="audit-download-csv"
          disabled={isPending}
          title="The rows shown, with every filter above"
          onClick={() => download(csvName, auditReportToCsv(visible), "text/csv;charset=utf-8")}
        >
          Download CSV ({visible.length})
        </Button>
      </div>

      {data?.notice ? (
        <p className="flex items-start gap-2 rounded-lg border border-amber-300/70 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/[0.07] dark:text-amber-200">
          <InfoIcon size={14} className="mt-px shrink-0" />
          {data.notice}
        </p>
      ) : null}

      <Card className="overflow-hidden">
        {isPending ? (
          <TableSkeleton rows={6} columns={5} />
        ) : visible.length === 0 ? (
          <EmptyState
            icon={rows.length === 0 ? <CheckIcon size={20} /> : <AuditIcon size={20} />}
            title={rows.length === 0 ? "No trust problems" : "No problem matches these filters"}
            description={
              rows.length === 0
                ? "Every chain verifies, every reference resolves, and no certificate is close to expiry."
                : "Clear a filter to see the others."
            }
          />
        ) : (
          <DataTable
            testId="audit-table"
            headers={[...(fleet ? ["Cluster"] : []), "Severity", "Object", "Code", "Problem", "Fix"]}
            minWidth={960}
          >
            {visible.map((r, i) => {
              const href = objectHref(r);
              const label = `${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
              return (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows of one object can share a code
                  key={`${r.cluster ?? ""}:${r.objectKind}/${label}/${r.code}/${i}`}
                  className={trClass}
                  data-testid="audit-row"
                  data-severity={r.severity}
                  data-kind={r.objectKind}
                  data-namespace={r.namespace}
                  data-name={r.name}
                  data-code={r.code}
                  data-cluster={fleet ? r.cluster : undefined}
                >
                  {fleet ? (
                    <Td className="align-top">{r.cluster ? <ClusterBadge cluster={r.cluster} /> : null}</Td>
                  ) : null}
                  <Td className="align-top">
                    <SeverityBadge severity={r.severity} />
                  </Td>
                  <Td className="align-top">
                    <div className="text-[11px] text-zinc-500 dark:text-zinc-400">{r.objectKind}</div>
                    {href ? (
                      <Link
                        href={href}
                        className="font-mono text-[12.5px] text-sky-700 hover:underline dark:text-sky-400"
                      >
                        {label}
                      </Link>
                    ) : (
                      <span className="font-mono text-[12.5px]">{label}</span>
                    )}
                  </Td>
                  <Td className="align-top">
                    <span className="whitespace-nowrap font-mono text-xs text-zinc-600 dark:text-zinc-400">
                      {r.code}
                    </span>
                  </Td>
                  <Td className="max-w-md align-top text-[13px] text-zinc-800 dark:text-zinc-200">
                    {r.message}
                  </Td>
                  <Td className="max-w-sm align-top text-xs text-zinc-600 dark:text-zinc-400">{r.fix}</Td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
