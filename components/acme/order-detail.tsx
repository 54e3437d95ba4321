"use client";

import Link from "next/link";
import { requestHref } from "@/components/requests/request-links";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { DataTable, Td, trClass } from "@/components/ui/data-table";
import { EventList } from "@/components/ui/event-list";
import { Chips, Fact, Facts } from "@/components/ui/facts";
import { useAcmeOrder } from "@/lib/client/acme";
import { formatAge, formatDateTime } from "@/lib/format";
import { AcmeStateBadge } from "./acme-badges";
import { ChallengesTable, IssuerLink, linkClass } from "./acme-view";
import { DetailShell, UrlText } from "./detail-shell";
import { certificateHref, inCluster } from "./links";

/** `/acme/orders/{namespace}/{name}`: one ACME Order, what it serves, its authorizations and Challenges. */
export function OrderDetailView({ namespace, name }: { namespace: string; name: string }) {
  const cluster = usePageClusterParam();
  const { data, error, isPending, refetch } = useAcmeOrder(namespace, name);
  return (
    <DetailShell
      title={name}
      crumbs={[{ href: `/acme?namespace=${encodeURIComponent(namespace)}`, label: `ACME in ${namespace}` }]}
      error={error && !data ? error : undefined}
      pending={isPending || !data}
      refetch={refetch}
    >
      {() => {
        const { order, challenges, events } = data!;
        return (
          <div className="space-y-6" data-testid="order-detail" data-state={order.state ?? ""}>
            <div>
              <h1 className="flex flex-wrap items-center gap-3 font-semibold text-2xl tracking-tight">
                <span className="min-w-0 break-all">
                  <span className="font-normal text-zinc-400 dark:text-zinc-500">{namespace}/</span>
                  {order.name}
                </span>
                <AcmeStateBadge state={order.state} />
              </h1>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
                ACME Order{order.revision ? ` for revision ${order.revision}` : ""}
                {order.certificate ? ` of Certificate ${order.certificate}` : ""}
              </p>
            </div>
            <Card>
              <CardHeader title="Order" description="status.state is the ACME server's (RFC 8555 §7.1.6)." />
              <div className="px-5 py-4">
                <Facts columns={3}>
                  <Fact label="State" testId="order-state">
                    <AcmeStateBadge state={order.state} />
                    {order.reason ? (
                      <span className="mt-1 block text-red-700 text-xs dark:text-red-400">
                        {order.reason}
                      </span>
                    ) : null}
                  </Fact>
                  <Fact label="Certificate" testId="order-certificate">
                    {order.certificate ? (
                      <Link
                        href={certificateHref(namespace, order.certificate, cluster)}
                        className={linkClass}
                        data-testid="certificate-link"
                      >
                        {namespace}/{order.certificate}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Fact>
                  <Fact label="CertificateRequest" testId="order-request">
                    {order.certificateRequest ? (
                      <Link
                        href={inCluster(requestHref(namespace, order.certificateRequest), cluster)}
                        className={linkClass}
                        data-testid="request-link"
                      >
                        {order.certificateRequest}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Fact>
                  <Fact label="Issuer" testId="order-issuer">
                    <IssuerLink issuerRef={order.issuerRef} namespace={namespace} cluster={cluster} />
                  </Fact>
                  <Fact label="Created">
                    <span title={order.createdAt}>{formatAge(order.createdAt)} ago</span>
                  </Fact>
                  {order.failureTime ? (
                    <Fact label="Failed">
                      <span title={order.failureTime}>{formatDateTime(order.failureTime)}</span>
                    </Fact>
                  ) : null}
                  <Fact label="Identifiers" wide>
                    <Chips
                      items={
                        order.dnsNames.length ? order.dnsNames : order.commonName ? [order.commonName] : []
                      }
                    />
                  </Fact>
                  <Fact label="Order URL" wide testId="order-url">
                    <UrlText url={order.url} />
                  </Fact>
                </Facts>
              </div>
            </Card>
            <Card className="overflow-hidden">
              <CardHeader
                title="Authorizations"
                description="One per identifier; the server offers several challenge types, cert-manager answers one."
              />
              {order.authorizations.length === 0 ? (
                <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400">
                  None yet: cert-manager has not created the order at the ACME server.
                </p>
              ) : (
                <DataTable
                  headers={["Identifier", "Initial state", "Offered", "Authorization URL"]}
                  testId="authorizations"
                  minWidth={760}
                >
                  {order.authorizations.map((a) => (
                    <tr key={a.url ?? a.identifier} className={trClass} data-testid="authorization">
                      <Td className="font-mono text-xs">
                        {a.wildcard ? "*." : ""}
                        {a.identifier ?? "—"}
                      </Td>
                      <Td>{a.initialState ?? "—"}</Td>
                      <Td className="text-xs">{a.offered.join(", ") || "—"}</Td>
                      <Td>
                        <UrlText url={a.url} />
                      </Td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </Card>
            <Card className="overflow-hidden">
              <CardHeader
                title="Challenges"
                description="cert-manager deletes them once the Order is valid."
              />
              {challenges.length === 0 ? (
                <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-challenges">
                  {order.state === "valid"
                    ? "None left: every authorization was proven and cert-manager cleaned up its Challenges."
                    : "No Challenge exists for this Order right now."}
                </p>
              ) : (
                <ChallengesTable rows={challenges} showNamespace={false} />
              )}
            </Card>
            <Card>
              <CardHeader title="Events" description="Recent Kubernetes events for this Order" />
              <EventList events={events} />
            </Card>
          </div>
        );
      }}
    </DetailShell>
  );
}
