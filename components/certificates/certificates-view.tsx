"use client";

import { useEffect, useMemo, useState } from "react";
import { CertificateTable } from "@/components/certificates/certificate-table";
import { secretHref } from "@/components/links";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ClusterFilter } from "@/components/ui/cluster";
import { DownloadCsvButton, exportName } from "@/components/ui/download";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Select, TextInput } from "@/components/ui/field";
import { CertificateIcon, RefreshIcon, SearchIcon, XIcon } from "@/components/ui/icons";
import { useRememberListQuery } from "@/components/ui/list-return";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useHydrated } from "@/components/ui/use-hydrated";
import { type UrlPatch, useUrlParams } from "@/components/ui/use-url-params";
import { useCertificateFeed, useIssuers, useStuckIssuance, useTlsSecrets } from "@/lib/client/inventory";
import type { CertificateSort, SortDir } from "@/lib/client/types";
import { stuckKey } from "@/lib/doctor/summary";
import { certificatesToCsv } from "@/lib/export/csv";
import { expiresWithin } from "@/lib/inventory/expiry-window";
import type { CertificateRow } from "@/lib/types";
import {
  type CertificateListState,
  certificateListState,
  type FirstScreen,
  listStateKey,
  rowQueryOf,
  STATE_FILTERS,
} from "./list-query";

export { STATE_FILTERS } from "./list-query";

/**
 * Search box bound to `?q=`: the list filters on every keystroke (locally, over every row held);
 * the URL follows after a pause. Follows the URL when Back changes it.
 */
function SearchBox({
  value,
  onChange,
  onType,
  disabled,
}: {
  value: string;
  onChange: (q: string) => void;
  onType: (q: string) => void;
  disabled?: boolean;
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
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        onType(e.target.value);
      }}
      className="w-full sm:w-72"
    />
  );
}

/** What the list shows: every matching row (`complete`), or the server's first screen while the rest loads. */
interface Shown {
  items: CertificateRow[];
  total: number;
  namespaces: string[];
  issuers: string[];
  complete: boolean;
}

/**
 * The certificate list. `initial` is the first screen the server rendered with the page (see
 * `FirstScreen`): shown, for the list state it answers, until the browser holds every row.
 */
export function CertificatesView({ initial }: { initial?: FirstScreen }) {
  const { get: urlGet, update: urlUpdate, searchParams } = useUrlParams();
  // A filter or sort applies at once, as a discrete update (as typing in the search box does); the
  // URL, which Next syncs in a transition, catches up a moment later. The change counts until the
  // URL changes (it caught up, or Back changed it).
  const url = searchParams?.toString() ?? "";
  const [applied, setApplied] = useState<{ patch: UrlPatch; over: string }>();
  // Once the URL moved, the change is spent: Back to the same URL later must not bring it back.
  if (applied && applied.over !== url) setApplied(undefined);
  const pending = applied && applied.over === url ? applied.patch : undefined;
  const get = (key: string) => (pending && key in pending ? pending[key] || undefined : urlGet(key));
  const update = (patch: UrlPatch) => {
    setApplied({ patch: { ...pending, ...patch }, over: url });
    urlUpdate(patch);
  };
  // The server renders the filters; they work once React has hydrated them.
  const hydrated = useHydrated();
  const params: CertificateListState = certificateListState(get);
  const { namespace, issuer, state, sort, dir, within, cluster } = params;
  // What the search box holds right now (the URL's `q` catches up after a pause).
  // It counts only until the URL's `q` changes (the URL caught up, or Back changed it).
  const [typed, setTyped] = useState<{ text: string; over?: string }>();
  const q = typed && typed.over === params.q ? typed.text : params.q;
  // Every row is held in the browser (no page limit); filters, search and sort apply locally.
  const { data: feed, error, isFetching, refetch } = useCertificateFeed();
  useRememberListQuery("/certificates");
  const stuckQuery = useStuckIssuance();
  const stuck = useMemo(
    () => new Map((stuckQuery.data?.items ?? []).map((i) => [stuckKey(i), i])),
    [stuckQuery.data],
  );
  const issuers = useIssuers();
  const full = useMemo((): Shown | undefined => {
    if (!feed) return undefined;
    const { items, total } = feed.index.query(
      rowQueryOf({ namespace, issuer, state, sort, dir, within, cluster }, q),
    );
    return {
      items,
      total,
      namespaces: feed.index.namespaces,
      issuers: feed.index.issuers.map((f) => f.name),
      complete: true,
    };
  }, [feed, q, namespace, issuer, state, sort, dir, within, cluster]);
  // Before every row is here: the server's first screen, when it answers this very list state.
  const data: Shown | undefined =
    full ??
    (initial && initial.key === listStateKey({ ...params, q })
      ? {
          items: initial.rows,
          total: initial.total,
          namespaces: initial.namespaces,
          issuers: initial.issuers,
          complete: initial.rows.length === initial.total,
        }
      : undefined);
  const loadingRest = !full && !!data && !data.complete;
  // Only the `within` view lists them (nothing renews them): not asked for otherwise.
  const unmanaged = useTlsSecrets({ managed: false }, { enabled: !!within });
  const unmanagedExpiring = within
    ? (unmanaged.data?.items ?? []).filter(
        (s) => !s.managed && (!namespace || s.namespace === namespace) && expiresWithin(s, Number(within)),
      )
    : [];

  const menuNamespaces = data?.namespaces;
  const namespaces = useMemo(() => {
    const set = new Set(menuNamespaces ?? []);
    if (namespace) set.add(namespace);
    return [...set].sort();
  }, [menuNamespaces, namespace]);

  const menuIssuers = data?.issuers;
  const issuerOptions = useMemo(() => {
    const set = new Set<string>(menuIssuers ?? issuers.data?.items.map((i) => i.name) ?? []);
    if (issuer) set.add(issuer);
    return [...set].sort();
  }, [menuIssuers, issuers.data, issuer]);

  const filtered = Boolean(q || namespace || issuer || state || within || cluster);
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
    const next: SortDir = sort === column && dir !== "desc" ? "desc" : "asc";
    update({ sort: column, dir: next });
  };

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center gap-2 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
        <SearchBox
          value={params.q ?? ""}
          onChange={(q) => update({ q })}
          onType={(text) => setTyped({ text, over: params.q })}
          disabled={!hydrated}
        />
        <ClusterFilter value={cluster} onChange={(c) => update({ cluster: c })} />
        <Select
          label="Namespace"
          data-testid="filter-namespace"
          disabled={!hydrated}
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
          label="Issuer"
          data-testid="filter-issuer"
          disabled={!hydrated}
          value={issuer ?? ""}
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
          disabled={!hydrated}
          value={state ?? ""}
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
            disabled={!hydrated}
            data-testid="filter-within"
            aria-label={`Remove the filter: expiring within ${within} days`}
          >
            Expiring within {within} days
            <XIcon size={12} />
          </Button>
        ) : null}
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={clearFilters}
            disabled={!hydrated}
            data-testid="clear-filters-inline"
          >
            <XIcon size={13} />
            Clear
          </Button>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          {data ? (
            <span data-testid="certificate-count" data-complete={full ? "" : undefined}>
              {data.items.length === data.total
                ? `${data.total} certificate${data.total === 1 ? "" : "s"}`
                : `${data.items.length} of ${data.total}${loadingRest ? ", loading the rest…" : ""}`}
            </span>
          ) : null}
          {full ? (
            <DownloadCsvButton
              name={exportName("certificates", [
                namespace,
                issuer,
                state,
                params.q,
                within ? `within-${within}d` : undefined,
              ])}
              count={full.items.length}
              csv={() => certificatesToCsv(full.items)}
            />
          ) : null}
          <Button
            variant="ghost"
            size="sm"
            aria-label="Refresh"
            title="Refresh"
            onClick={() => refetch()}
            disabled={isFetching || !hydrated}
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
      ) : !data ? (
        <TableSkeleton columns={8} />
      ) : data.items.length === 0 ? (
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
              <Button onClick={clearFilters} disabled={!hydrated} data-testid="clear-filters">
                Clear filters
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          {error ? (
            <div className="border-zinc-200 border-b p-3 dark:border-zinc-800">
              <ErrorPanel error={error} />
            </div>
          ) : null}
          <CertificateTable rows={data.items} sort={sort} dir={dir} onSort={onSort} stuck={stuck} />
          {loadingRest ? (
            <p
              data-testid="certificate-list-loading"
              className="flex items-center gap-2 border-zinc-200 border-t px-4 py-2.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
            >
              <RefreshIcon size={12} className="animate-spin" />
              The first {data.items.length} of {data.total} certificates; loading the other{" "}
              {data.total - data.items.length}…
            </p>
          ) : null}
        </>
      )}
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
