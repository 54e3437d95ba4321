"use client";

import Link from "next/link";
import { requestHref } from "@/components/requests/request-links";
import { Card, CardHeader } from "@/components/ui/card";
import { usePageClusterParam } from "@/components/ui/cluster";
import { useAcmeChallenges, useAcmeOrders } from "@/lib/client/acme";
import { formatAge } from "@/lib/format";
import { AcmeStateBadge } from "./acme-badges";
import { linkClass } from "./acme-view";
import { challengeHref, inCluster, orderHref } from "./links";

/**
 * The ACME Orders of one Certificate (one per revision issued through ACME), newest first, each
 * with its Challenges. Live: Orders and Challenges are watched kinds, so a renewal's new Order
 * appears and moves through pending → ready → valid without a reload. Renders nothing for a
 * Certificate no ACME Order has served.
 */
export function CertificateOrders({
  namespace,
  name,
  limit,
}: {
  namespace: string;
  name: string;
  /** Show the newest few (the request page passes one CertificateRequest instead). */
  limit?: number;
}) {
  const cluster = usePageClusterParam();
  const orders = useAcmeOrders({ namespace, certificate: name });
  const challenges = useAcmeChallenges({ namespace, certificate: name });
  const items = [...(orders.data?.items ?? [])].sort(
    (a, b) => (b.revision ?? 0) - (a.revision ?? 0) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""),
  );
  if (items.length === 0) return null;
  const shown = limit ? items.slice(0, limit) : items;
  return (
    <section id="acme" aria-label="ACME orders" className="scroll-mt-20">
      <Card className="overflow-hidden">
        <CardHeader
          title="ACME orders"
          description="One per issuance through ACME, newest first; each proves its identifiers with Challenges."
          actions={
            <Link
              href={`/acme?namespace=${encodeURIComponent(namespace)}`}
              className={`text-xs ${linkClass}`}
            >
              All ACME in {namespace}
            </Link>
          }
        />
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" data-testid="certificate-orders">
          {shown.map((o) => {
            const mine = (challenges.data?.items ?? []).filter((c) => c.order === o.name);
            return (
              <li
                key={o.name}
                className="px-5 py-3"
                data-testid="certificate-order"
                data-name={o.name}
                data-state={o.state ?? ""}
                data-revision={o.revision ?? ""}
              >
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Link
                    href={orderHref(namespace, o.name, cluster)}
                    className={`font-mono text-xs ${linkClass}`}
                    data-testid="order-link"
                  >
                    {o.name}
                  </Link>
                  <AcmeStateBadge state={o.state} />
                  {o.revision ? <span className="text-xs text-zinc-500">revision {o.revision}</span> : null}
                  {o.certificateRequest ? (
                    <Link
                      href={inCluster(requestHref(namespace, o.certificateRequest), cluster)}
                      className={`text-xs ${linkClass}`}
                    >
                      request {o.certificateRequest}
                    </Link>
                  ) : null}
                  <span className="ml-auto text-xs text-zinc-400 tabular-nums" title={o.createdAt}>
                    {formatAge(o.createdAt)} ago
                  </span>
                </div>
                {o.reason ? <p className="mt-1 text-red-700 text-xs dark:text-red-400">{o.reason}</p> : null}
                {mine.length ? (
                  <ul className="mt-2 space-y-1 border-zinc-200 border-l-2 pl-3 dark:border-zinc-700">
                    {mine.map((c) => (
                      <li
                        key={c.name}
                        className="text-xs"
                        data-testid="certificate-challenge"
                        data-state={c.state ?? ""}
                      >
                        <div className="flex flex-wrap items-center gap-2">
                          <Link
                            href={challengeHref(namespace, c.name, cluster)}
                            className={`font-mono ${linkClass}`}
                          >
                            {c.type} {c.dnsName}
                          </Link>
                          <AcmeStateBadge state={c.state} />
                        </div>
                        {c.reason ? (
                          <p className="mt-0.5 break-words text-zinc-600 dark:text-zinc-400">{c.reason}</p>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
        {limit && items.length > limit ? (
          <p className="border-zinc-100 border-t px-5 py-2 text-xs text-zinc-500 dark:border-zinc-800/70">
            {items.length - limit} older order{items.length - limit === 1 ? "" : "s"} on the{" "}
            <Link href={`/acme?namespace=${encodeURIComponent(namespace)}`} className={linkClass}>
              ACME page
            </Link>
            .
          </p>
        ) : null}
      </Card>
    </section>
  );
}
