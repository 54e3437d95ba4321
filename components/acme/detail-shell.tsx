"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api-client";

const link = "text-sky-700 hover:underline dark:text-sky-400";

/**
 * The frame of a read-only detail page (Order, Challenge, Issuer): breadcrumb, then the error
 * (404 links back), the skeleton while loading, or the page.
 */
export function DetailShell({
  title,
  crumbs,
  error,
  pending,
  refetch,
  children,
}: {
  title: ReactNode;
  /** Breadcrumb links, outermost first; the last item is the page itself (not linked). */
  crumbs: { href: string; label: string }[];
  error: unknown;
  pending: boolean;
  refetch: () => void;
  children: () => ReactNode;
}) {
  const eyebrow = (
    <nav aria-label="Breadcrumb" className="flex flex-wrap gap-1">
      {crumbs.map((c) => (
        <span key={c.href} className="flex gap-1">
          <Link href={c.href} className={link}>
            {c.label}
          </Link>
          <span aria-hidden="true">/</span>
        </span>
      ))}
      <span className="break-all">{title}</span>
    </nav>
  );
  if (error) {
    const back = crumbs[crumbs.length - 1];
    return (
      <>
        <PageHeader title={<span className="break-all">{title}</span>} eyebrow={eyebrow} />
        <ErrorPanel
          error={error}
          action={
            error instanceof ApiError && error.status === 404 && back ? (
              <Link href={back.href} className={link}>
                Back to {back.label}
              </Link>
            ) : (
              <Button size="sm" onClick={() => refetch()}>
                Try again
              </Button>
            )
          }
        />
      </>
    );
  }
  if (pending)
    return (
      <>
        <PageHeader title={<span className="break-all">{title}</span>} eyebrow={eyebrow} />
        <Card>
          <TableSkeleton rows={6} columns={2} />
        </Card>
      </>
    );
  return (
    <>
      <div className="mb-1.5 text-xs text-zinc-500 dark:text-zinc-400">{eyebrow}</div>
      {children()}
    </>
  );
}

/** A long URL shown whole (wrapping), in mono. */
export function UrlText({ url }: { url?: string }) {
  if (!url) return <span className="text-zinc-400 dark:text-zinc-600">—</span>;
  return <span className="break-all font-mono text-[12.5px]">{url}</span>;
}
