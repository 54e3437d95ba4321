import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { CertificateListActions } from "@/components/actions/certificate-list-actions";
import { CertificatesView } from "@/components/certificates/certificates-view";
import { certificateListState, type FirstScreen, firstScreenOf } from "@/components/certificates/list-query";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { certificateRowIndex } from "@/lib/inventory/feed-service";
import { pageContext } from "@/lib/server/context";
import { runAs } from "@/lib/server/route";

export const metadata: Metadata = { title: "Certificates" };

type SearchParams = Record<string, string | string[] | undefined>;

/** How long the page waits for the rows before it lets the browser load them (a cold cache at 50,000 takes far longer). */
const FIRST_SCREEN_WAIT_MS = 2000;

export default function CertificatesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return (
    <>
      <PageHeader
        title="Certificates"
        description="Every cert-manager Certificate, with its Ready condition and the expiry read from the Secret itself."
        actions={<CertificateListActions />}
      />
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={8} />
          </Card>
        }
      >
        <CertificatesList searchParams={searchParams} />
      </Suspense>
    </>
  );
}

/** The list, with the first screen of rows rendered here (see `firstScreen`). */
async function CertificatesList({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <CertificatesView initial={await firstScreen(await searchParams)} />;
}

/**
 * The first screen of rows for the URL's filters and sort, read from the same feed the browser
 * then downloads whole (`/api/certificates/feed`), as the same person in the same kube context
 * (`pageContext`, `runAs`: what the feed's route handler acts with). Undefined when the rows are
 * not ready within FIRST_SCREEN_WAIT_MS or cannot be read: the browser then loads them (and shows
 * the error, if any).
 */
async function firstScreen(params: SearchParams): Promise<FirstScreen | undefined> {
  const state = certificateListState((k) => {
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  });
  try {
    const ctx = await pageContext((await headers()).get("cookie"));
    const index = runAs(ctx, () =>
      certificateRowIndex({ context: ctx.kube, person: ctx.user?.username ?? "" }),
    );
    index.catch(() => {}); // a failure after the wait is the browser's to show
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), FIRST_SCREEN_WAIT_MS);
    });
    const ready = await Promise.race([index, late]).finally(() => clearTimeout(timer));
    return ready ? firstScreenOf(ready, state) : undefined;
  } catch {
    return undefined;
  }
}
