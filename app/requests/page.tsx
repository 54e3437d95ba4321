import type { Metadata } from "next";
import { Suspense } from "react";
import { RequestsView } from "@/components/requests/requests-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Requests" };

export default function RequestsPage() {
  return (
    <>
      <PageHeader
        title="Certificate requests"
        description="Each issuance attempt: which revision it belongs to, whether it was approved or denied, and whether it was signed."
      />
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={7} rows={6} />
          </Card>
        }
      >
        <RequestsView />
      </Suspense>
    </>
  );
}
