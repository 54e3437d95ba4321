"use client";

import Link from "next/link";
import { useMemo } from "react";
import { ExpiryLevelBadge } from "@/components/certificates/badges";
import { issuerHref, secretHref } from "@/components/links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ClusterBadge, ClusterFilter, inClusterFilter } from "@/components/ui/cluster";
import { DataTable, Td, trClass, useTableSort } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { IssuerIcon } from "@/components/ui/icons";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useUrlParams } from "@/components/ui/use-url-params";
import { useClusters } from "@/lib/client/cluster";
import { useIssuers } from "@/lib/client/inventory";
import { formatDate, formatDaysLeft } from "@/lib/format";
import type { IssuerRow, IssuerType } from "@/lib/types";

/** How each issuer type is named on the pages. */
export const ISSUER_TYPE_LABEL: Record<IssuerType, string> = {
  selfSigned: "Self-signed",
  ca: "CA",
  acme: "ACME",
  vault: "Vault",
  venafi: "Venafi",
  unknown: "Unknown",
};

/** Ready badge with the reason and message when not Ready (`wrap`: the whole message, on a page). */
export function ReadyCell({ issuer, wrap = false }: { issuer: IssuerRow; wrap?: boolean }) {
  const tone = issuer.ready === "True" ? "green" : issuer.ready === "False" ? "red" : "gray";
  const label = issuer.ready === "True" ? "Ready" : issuer.ready === "False" ? "Not ready" : "Unknown";
  return (
    <div className="flex min-w-0 flex-col items-start gap-0.5">
      <Badge tone={tone} dot data-testid="issuer-ready" data-ready={issuer.ready}>
        {label}
      </Badge>
      {issuer.ready !== "True" && (issuer.readyReason || issuer.readyMessage) ? (
        <span
          className={`${wrap ? "break-words" : "line-clamp-2 max-w-[10rem] break-words"} text-red-600 text-xs dark:text-red-400`}
          title={issuer.readyMessage}
        >
          {issuer.readyReason}
          {issuer.readyMessage ? <span className="text-zinc-500"> · {issuer.readyMessage}</span> : null}
        </span>
      ) : null}
    </div>
  );
}

/** The issuer's name, linked to its page. */
function IssuerName({ issuer, fleet }: { issuer: IssuerRow; fleet: boolean }) {
  const href = issuerHref(
    { kind: issuer.kind, name: issuer.name },
    issuer.namespace,
    fleet ? issuer.cluster : undefined,
  );
  return href ? (
    <Link href={href} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="issuer-link">
      {issuer.name}
    </Link>
  ) : (
    <span>{issuer.name}</span>
  );
}

export function IssuersView() {
  const { data, error, isPending, refetch } = useIssuers();
  const { get, update } = useUrlParams();
  const cluster = get("cluster");
  // Several clusters: a Cluster column and filter; links carry the row's cluster.
  const fleet = useClusters().data?.fleet === true;
  const items = useMemo(() => inClusterFilter(data?.items ?? [], cluster), [data, cluster]);
  const { rows, sort, dir, onSort } = useTableSort(items, {
    kind: (i) => i.kind,
    namespace: (i) => i.namespace ?? "",
    name: (i) => i.name,
    expires: (i) => i.ca?.notAfter,
  });

  if (error && !data)
    return (
      <ErrorPanel
        error={error}
        action={
          <Button size="sm" onClick={() => refetch()}>
            Try again
          </Button>
        }
      />
    );

  return (
    <Card className="overflow-hidden">
      {fleet ? (
        <div className="flex flex-wrap items-center gap-2 border-zinc-200 border-b px-4 py-3 dark:border-zinc-800">
          <ClusterFilter value={cluster} onChange={(c) => update({ cluster: c })} />
        </div>
      ) : null}
      {isPending ? (
        <TableSkeleton columns={6} rows={4} />
      ) : !data || data.items.length === 0 ? (
        <EmptyState
          icon={<IssuerIcon size={20} />}
          title="No issuers"
          description="Create an Issuer or ClusterIssuer for cert-manager to sign certificates."
        />
      ) : (
        <DataTable
          headers={[
            ...(fleet ? ["Cluster"] : []),
            { label: "Kind", sort: "kind" },
            { label: "Namespace", sort: "namespace" },
            { label: "Name", sort: "name" },
            "Type",
            "Ready",
            "CA subject",
            { label: "CA expires", sort: "expires" },
          ]}
          sort={sort}
          dir={dir}
          onSort={onSort}
          label="Issuers"
          testId="issuers-table"
          minWidth={900}
        >
          {rows.map((issuer) => (
            <tr
              key={`${issuer.cluster ?? ""}:${issuer.kind}/${issuer.namespace ?? ""}/${issuer.name}`}
              className={trClass}
              data-testid="issuer-row"
              data-name={issuer.name}
              data-kind={issuer.kind}
              data-cluster={fleet ? issuer.cluster : undefined}
            >
              {fleet ? <Td>{issuer.cluster ? <ClusterBadge cluster={issuer.cluster} /> : null}</Td> : null}
              <Td>
                <Badge tone={issuer.kind === "ClusterIssuer" ? "violet" : "gray"}>{issuer.kind}</Badge>
              </Td>
              <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {issuer.namespace ?? <span className="text-zinc-400">cluster-wide</span>}
              </Td>
              <Td className="font-medium">
                <IssuerName issuer={issuer} fleet={fleet} />
              </Td>
              <Td>
                {ISSUER_TYPE_LABEL[issuer.type]}
                {issuer.acmeServer ? (
                  <span
                    className="block max-w-[11rem] truncate text-xs text-zinc-500"
                    title={issuer.acmeServer}
                  >
                    {issuer.acmeServer}
                  </span>
                ) : null}
                {issuer.acmeAccountStatus ? (
                  <span
                    className="block max-w-[11rem] truncate text-xs text-zinc-500"
                    data-testid="acme-account"
                    data-status={issuer.acmeAccountStatus}
                    title={[issuer.acmeEmail, issuer.acmeAccountUri].filter(Boolean).join(" · ")}
                  >
                    account{" "}
                    {issuer.acmeAccountStatus === "failed" ? "not registered" : issuer.acmeAccountStatus}
                    {issuer.acmeEmail ? ` · ${issuer.acmeEmail}` : ""}
                  </span>
                ) : null}
              </Td>
              <Td>
                <ReadyCell issuer={issuer} />
              </Td>
              <Td className="max-w-[10rem]">
                {issuer.ca ? (
                  <span className="block truncate font-mono text-xs" title={issuer.ca.subject}>
                    {issuer.ca.subject}
                  </span>
                ) : issuer.caSecretName ? (
                  <span className="text-xs text-zinc-500">Secret {issuer.caSecretName} unreadable</span>
                ) : (
                  <span className="text-zinc-400 dark:text-zinc-600">—</span>
                )}
                {issuer.caSecretName ? (
                  <span className="block truncate text-[11px] text-zinc-500 dark:text-zinc-400">
                    from{" "}
                    {issuer.caSecretNamespace ? (
                      <Link
                        href={secretHref(
                          issuer.caSecretNamespace,
                          issuer.caSecretName,
                          fleet ? issuer.cluster : undefined,
                        )}
                        className="text-sky-700 hover:underline dark:text-sky-400"
                        data-testid="ca-secret-link"
                      >
                        {issuer.caSecretNamespace}/{issuer.caSecretName}
                      </Link>
                    ) : (
                      issuer.caSecretName
                    )}
                  </span>
                ) : null}
              </Td>
              <Td>
                {issuer.ca ? (
                  <span className="flex flex-col items-start gap-0.5" title={issuer.ca.notAfter}>
                    <span className="whitespace-nowrap tabular-nums">{formatDate(issuer.ca.notAfter)}</span>
                    <span className="flex items-center gap-2 whitespace-nowrap">
                      <span className="text-xs text-zinc-500">{formatDaysLeft(issuer.ca.daysLeft)}</span>
                      <ExpiryLevelBadge level={issuer.ca.expiryLevel} />
                    </span>
                  </span>
                ) : (
                  <span className="text-zinc-400 dark:text-zinc-600">—</span>
                )}
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
