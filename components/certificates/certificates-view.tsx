"use client";

import { useEffect, useMemo, useState } from "react";
import { CertificateTable } from "@/components/certificates/certificate-table";
import { secretHref } from "@/components/links";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ClusterFilter, inClusterFilter } from "@/components/ui/cluster";
import { DownloadCsvButton, exportName } from "@/components/ui/download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Select, TextInput } from "@/components/ui/field";
import { CertificateIcon, RefreshIcon, SearchIcon, XIcon } from "@/components/ui/icons";
import { useRememberListQuery } from "@/components/ui/list-return";
import { TableSkeleton } from "@/components/ui/skeleton";
import { oneOf, useUrlParams } from "@/components/ui/use-url-params";
import { useCertificateFeed, useIssuers, useStuckIssuance, useTlsSecrets } from "@/lib/client/inventory";
import type {
  CertificateListParams,
  CertificateSort,
  CertificateStateFilter,
  SortDir,
} from "@/lib/client/types";
import { stuckKey } from "@/lib/doctor/summary";
import { certificatesToCsv } from "@/lib/export/csv";
import { EXPIRY_WINDOWS, expiresWithin } from "@/lib/inventory/expiry-window";

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

/**
 * Search box bound to `?q=`: the list filters on every keystroke (locally, over every row held);
 * the URL follows after a pause. Follows the URL when Back changes it.
 */
function SearchBox({
  value,
  onChange,
  onType,
}: {
  value: string;
  onChange: (q: string) => void;
  onType: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const id = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(id);
  }, [text, value, onChange]);
  return (
    <TextInput
      label="Search certificates"
      data-page-search=""
      type="search"
      placeholder="Search name, DNS name, secret…"
      data-testid="certificate-search"
      icon={<SearchIcon size={14} />}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onType(e.target.value);
      }}
      className="w-full sm:w-72"
    />
  );
}

export function CertificatesView() {
  const { get, update } = useUrlParams();
  const params: CertificateListParams = {
    q: get("q"),
    namespace: get("namespace"),
    issuer: get("issuer"),
    state: oneOf(
      get("state"),
      STATE_FILTERS.map((s) => s.value),
    ),
    sort: oneOf(get("sort"), SORTS),
    dir: oneOf(get("dir"), DIRS),
  };
  const within = oneOf(get("within"), EXPIRY_WINDOWS);
  const cluster = get("cluster");
  // What the search box holds right now (the URL's `q` catches up after a pause).
  // It counts only until the URL's `q` changes (the URL caught up, or Back changed it).
  const [typed, setTyped] = useState<{ text: string; over?: string }>();
  const q = typed && typed.over === params.q ? typed.text : params.q;
  // Every row is held in the browser (no page limit); filters, search and sort apply locally.
  const { data: feed, error, isPending, isFetching, refetch } = useCertificateFeed();
  useRememberListQuery("/certificates");
  const stuckQuery = useStuckIssuance();
  const stuck = useMemo(
    () => new Map((stuckQuery.data?.items ?? []).map((i) => [stuckKey(i), i])),
    [stuckQuery.data],
  );
  const issuers = useIssuers();
  // `?within=N` (from the overview's expiry cards): only what expires in N days, and the unmanaged
  // TLS Secrets expiring in that window (nothing renews them), listed below the table.
  const data = useMemo(() => {
    if (!feed) return undefined;
    const result = feed.index.query({
      q,
      namespace: params.namespace,
      issuer: params.issuer,
      state: params.state,
      sort: params.sort,
      dir: params.dir,
    });
    const inWindow = within ? result.items.filter((r) => expiresWithin(r, Number(within))) : result.items;
    const items = inClusterFilter(inWindow, cluster);
    return {
      items,
      total: items.length,
      namespaces: feed.index.namespaces,
      issuers: feed.index.issuers.map((f) => f.name),
    };
  }, [feed, q, params.namespace, params.issuer, params.state, params.sort, params.dir, within, cluster]);
  const unmanaged = useTlsSecrets({ managed: false });
  const unmanagedExpiring = within
    ? (unmanaged.data?.items ?? []).filter(
        (s) =>
          !s.managed &&
          (!params.namespace || s.namespace === params.namespace) &&
          expiresWithin(s, Number(within)),
      )
    : [];

  const namespaces = useMemo(() => {
    const set = new Set(data?.namespaces ?? data?.items.map((r) => r.namespace) ?? []);
    if (params.namespace) set.add(params.namespace);
    return [...set].sort();
  }, [data, params.namespace]);

  const issuerOptions = useMemo(() => {
    const set = new Set<string>(
      data?.issuers ??
        issuers.data?.items.map((i) => i.name) ??
        data?.items.map((r) => r.issuerRef.name) ??
        [],
    );
    if (params.issuer) set.add(params.issuer);
    return [...set].sort();
  }, [data, issuers.data, params.issuer]);

  const filtered = Boolean(q || params.namespace || params.issuer || params.state || within || cluster);
  const clearFilters = () => {
    setTyped(undefined);
    update({
      q: undefined,
      namespace: undefined,
      issuer: undefined,
      state: undefined,
      within: undefined,
      cluster: undefined,
    });
  };

  const onSort = (column: CertificateSort) => {
    const dir: SortDir = params.sort === column && params.dir !== "desc" ? "desc" : "asc";
    update({ sort: column, dir });
  };

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center gap-2 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
        <SearchBox
          value={params.q ?? ""}
          onChange={(q) => update({ q })}
          onType={(text) => setTyped({ text, over: params.q })}
        />
        <ClusterFilter value={cluster} onChange={(c) => update({ cluster: c })} />
        <Select
          label="Namespace"
          data-testid="filter-namespace"
          value={params.namespace ?? ""}
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
          label="Issuer"
          data-testid="filter-issuer"
          value={params.issuer ?? ""}
          onChange={(e) => update({ issuer: e.target.value })}
          className="w-44"
        >
          <option value="">All issuers</option>
          {issuerOptions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
        <Select
          label="State"
          data-testid="filter-state"
          value={params.state ?? ""}
          onChange={(e) => update({ state: e.target.value })}
          className="w-48"
        >
          <option value="">Any state</option>
          {STATE_FILTERS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
        {within ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => update({ within: undefined })}
            data-testid="filter-within"
            aria-label={`Remove the filter: expiring within ${within} days`}
          >
            Expiring within {within} days
            <XIcon size={12} />
          </Button>
        ) : null}
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={clearFilters} data-testid="clear-filters-inline">
            <XIcon size={13} />
            Clear
          </Button>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          {data ? (
            <span data-testid="certificate-count">
              {data.items.length === data.total
                ? `${data.total} certificate${data.total === 1 ? "" : "s"}`
                : `${data.items.length} of ${data.total}`}
            </span>
          ) : null}
          {data ? (
            <DownloadCsvButton
              name={exportName("certificates", [
                params.namespace,
                params.issuer,
                params.state,
                params.q,
                within ? `within-${within}d` : undefined,
              ])}
              count={data.items.length}
              csv={() => certificatesToCsv(data.items)}
            />
          ) : null}
          <Button
            variant="ghost"
            size="sm"
            aria-label="Refresh"
            title="Refresh"
            onClick={() => refetch()}
            disabled={isFetching}
          >
            <RefreshIcon size={14} className={isFetching ? "animate-spin" : ""} />
          </Button>
        </div>
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
        <TableSkeleton columns={8} />
      ) : data && data.items.length === 0 ? (
        <EmptyState
          icon={<CertificateIcon size={20} />}
          title={filtered ? "No certificates match" : "No certificates yet"}
          description={
            filtered
              ? "Nothing matches these filters. Try a broader search or clear the filters."
              : "cert-manager Certificates in the namespaces you can read will appear here."
          }
          action={
            filtered ? (
              <Button onClick={clearFilters} data-testid="clear-filters">
                Clear filters
              </Button>
            ) : undefined
          }
        />
      ) : data ? (
        <>
          {error ? (
            <div className="border-zinc-200 border-b p-3 dark:border-zinc-800">
              <ErrorPanel error={error} />
            </div>
          ) : null}
          <CertificateTable
            rows={data.items}
            sort={params.sort}
            dir={params.dir}
            onSort={onSort}
            stuck={stuck}
          />
        </>
      ) : null}
      {within && unmanagedExpiring.length ? (
        <div
          data-testid="unmanaged-expiring"
          className="border-zinc-200 border-t px-4 py-3 text-sm dark:border-zinc-800"
        >
          <h3 className="font-medium text-amber-800 text-xs dark:text-amber-300">
            Also expiring within {within} days: {unmanagedExpiring.length} unmanaged TLS Secret
            {unmanagedExpiring.length === 1 ? "" : "s"} (no Certificate renews them)
          </h3>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
            {unmanagedExpiring.map((s) => (
              <li key={`${s.namespace}/${s.name}`} data-testid="unmanaged-expiring-item">
                <a
                  className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                  href={secretHref(s.namespace, s.name)}
                >
                  {s.namespace}/{s.name}
                </a>{" "}
                <span className="text-zinc-500">{s.daysLeft} days left</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
