"use client";

import Link from "next/link";
import { linkClass } from "@/components/acme/acme-view";
import { DetailShell, UrlText } from "@/components/acme/detail-shell";
import { certificateHref } from "@/components/acme/links";
import { ExpiryLevelBadge, StateBadge } from "@/components/certificates/badges";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { DataTable, Td, trClass } from "@/components/ui/data-table";
import { EventList } from "@/components/ui/event-list";
import { Fact, Facts, Mono } from "@/components/ui/facts";
import { useIssuerDetail } from "@/lib/client/acme";
import { formatDate, formatDaysLeft, formatRelative } from "@/lib/format";
import type { IssuerRow } from "@/lib/types";
import { ISSUER_TYPE_LABEL, ReadyCell } from "./issuers-view";

const ACCOUNT: Record<
  NonNullable<IssuerRow["acmeAccountStatus"]>,
  { label: string; tone: "green" | "red" | "gray" }
> = {
  registered: { label: "Registered", tone: "green" },
  failed: { label: "Not registered", tone: "red" },
  pending: { label: "Pending", tone: "gray" },
};

/**
 * `/issuers/{namespace}/{name}` and `/clusterissuers/{name}`: kind, type, Ready, for ACME the
 * server, email, account and solvers, for CA the CA Secret, then the Certificates it signs and its
 * Events (a ClusterIssuer's are read where cert-manager records them).
 */
export function IssuerDetailView({
  kind,
  namespace,
  name,
}: {
  kind: "Issuer" | "ClusterIssuer";
  namespace?: string;
  name: string;
}) {
  const { data, error, isPending, refetch } = useIssuerDetail(kind, namespace, name);
  // Links to the certificates it signs stay in this issuer's cluster (a fleet page names it).
  const cluster = usePageClusterParam();
  return (
    <DetailShell
      title={name}
      crumbs={[{ href: "/issuers", label: "Issuers" }]}
      error={error && !data ? error : undefined}
      pending={isPending || !data}
      refetch={refetch}
    >
      {() => {
        const { row, acme, certificates, events, conditions, eventNamespaces } = data!;
        return (
          <div className="space-y-6" data-testid="issuer-detail" data-kind={row.kind} data-type={row.type}>
            <div>
              <h1 className="flex flex-wrap items-center gap-3 font-semibold text-2xl tracking-tight">
                <span className="min-w-0 break-all">
                  {row.namespace ? (
                    <span className="font-normal text-zinc-400 dark:text-zinc-500">{row.namespace}/</span>
                  ) : null}
                  {row.name}
                </span>
                <Badge tone={row.kind === "ClusterIssuer" ? "violet" : "gray"}>{row.kind}</Badge>
              </h1>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
                {ISSUER_TYPE_LABEL[row.type]} issuer
                {row.kind === "ClusterIssuer" ? ", for every namespace" : ""}
              </p>
            </div>
            <Card>
              <CardHeader title="Issuer" />
              <div className="px-5 py-4">
                <Facts columns={3}>
                  <Fact label="Type" testId="issuer-type">
                    {ISSUER_TYPE_LABEL[row.type]}
                  </Fact>
                  <Fact label="Ready" testId="issuer-ready-fact">
                    <ReadyCell issuer={row} wrap />
                  </Fact>
                  {row.caSecretName ? (
                    <Fact label="CA Secret" testId="issuer-ca-secret">
                      <Mono>
                        {row.caSecretNamespace ? `${row.caSecretNamespace}/` : ""}
                        {row.caSecretName}
                      </Mono>
                      {row.caProblem ? (
                        <span className="block text-red-700 text-xs dark:text-red-400">{row.caProblem}</span>
                      ) : null}
                    </Fact>
                  ) : null}
                  {row.ca ? (
                    <Fact label="CA certificate" wide>
                      <Mono>{row.ca.subject}</Mono>
                      <span className="mt-1 flex items-center gap-2 text-xs text-zinc-500">
                        expires {formatDate(row.ca.notAfter)} ({formatDaysLeft(row.ca.daysLeft)})
                        <ExpiryLevelBadge level={row.ca.expiryLevel} />
                      </span>
                    </Fact>
                  ) : null}
                </Facts>
              </div>
            </Card>
            {acme ? (
              <Card data-testid="issuer-acme">
                <CardHeader
                  title="ACME account"
                  description="spec.acme and status.acme; the account key is never read."
                />
                <div className="px-5 py-4">
                  <Facts columns={2}>
                    <Fact label="Server" wide testId="acme-server">
                      <UrlText url={acme.server} />
                    </Fact>
                    <Fact label="Email" testId="acme-email">
                      {acme.email ?? <span className="text-zinc-400">none</span>}
                    </Fact>
                    <Fact label="Account" testId="acme-account-status">
                      <Badge tone={ACCOUNT[acme.accountStatus].tone} dot data-status={acme.accountStatus}>
                        {ACCOUNT[acme.accountStatus].label}
                      </Badge>
                      {acme.accountStatus === "failed" && row.readyMessage ? (
                        <span className="mt-1 block text-red-700 text-xs dark:text-red-400">
                          {row.readyMessage}
                        </span>
                      ) : null}
                    </Fact>
                    <Fact label="Account URI" wide testId="acme-account-uri">
                      <UrlText url={acme.accountUri} />
                    </Fact>
                    <Fact label="Account key Secret">
                      {acme.privateKeySecret ? <Mono>{acme.privateKeySecret}</Mono> : "—"}
                    </Fact>
                    <Fact label="Server trust">
                      {acme.skipTLSVerify ? (
                        <Badge tone="red">skipTLSVerify: the server is not verified</Badge>
                      ) : acme.caBundle ? (
                        "caBundle (a private CA)"
                      ) : (
                        "the system's CAs"
                      )}
                    </Fact>
                    <Fact label="Solvers" wide testId="acme-solvers">
                      {acme.solvers.length ? (
                        <ul className="space-y-0.5">
                          {acme.solvers.map((s, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: solvers are ordered, not keyed
                            <li key={i} data-testid="acme-solver">
                              {s}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        "none: no Challenge can be solved"
                      )}
                    </Fact>
                  </Facts>
                </div>
              </Card>
            ) : null}
            <Card className="overflow-hidden">
              <CardHeader
                title="Certificates it signs"
                description={`Certificates whose issuerRef names this ${row.kind}.`}
              />
              {certificates.length === 0 ? (
                <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400">No Certificate uses it.</p>
              ) : (
                <DataTable
                  headers={["Certificate", "State", "Expires", ""]}
                  testId="issuer-certificates"
                  minWidth={600}
                >
                  {certificates.map((c) => (
                    <tr
                      key={`${c.namespace}/${c.name}`}
                      className={trClass}
                      data-testid="issuer-certificate"
                      data-name={c.name}
                    >
                      <Td>
                        <Link href={certificateHref(c.namespace, c.name, cluster)} className={linkClass}>
                          <span className="text-zinc-500 dark:text-zinc-400">{c.namespace}/</span>
                          {c.name}
                        </Link>
                      </Td>
                      <Td>
                        <StateBadge row={c} />
                      </Td>
                      <Td className="whitespace-nowrap tabular-nums">
                        {(c.notAfter ?? c.statusNotAfter) ? formatDate(c.notAfter ?? c.statusNotAfter) : "—"}
                        <span className="ml-2 text-xs text-zinc-500">{formatDaysLeft(c.daysLeft)}</span>
                      </Td>
                      <Td>
                        <ExpiryLevelBadge level={c.expiryLevel} />
                      </Td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </Card>
            {conditions.length > 0 ? (
              <Card>
                <CardHeader title="Conditions" description="status.conditions" />
                <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                  {conditions.map((c) => (
                    <li key={c.type} className="px-5 py-3 text-sm" data-testid="condition" data-type={c.type}>
                      <span className="font-medium">{c.type}</span>{" "}
                      <span className="text-zinc-500">{c.status}</span>
                      {c.reason ? <span className="ml-2 font-mono text-xs">{c.reason}</span> : null}
                      {c.message ? (
                        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{c.message}</p>
                      ) : null}
                      {c.lastTransitionTime ? (
                        <p className="mt-0.5 text-[11px] text-zinc-400" title={c.lastTransitionTime}>
                          {formatRelative(c.lastTransitionTime)}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            <Card>
              <CardHeader
                title="Events"
                description={
                  row.kind === "ClusterIssuer"
                    ? `A ClusterIssuer has no namespace: cert-manager records its events in ${eventNamespaces.join(" or ")}.`
                    : "Recent Kubernetes events for this Issuer"
                }
              />
              <EventList events={events} />
            </Card>
          </div>
        );
      }}
    </DetailShell>
  );
}
