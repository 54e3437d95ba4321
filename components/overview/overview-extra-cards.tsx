"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useAllCertificates } from "@/lib/client/inventory";
import { useAuditSummary } from "@/lib/client/trust";

function MetricCard({
  metric,
  label,
  value,
  href,
  hint,
  accent,
}: {
  metric: string;
  label: string;
  value: number | undefined;
  href: string;
  hint: string;
  accent: string;
}) {
  return (
    <Link
      href={href}
      data-testid="overview-card"
      data-metric={metric}
      className="group block focus-visible:outline-none"
    >
      <Card className="h-full px-5 py-4 transition-all group-hover:border-zinc-300 group-hover:shadow-sm group-focus-visible:ring-2 group-focus-visible:ring-sky-500 dark:group-hover:border-zinc-700">
        <div className="text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
        <div
          data-testid="overview-card-value"
          className={`mt-2 font-semibold text-3xl tabular-nums tracking-tight ${value === 0 ? "text-zinc-300 dark:text-zinc-700" : accent}`}
        >
          {value === undefined ? <Skeleton className="h-8 w-12" /> : value}
        </div>
        <div className="mt-1 text-[11px] text-zinc-400 dark:text-zinc-500">{hint}</div>
      </Card>
    </Link>
  );
}

/**
 * The overview cards the count cards do not cover: the renewal window judged as a share of
 * lifetime (cert-manager renews at 2/3 by default, or at `status.renewalTime`), and trust-chain
 * problems from the audit (critical + warning).
 */
export function OverviewExtraCards() {
  const certs = useAllCertificates();
  const audit = useAuditSummary();
  const inWindow = certs.data?.items.filter((r) => r.expiryLevel === "renewal-window").length;
  const counts = audit.data?.counts;
  const problems = counts ? counts.critical + counts.warning : undefined;
  return (
    <section aria-label="Renewal and trust" className="grid grid-cols-2 gap-4 md:grid-cols-4">
      <MetricCard
        metric="renewal-window"
        label="In renewal window"
        value={inWindow}
        href="/certificates?state=renewal-window"
        hint="Past renewalTime, or ⅔ of lifetime"
        accent="text-amber-600 dark:text-amber-400"
      />
      <MetricCard
        metric="chain-problems"
        label="Chain problems"
        value={audit.data && !audit.data.available ? undefined : problems}
        href="/audit?severity=problems"
        hint={
          audit.data && !audit.data.available
            ? "Cannot read TLS secrets"
            : counts
              ? `${counts.critical} critical · ${counts.warning} warning`
              : "Trust audit"
        }
        accent="text-red-600 dark:text-red-400"
      />
    </section>
  );
}
