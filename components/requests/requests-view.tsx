"use client";

import Link from "next/link";
import { useMemo } from "react";
import { IssuerLink } from "@/components/acme/acme-view";
import { RequestActions } from "@/components/actions/request-actions";
import { certificateHref, inCluster } from "@/components/links";
import { ApprovalBadge, RequestReadyBadge } from "@/components/requests/request-badges";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ClusterBadge, ClusterFilter, inClusterFilter } from "@/components/ui/cluster";
import { DataTable, Td, trClass, useTableSort } from "@/components/ui/data-table";
import { DownloadCsvButton, exportName } from "@/components/ui/download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Select } from "@/components/ui/field";
import { RequestIcon } from "@/components/ui/icons";
import { useRememberListQuery } from "@/components/ui/list-return";
import { TableSkeleton } from "@/components/ui/skeleton";
import { oneOf, useUrlParams } from "@/components/ui/use-url-params";
import { useClusters } from "@/lib/client/cluster";
import { useCertificateRequests } from "@/lib/client/inventory";
import { requestsToCsv } from "@/lib/export/csv";
import { formatAge } from "@/lib/format";
import type { CertificateRequestRow } from "@/lib/types";
import { decisionToast, requestHref } from "./request-links";

const STATUS = ["pending", "approved", "denied"] as const;
type StatusFilter = (typeof STATUS)[number];

function matches(r: CertificateRequestRow, status: StatusFilter | undefined): boolean {
  if (status === "pending") return !r.approved && !r.denied;
  if (status === "approved") return r.approved;
  if (status === "denied") return r.denied;
  return true;
}

export function RequestsView() {
  const { get, update } = useUrlParams();
  const namespace = get("namespace");
  const status = oneOf(get("status"), STATUS);
  const cluster = get("cluster");
  // Several clusters: a Cluster column and filter; links carry the row's cluster.
  const fleet = useClusters().data?.fleet === true;
  const { data, error, isPending, refetch } = useCertificateRequests({ namespace });

  useRememberListQuery("/requests");
  const filteredRows = useMemo(
    () => inClusterFilter(data?.items ?? [], cluster).filter((r) => matches(r, status)),
    [data, status, cluster],
  );
  const { rows, sort, dir, onSort } = useTableSort(filteredRows, {
    namespace: (r) => r.namespace,
    name: (r) => r.name,
    // Age: newest first when ascending, as the list starts.
    age: (r) => (r.createdAt ? -Date.parse(r.createdAt) : undefined),
  });
  const namespaces = useMemo(() => {
    const set = new Set(data?.namespaces ?? data?.items.map((r) => r.namespace) ?? []);
    if (namespace) set.add(namespace);
    return [...set].sort();
  }, [data, namespace]);
  const pendingCount = data?.items.filter((r) => !r.approved && !r.denied).length ?? 0;

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center gap-2 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
        <ClusterFilter value={cluster} onChange={(c) => update({ cluster: c })} />
        <Select
          label="Namespace"
          data-testid="filter-namespace"
          value={namespace ?? ""}
          onChange={(e) => update({ namespace: e.target.value })}
          className="w-40"
        >
          <option value="">All namespaces</option>
          {namespaces.map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </Select>
        <Select
          label="Approval"
          data-testid="filter-status"
          value={status ?? ""}
          onChange={(e) => update({ status: e.target.value })}
          className="w-48"
        >
          <option value="">Any approval</option>
          <option value="pending">Pending approval{pendingCount ? ` (${pendingCount})` : ""}</option>
          <option value="approved">Approved</option>
          <option value="denied">Denied</option>
        </Select>
        {data ? (
          <span className="ml-auto flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span data-testid="request-count">
              {rows.length} of {data.total}
            </span>
            <DownloadCsvButton
              name={exportName("requests", [namespace, status])}
              count={rows.length}
              csv={() => requestsToCsv(rows)}
            />
          </span>
        ) : null}
      </div>
      {error && !data ? (
        <div className="p-4">
          <ErrorPanel
            error={error}
            action={
              <Button size="sm" onClick={() => refetch()}>
                Try again
              </Button>
            }
          />
        </div>
      ) : isPending ? (
        <TableSkeleton columns={7} rows={6} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<RequestIcon size={20} />}
          title={status || namespace ? "No requests match" : "No certificate requests"}
          description={status === "pending" ? "Nothing is waiting for approval." : undefined}
          action={
            status || namespace || cluster ? (
              <Button onClick={() => update({ status: undefined, namespace: undefined, cluster: undefined })}>
                Clear filters
              </Button>
            ) : undefined
          }
        />
      ) : (
        <DataTable
          headers={[
            ...(fleet ? ["Cluster"] : []),
            { label: "Namespace", sort: "namespace" },
            { label: "Name", sort: "name" },
            "Certificate",
            "Revision",
            "Issuer",
            "Approval",
            "Ready",
            { label: "Age", sort: "age" },
          ]}
          sort={sort}
          dir={dir}
          onSort={onSort}
          label="Certificate requests"
          testId="requests-table"
          minWidth={1040}
        >
          {rows.map((r) => (
            <tr
              key={`${r.cluster ?? ""}:${r.namespace}/${r.name}`}
              className={trClass}
              data-testid="request-row"
              data-name={r.name}
              data-namespace={r.namespace}
              data-cluster={fleet ? r.cluster : undefined}
              data-pending={String(!r.approved && !r.denied)}
            >
              {fleet ? <Td>{r.cluster ? <ClusterBadge cluster={r.cluster} /> : null}</Td> : null}
              <Td className="text-zinc-500 dark:text-zinc-400">{r.namespace}</Td>
              <Td className="font-mono text-xs">
                <Link
                  href={inCluster(requestHref(r.namespace, r.name), fleet ? r.cluster : undefined)}
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  data-testid="request-link"
                >
                  {r.name}
                </Link>
              </Td>
              <Td>
                {r.certificateName ? (
                  <Link
                    href={certificateHref(r.namespace, r.certificateName, fleet ? r.cluster : undefined)}
                    className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {r.certificateName}
                  </Link>
                ) : (
                  <span className="text-zinc-400">—</span>
                )}
              </Td>
              <Td className="tabular-nums">{r.revision ?? "—"}</Td>
              <Td className="text-zinc-600 dark:text-zinc-400">
                <IssuerLink issuerRef={r.issuerRef} namespace={r.namespace} />
              </Td>
              <Td>
                <ApprovalBadge request={r} />
                <RequestActions
                  request={r}
                  onDecided={decisionToast}
                  cluster={fleet ? r.cluster : undefined}
                />
              </Td>
              <Td>
                <RequestReadyBadge request={r} />
              </Td>
              <Td className="text-zinc-500 tabular-nums">
                <span title={r.createdAt}>{formatAge(r.createdAt)}</span>
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
