import type { Metadata } from "next";
import { Suspense } from "react";
import { IssuersView } from "@/components/issuers/issuers-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Issuers" };

export default function IssuersPage() {
  return (
    <>
      <PageHeader
        title="Issuers"
        description="Issuers and ClusterIssuers, whether they are Ready, and when each CA issuer's own certificate expires."
      />
      {/* The sort is kept in the URL (useSearchParams). */}
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={6} rows={4} />
          </Card>
        }
      >
        <IssuersView />
      </Suspense>
    </>
  );
}
