"use client";

import Link from "next/link";
import { type ReactNode, Suspense } from "react";
import { Card } from "@/components/ui/card";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Skeleton } from "@/components/ui/skeleton";
import { useAllCertificates, useTlsSecrets } from "@/lib/client/inventory";
import type { Tone } from "@/lib/format";
import { expiresWithin } from "@/lib/inventory/expiry-window";
import type { CertificateRow } from "@/lib/types";
import { ClusterStrip } from "./cluster-strip";
import { NeedsAttention } from "./needs-attention";

export interface CertificateCounts {
  total: number;
  ready: number;
  notReady: number;
  expired: number;
  /** Now is before notBefore: every client rejects it until then. */
  notYetValid: number;
  under7: number;
  under30: number;
  overdue: number;
  mismatch: number;
}

/** Tallies for the overview cards (one pass over the rows). */
export function countCertificates(rows: CertificateRow[]): CertificateCounts {
  const c: CertificateCounts = {
    total: 0,
    ready: 0,
    notReady: 0,
    expired: 0,
    notYetValid: 0,
    under7: 0,
    under30: 0,
    overdue: 0,
    mismatch: 0,
  };
  for (const row of rows) {
    c.total++;
    if (row.ready === "True") c.ready++;
    else c.notReady++;
    if (row.expiryLevel === "expired") c.expired++;
    if (row.expiryLevel === "not-yet-valid") c.notYetValid++;
    else if (row.daysLeft !== undefined && row.daysLeft < 7) c.under7++;
    if (row.expiryLevel !== "expired" && row.daysLeft !== undefined && row.daysLeft < 30) c.under30++;
    if (row.renewalOverdue) c.overdue++;
    if (row.expiryMismatch) c.mismatch++;
  }
  return c;
}

const ACCENT: Record<Tone, string> = {
  red: "text-red-600 dark:text-red-400",
  orange: "text-orange-600 dark:text-orange-400",
  amber: "text-amber-600 dark:text-amber-400",
  green: "text-emerald-600 dark:text-emerald-400",
  blue: "text-sky-600 dark:text-sky-400",
  violet: "text-violet-600 dark:text-violet-400",
  gray: "text-zinc-900 dark:text-zinc-50",
};

function StatCard({
  id,
  label,
  value,
  href,
  tone,
  hint,
}: {
  id: string;
  label: string;
  value: number | undefined;
  href: string;
  tone: Tone;
  hint?: ReactNode;
}) {
  const quiet = value === 0 && tone !== "gray" && tone !== "green";
  return (
    <Link href={href} data-testid={`stat-${id}`} className="group block focus-visible:outline-none">
      <Card className="h-full px-5 py-4 transition-all group-hover:border-zinc-300 group-hover:shadow-sm group-focus-visible:ring-2 group-focus-visible:ring-sky-500 dark:group-hover:border-zinc-700">
        <div className="text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
        <div
          data-testid="stat-value"
          className={`mt-2 font-semibold text-3xl tabular-nums tracking-tight ${quiet ? "text-zinc-300 dark:text-zinc-700" : ACCENT[tone]}`}
        >
          {value === undefined ? <Skeleton className="h-8 w-12" /> : value}
        </div>
        {hint ? <div className="mt-1 text-[11px] text-zinc-400 dark:text-zinc-500">{hint}</div> : null}
      </Card>
    </Link>
  );
}

export function OverviewView() {
  const certs = useAllCertificates();
  const unmanaged = useTlsSecrets({ managed: false });
  const counts = certs.data ? countCertificates(certs.data.items) : undefined;
  const unmanagedRows = unmanaged.data ? unmanaged.data.items.filter((s) => !s.managed) : undefined;
  const unmanagedCount = unmanagedRows?.length;
  // Unmanaged TLS Secrets expire too, and nothing renews them: they count in the expiry cards.
  const unmanagedWithin = (days: number) => unmanagedRows?.filter((s) => expiresWithin(s, days)).length ?? 0;
  const expiringHint = (days: number) => {
    const n = unmanagedWithin(days);
    return n ? `incl. ${n} unmanaged TLS Secret${n === 1 ? "" : "s"}` : "Certificates and unmanaged Secrets";
  };
  // Not yet valid (notBefore ahead): certificates and unmanaged TLS Secrets. The Secrets list filtered
  // to that state shows exactly these: a Certificate's state is its Secret's leaf.
  const unmanagedNotYetValid = unmanagedRows?.filter((s) => s.expiryLevel === "not-yet-valid").length ?? 0;

  return (
    <div className="space-y-8">
      {certs.error && !certs.data ? <ErrorPanel error={certs.error} /> : null}
      <ClusterStrip rows={certs.data?.items} />
      {/* It reads the gateway of the page's cluster (the URL): rendered in the browser under this boundary. */}
      <Suspense fallback={<Skeleton className="h-24 w-full" />}>
        <NeedsAttention />
      </Suspense>
      <section aria-label="Certificates">
        <h2 className="mb-3 font-medium text-sm text-zinc-500 dark:text-zinc-400">Certificates</h2>
        <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
          <StatCard
            id="total"
            label="Total certificates"
            value={counts?.total}
            href="/certificates"
            tone="gray"
          />
          <StatCard
            id="ready"
            label="Ready"
            value={counts?.ready}
            href="/certificates?state=ready"
            tone="green"
          />
          <StatCard
            id="not-ready"
            label="Not ready"
            value={counts?.notReady}
            href="/certificates?state=not-ready"
            tone="red"
          />
          <StatCard
            id="expired"
            label="Expired"
            value={counts?.expired}
            href="/certificates?state=expired"
            tone="red"
          />
          <StatCard
            id="not-yet-valid"
            label="Not yet valid"
            value={counts ? counts.notYetValid + unmanagedNotYetValid : undefined}
            href="/secrets?state=not-yet-valid"
            tone="red"
            hint={
              unmanagedNotYetValid
                ? `incl. ${unmanagedNotYetValid} unmanaged TLS Secret${unmanagedNotYetValid === 1 ? "" : "s"}`
                : "notBefore still ahead"
            }
          />
        </div>
      </section>
      <section aria-label="Expiry">
        <h2 className="mb-3 font-medium text-sm text-zinc-500 dark:text-zinc-400">Expiry &amp; renewal</h2>
        <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <StatCard
            id="under-7"
            label="Expiring in < 7 days"
            value={counts ? counts.under7 + unmanagedWithin(7) : undefined}
            href="/certificates?within=7"
            tone="orange"
            hint={expiringHint(7)}
          />
          <StatCard
            id="under-30"
            label="Expiring in < 30 days"
            value={counts ? counts.under30 + unmanagedWithin(30) : undefined}
            href="/certificates?within=30&sort=expires&dir=asc"
            tone="amber"
            hint={expiringHint(30)}
          />
          <StatCard
            id="overdue"
            label="Renewal overdue"
            value={counts?.overdue}
            href="/certificates?state=overdue"
            tone="red"
          />
          <StatCard
            id="unmanaged"
            label="Unmanaged TLS secrets"
            value={unmanaged.error ? undefined : unmanagedCount}
            href="/secrets?managed=false"
            tone="amber"
            hint={unmanaged.error ? "Cannot list secrets" : "Nothing renews these"}
          />
        </div>
      </section>
      {counts && counts.mismatch > 0 ? (
        <Link
          href="/certificates?state=mismatch"
          className="block rounded-xl border border-violet-300/60 bg-violet-50 px-4 py-3 text-sm text-violet-800 dark:border-violet-500/30 dark:bg-violet-500/10 dark:text-violet-200"
        >
          {counts.mismatch} certificate{counts.mismatch === 1 ? "" : "s"} where status.notAfter disagrees with
          the Secret →
        </Link>
      ) : null}
    </div>
  );
}
