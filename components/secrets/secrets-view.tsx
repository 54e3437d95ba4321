"use client";

import Link from "next/link";
import { useMemo } from "react";
import { ExpiryLevelBadge } from "@/components/certificates/badges";
import { certificateHref, secretHref } from "@/components/links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ClusterBadge, ClusterFilter } from "@/components/ui/cluster";
import { DataTable, Td, trClass, useTableSort } from "@/components/ui/data-table";
import { DownloadCsvButton, exportName } from "@/components/ui/download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Select } from "@/components/ui/field";
import { KeyIcon } from "@/components/ui/icons";
import { useRememberListQuery } from "@/components/ui/list-return";
import { TableSkeleton } from "@/components/ui/skeleton";
import { oneOf, useUrlParams } from "@/components/ui/use-url-params";
import { useClusters } from "@/lib/client/cluster";
import { useTlsSecrets } from "@/lib/client/inventory";
import { secretsToCsv } from "@/lib/export/csv";
import { expiryLevelStyle, formatDate, formatDateTime, formatDaysLeft } from "@/lib/format";
import { EXPIRY_WINDOWS, expiresWithin } from "@/lib/inventory/expiry-window";
import { EXPIRY_LEVELS } from "@/lib/types";

const MANAGED = ["true", "false"] as const;

function Segment({
  value,
  onChange,
}: {
  value: "true" | "false" | undefined;
  onChange: (v: "true" | "false" | undefined) => void;
}) {
  const options = [
    { v: undefined, label: "All" },
    { v: "true" as const, label: "Managed" },
    { v: "false" as const, label: "Unmanaged" },
  ];
  return (
    <fieldset
      aria-label="Managed by cert-manager"
      data-testid="filter-managed"
      className="m-0 flex min-w-0 items-center rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {options.map((o) => {
        const active = value === o.v;
        return (
          <button
            key={o.label}
            type="button"
            aria-pressed={active}
            data-value={o.v ?? "all"}
            onClick={() => onChange(o.v)}
            className={`h-7 rounded-md px-3 font-medium text-xs transition-colors ${
              active
                ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-700 dark:text-zinc-50 dark:ring-zinc-600"
                : "text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
            }`}
          >
            {o.label}
          </button>
        );
      })}
    </fieldset>
  );
}

export function SecretsView() {
  const { get, update } = useUrlParams();
  const namespace = get("namespace");
  const managed = oneOf(get("managed"), MANAGED);
  const within = oneOf(get("within"), EXPIRY_WINDOWS);
  // ?state= an expiry level, e.g. not-yet-valid (the overview links here).
  const state = oneOf(get("state"), EXPIRY_LEVELS);
  const cluster = get("cluster");
  // Several clusters: a Cluster column and filter; links carry the row's cluster.
  const fleet = useClusters().data?.fleet === true;
  const { data, error, isPending, refetch } = useTlsSecrets({
    namespace,
    managed: managed === undefined ? undefined : managed === "true",
  });
  // The API may ignore the filter; applying it again here is cheap and keeps the view honest.
  useRememberListQuery("/secrets");
  const filteredRows = useMemo(
    () =>
      (data?.items ?? []).filter(
        (s) =>
          (managed === undefined || String(s.managed) === managed) &&
          (!within || expiresWithin(s, Number(within))) &&
          (!state || s.expiryLevel === state) &&
          (!cluster || s.cluster === cluster),
      ),
    [data, managed, within, state, cluster],
  );
  const { rows, sort, dir, onSort } = useTableSort(filteredRows, {
    namespace: (s) => s.namespace,
    name: (s) => s.name,
    expires: (s) => s.notAfter,
  });
  const namespaces = useMemo(() => {
    const set = new Set(data?.namespaces ?? data?.items.map((s) => s.namespace) ?? []);
    if (namespace) set.add(namespace);
    return [...set].sort();
  }, [data, namespace]);

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center gap-2 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
        <Segment value={managed} onChange={(v) => update({ managed: v })} />
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
        {within ? (
          <Button size="sm" onClick={() => update({ within: undefined })} data-testid="filter-within">
            Expiring within {within} days ×
          </Button>
        ) : null}
        {state ? (
          <Button size="sm" onClick={() => update({ state: undefined })} data-testid="filter-state">
            {expiryLevelStyle(state).label} ×
          </Button>
        ) : null}
        {data ? (
          <span className="ml-auto flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span data-testid="secret-count">
              {rows.length} secret{rows.length === 1 ? "" : "s"}
            </span>
            <DownloadCsvButton
              name={exportName("secrets", [
                namespace,
                managed === undefined ? undefined : managed === "true" ? "managed" : "unmanaged",
                within ? `within-${within}d` : undefined,
                state,
              ])}
              count={rows.length}
              csv={() => secretsToCsv(rows)}
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
        <TableSkeleton columns={6} rows={6} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<KeyIcon size={20} />}
          title={managed === "false" ? "No unmanaged TLS secrets" : "No TLS secrets match"}
          description={
            managed === "false"
              ? "Every kubernetes.io/tls Secret you can read is managed by a Certificate."
              : undefined
          }
          action={
            managed || namespace || within || state || cluster ? (
              <Button
                onClick={() =>
                  update({
                    managed: undefined,
                    namespace: undefined,
                    within: undefined,
                    state: undefined,
                    cluster: undefined,
                  })
                }
              >
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
            "Managed by",
            "Subject",
            { label: "Expires", sort: "expires" },
            "Days left",
          ]}
          sort={sort}
          dir={dir}
          onSort={onSort}
          label="TLS secrets"
          testId="secrets-table"
          minWidth={980}
        >
          {rows.map((s) => (
            <tr
              key={`${s.cluster ?? ""}:${s.namespace}/${s.name}`}
              className={trClass}
              data-testid="secret-row"
              data-name={s.name}
              data-namespace={s.namespace}
              data-cluster={fleet ? s.cluster : undefined}
              data-managed={String(s.managed)}
            >
              {fleet ? <Td>{s.cluster ? <ClusterBadge cluster={s.cluster} /> : null}</Td> : null}
              <Td className="text-zinc-500 dark:text-zinc-400">{s.namespace}</Td>
              <Td className="font-medium">
                <Link
                  href={secretHref(s.namespace, s.name, fleet ? s.cluster : undefined)}
                  className="font-mono text-[13px] text-sky-700 hover:underline dark:text-sky-400"
                  data-testid="secret-link"
                >
                  {s.name}
                </Link>
                {s.problem ? (
                  <span
                    className="block max-w-xs truncate text-amber-700 text-xs dark:text-amber-400"
                    title={s.problem}
                  >
                    {s.problem}
                  </span>
                ) : null}
              </Td>
              <Td>
                {s.managedBy ? (
                  <Link
                    data-testid="managed-by"
                    href={certificateHref(
                      s.managedBy.namespace,
                      s.managedBy.name,
                      fleet ? s.cluster : undefined,
                    )}
                    className="text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {s.managedBy.namespace !== s.namespace ? `${s.managedBy.namespace}/` : ""}
                    {s.managedBy.name}
                  </Link>
                ) : (
                  <span className="flex items-center gap-2">
                    <Badge
                      tone="amber"
                      data-testid="unmanaged-badge"
                      title="No cert-manager Certificate manages this Secret: nothing will renew it."
                    >
                      Unmanaged
                    </Badge>
                    <Link
                      data-testid="adopt-link"
                      href={`/secrets/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.name)}/adopt`}
                      className="text-sky-700 text-xs hover:underline dark:text-sky-400"
                      title="Generate the Certificate that lets cert-manager renew this Secret"
                    >
                      Adopt…
                    </Link>
                  </span>
                )}
              </Td>
              <Td className="max-w-[22rem]">
                <span className="block truncate font-mono text-xs" title={s.certificate?.subject}>
                  {s.certificate?.subject || "—"}
                </span>
                {s.certificate?.isCA ? (
                  <span className="text-[11px] text-violet-600 dark:text-violet-400">CA</span>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap tabular-nums">
                <span
                  data-testid="expires"
                  data-value={s.notAfter}
                  title={s.notAfter ? formatDateTime(s.notAfter) : undefined}
                >
                  {formatDate(s.notAfter)}
                </span>
              </Td>
              <Td>
                <span className="flex items-center gap-2 whitespace-nowrap">
                  <span
                    className="w-[4.5rem] text-right tabular-nums"
                    data-testid="days-left"
                    data-level={s.expiryLevel}
                  >
                    {formatDaysLeft(s.daysLeft)}
                  </span>
                  <ExpiryLevelBadge level={s.expiryLevel} />
                </span>
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
