"use client";

import Link from "next/link";
import { requestHref } from "@/components/requests/request-links";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { EventList } from "@/components/ui/event-list";
import { Fact, Facts, Mono } from "@/components/ui/facts";
import { useAcmeChallenge } from "@/lib/client/acme";
import { formatAge, formatDateTime } from "@/lib/format";
import { AcmeStateBadge } from "./acme-badges";
import { IssuerLink, linkClass } from "./acme-view";
import { DetailShell, UrlText } from "./detail-shell";
import { certificateHref, inCluster, orderHref } from "./links";

/** `/acme/challenges/{namespace}/{name}`: one ACME Challenge, why it waits or failed, and what it serves. */
export function ChallengeDetailView({ namespace, name }: { namespace: string; name: string }) {
  const cluster = usePageClusterParam();
  const { data, error, isPending, refetch } = useAcmeChallenge(namespace, name);
  return (
    <DetailShell
      title={name}
      crumbs={[{ href: `/acme?namespace=${encodeURIComponent(namespace)}`, label: `ACME in ${namespace}` }]}
      error={error && !data ? error : undefined}
      pending={isPending || !data}
      refetch={refetch}
    >
      {() => {
        const { challenge: c, events } = data!;
        return (
          <div className="space-y-6" data-testid="challenge-detail" data-state={c.state ?? ""}>
            <div>
              <h1 className="flex flex-wrap items-center gap-3 font-semibold text-2xl tracking-tight">
                <span className="min-w-0 break-all">
                  <span className="font-normal text-zinc-400 dark:text-zinc-500">{namespace}/</span>
                  {c.name}
                </span>
                <AcmeStateBadge state={c.state} />
              </h1>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
                {c.type} challenge for <Mono>{c.wildcard ? `*.${c.dnsName}` : c.dnsName}</Mono>
              </p>
            </div>
            {c.reason ? (
              <div
                role="status"
                data-testid="challenge-reason"
                className={`rounded-xl border p-4 text-sm ${
                  c.state === "valid"
                    ? "border-emerald-300/70 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/[0.07] dark:text-emerald-200"
                    : "border-amber-300/70 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/[0.07] dark:text-amber-200"
                }`}
              >
                <p className="font-semibold">Reason</p>
                <p className="mt-1 break-words">{c.reason}</p>
              </div>
            ) : null}
            <Card>
              <CardHeader title="Challenge" description="Read-only; the key authorization is never shown." />
              <div className="px-5 py-4">
                <Facts columns={3}>
                  <Fact label="State" testId="challenge-state">
                    <AcmeStateBadge state={c.state} />
                  </Fact>
                  <Fact label="Presented">
                    {c.presented ? (
                      <Badge tone="green">presented</Badge>
                    ) : (
                      <Badge tone="gray">not presented</Badge>
                    )}
                    {c.presentedAt ? (
                      <span className="ml-2 text-xs text-zinc-500" title={c.presentedAt}>
                        {formatDateTime(c.presentedAt)}
                      </span>
                    ) : null}
                  </Fact>
                  <Fact label="Processing">
                    {c.processing ? "yes (cert-manager is working on it)" : "no"}
                  </Fact>
                  <Fact label="Solver" testId="challenge-solver">
                    {c.solver ?? "—"}
                  </Fact>
                  <Fact label="Order" testId="challenge-order">
                    {c.order ? (
                      <Link
                        href={orderHref(namespace, c.order, cluster)}
                        className={linkClass}
                        data-testid="order-link"
                      >
                        {c.order}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Fact>
                  <Fact label="CertificateRequest" testId="challenge-request">
                    {c.certificateRequest ? (
                      <Link
                        href={inCluster(requestHref(namespace, c.certificateRequest), cluster)}
                        className={linkClass}
                        data-testid="request-link"
                      >
                        {c.certificateRequest}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Fact>
                  <Fact label="Certificate" testId="challenge-certificate">
                    {c.certificate ? (
                      <Link
                        href={certificateHref(namespace, c.certificate, cluster)}
                        className={linkClass}
                        data-testid="certificate-link"
                      >
                        {namespace}/{c.certificate}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Fact>
                  <Fact label="Issuer" testId="challenge-issuer">
                    <IssuerLink issuerRef={c.issuerRef} namespace={namespace} cluster={cluster} />
                  </Fact>
                  <Fact label="Created">
                    <span title={c.createdAt}>{formatAge(c.createdAt)} ago</span>
                  </Fact>
                  <Fact label="Authorization URL" wide testId="challenge-authorization-url">
                    <UrlText url={c.authorizationURL} />
                  </Fact>
                  <Fact label="Challenge URL" wide>
                    <UrlText url={c.url} />
                  </Fact>
                </Facts>
              </div>
            </Card>
            <Card>
              <CardHeader title="Events" description="Recent Kubernetes events for this Challenge" />
              <EventList events={events} />
            </Card>
          </div>
        );
      }}
    </DetailShell>
  );
}
