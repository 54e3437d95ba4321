"use client";

import Link from "next/link";
import { useMemo } from "react";
import { requestHref } from "@/components/requests/request-links";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ClusterBadge, usePageClusterParam } from "@/components/ui/cluster";
import { DataTable, Td, trClass } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Select } from "@/components/ui/field";
import { AcmeIcon } from "@/components/ui/icons";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useUrlParams } from "@/components/ui/use-url-params";
import type { AcmeChallengeRow, AcmeOrderRow } from "@/lib/acme/orders";
import { useAcmeChallenges, useAcmeOrders } from "@/lib/client/acme";
import { useClusters } from "@/lib/client/cluster";
import { formatAge } from "@/lib/format";
import { AcmeStateBadge } from "./acme-badges";
import { certificateHref, challengeHref, inCluster, issuerHref, orderHref } from "./links";

export const linkClass = "text-sky-700 hover:underline dark:text-sky-400";

/** `namespace/name` of an issuerRef, linked to the issuer's page. */
export function IssuerLink({
  issuerRef,
  namespace,
  cluster,
}: {
  issuerRef: { kind: string; name: string; group?: string };
  namespace: string;
  /** The fleet cluster of the referring object (its issuer lives there). */
  cluster?: string;
}) {
  const href = issuerHref(issuerRef, namespace, cluster);
  const label = (
    <>
      <span className="text-zinc-500 dark:text-zinc-400">{issuerRef.kind}/</span>
      {issuerRef.name}
    </>
  );
  return href ? (
    <Link href={href} className={linkClass} data-testid="issuer-link">
      {label}
    </Link>
  ) : (
    <span>{label}</span>
  );
}

/**
 * The cluster of an ACME row's objects: the row's own in a merged fleet list, else the cluster of the
 * page it is shown on (`?cluster=`), else none (the default cluster).
 */
function useRowCluster(): (row: { cluster?: string }) => string | undefined {
  const fleet = useClusters().data?.fleet === true;
  const page = usePageClusterParam();
  return (row) => (fleet && row.cluster ? row.cluster : page);
}

/** The Orders table (the /acme page, an issuer's page); with several clusters, each row's cluster. */
export function OrdersTable({
  rows,
  showNamespace = true,
}: {
  rows: readonly (AcmeOrderRow & { cluster?: string })[];
  showNamespace?: boolean;
}) {
  const clusterOf = useRowCluster();
  return (
    <DataTable
      headers={[
        ...(showNamespace ? ["Namespace"] : []),
        "Order",
        "State",
        "Certificate",
        "Request",
        "Identifiers",
        "Age",
      ]}
      testId="orders-table"
      minWidth={900}
    >
      {rows.map((o) => (
        <tr
          key={`${o.cluster ?? ""}:${o.namespace}/${o.name}`}
          className={trClass}
          data-testid="order-row"
          data-name={o.name}
          data-cluster={clusterOf(o)}
        >
          {showNamespace ? (
            <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">{o.namespace}</Td>
          ) : null}
          <Td className="font-mono text-xs">
            {clusterOf(o) && o.cluster ? <ClusterBadge cluster={o.cluster} /> : null}
            <Link
              href={orderHref(o.namespace, o.name, clusterOf(o))}
              className={linkClass}
              data-testid="order-link"
            >
              {o.name}
            </Link>
          </Td>
          <Td>
            <AcmeStateBadge state={o.state} />
            {o.reason ? (
              <span
                className="mt-0.5 block max-w-xs truncate text-red-600 text-xs dark:text-red-400"
                title={o.reason}
              >
                {o.reason}
              </span>
            ) : null}
          </Td>
          <Td className="whitespace-nowrap">
            {o.certificate ? (
              <Link
                href={certificateHref(o.namespace, o.certificate, clusterOf(o))}
                className={linkClass}
                data-testid="certificate-link"
              >
                {o.certificate}
              </Link>
            ) : (
              "—"
            )}
            {o.revision ? <span className="text-xs text-zinc-500"> · rev {o.revision}</span> : null}
          </Td>
          <Td className="font-mono text-xs">
            {o.certificateRequest ? (
              <Link
                href={inCluster(requestHref(o.namespace, o.certificateRequest), clusterOf(o))}
                className={linkClass}
                data-testid="request-link"
              >
                {o.certificateRequest}
              </Link>
            ) : (
              "—"
            )}
          </Td>
          <Td className="max-w-[16rem] font-mono text-xs">
            <span className="block truncate" title={o.dnsNames.join(", ")}>
              {o.dnsNames.join(", ") || o.commonName || "—"}
            </span>
          </Td>
          <Td className="whitespace-nowrap text-zinc-500 tabular-nums">
            <span title={o.createdAt}>{formatAge(o.createdAt)}</span>
          </Td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The Challenges table (the /acme page, an Order's page). */
export function ChallengesTable({
  rows,
  showNamespace = true,
}: {
  rows: readonly (AcmeChallengeRow & { cluster?: string })[];
  showNamespace?: boolean;
}) {
  const clusterOf = useRowCluster();
  return (
    <DataTable
      headers={[
        ...(showNamespace ? ["Namespace"] : []),
        "Challenge",
        "Type",
        "Domain",
        "State",
        "Certificate",
        "Order",
      ]}
      testId="challenges-table"
      minWidth={960}
    >
      {rows.map((c) => (
        <tr
          key={`${c.cluster ?? ""}:${c.namespace}/${c.name}`}
          className={trClass}
          data-testid="challenge-row"
          data-name={c.name}
          data-cluster={clusterOf(c)}
        >
          {showNamespace ? (
            <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">{c.namespace}</Td>
          ) : null}
          <Td className="font-mono text-xs">
            {clusterOf(c) && c.cluster ? <ClusterBadge cluster={c.cluster} /> : null}
            <Link
              href={challengeHref(c.namespace, c.name, clusterOf(c))}
              className={linkClass}
              data-testid="challenge-link"
            >
              {c.name}
            </Link>
          </Td>
          <Td className="whitespace-nowrap">{c.type}</Td>
          <Td className="font-mono text-xs">
            {c.wildcard ? "*." : ""}
            {c.dnsName}
          </Td>
          <Td className="max-w-[22rem]">
            <AcmeStateBadge state={c.state} />
            {c.reason ? (
              <span
                className="mt-0.5 block truncate text-xs text-zinc-600 dark:text-zinc-400"
                title={c.reason}
                data-testid="challenge-reason"
              >
                {c.reason}
              </span>
            ) : null}
          </Td>
          <Td className="whitespace-nowrap">
            {c.certificate ? (
              <Link href={certificateHref(c.namespace, c.certificate, clusterOf(c))} className={linkClass}>
                {c.certificate}
              </Link>
            ) : (
              "—"
            )}
          </Td>
          <Td className="font-mono text-xs">
            {c.order ? (
              <Link href={orderHref(c.namespace, c.order, clusterOf(c))} className={linkClass}>
                {c.order}
              </Link>
            ) : (
              "—"
            )}
          </Td>
        </tr>
      ))}
    </DataTable>
  );
}

/** `/acme`: every ACME Order and Challenge the identity may list, filtered by namespace. */
export function AcmeView() {
  const { get, update } = useUrlParams();
  const namespace = get("namespace");
  const orders = useAcmeOrders({ namespace });
  const challenges = useAcmeChallenges({ namespace });
  const all = useAcmeOrders();
  const namespaces = useMemo(() => {
    const set = new Set((all.data?.items ?? []).map((o) => o.namespace));
    if (namespace) set.add(namespace);
    return [...set].sort();
  }, [all.data, namespace]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-2">
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
      </div>
      <section aria-label="Orders">
        <Card className="overflow-hidden">
          <CardHeader
            title="Orders"
            description="One per ACME issuance: made for a CertificateRequest, it holds one authorization per identifier."
          />
          {orders.error && !orders.data ? (
            <div className="p-4">
              <ErrorPanel
                error={orders.error}
                action={
                  <Button size="sm" onClick={() => orders.refetch()}>
                    Try again
                  </Button>
                }
              />
            </div>
          ) : orders.isPending ? (
            <TableSkeleton columns={6} rows={3} />
          ) : !orders.data?.items.length ? (
            <EmptyState
              icon={<AcmeIcon size={20} />}
              title="No ACME orders"
              description="cert-manager creates an Order when a Certificate with an ACME issuer is issued or renewed."
            />
          ) : (
            <OrdersTable rows={orders.data.items} />
          )}
        </Card>
      </section>
      <section aria-label="Challenges">
        <Card className="overflow-hidden">
          <CardHeader
            title="Challenges"
            description="One per authorization while it is being proven (HTTP-01 or DNS-01); cert-manager deletes them once the Order is valid."
          />
          {challenges.error && !challenges.data ? (
            <div className="p-4">
              <ErrorPanel
                error={challenges.error}
                action={
                  <Button size="sm" onClick={() => challenges.refetch()}>
                    Try again
                  </Button>
                }
              />
            </div>
          ) : challenges.isPending ? (
            <TableSkeleton columns={6} rows={3} />
          ) : !challenges.data?.items.length ? (
            <EmptyState
              icon={<AcmeIcon size={20} />}
              title="No ACME challenges"
              description="No authorization is being proven right now."
            />
          ) : (
            <ChallengesTable rows={challenges.data.items} />
          )}
        </Card>
      </section>
    </div>
  );
}
