import type { Metadata } from "next";
import { Suspense } from "react";
import { AcmeView } from "@/components/acme/acme-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "ACME" };

export default function AcmePage() {
  return (
    <>
      <PageHeader
        title="ACME"
        description="cert-manager's ACME Orders and Challenges: their state, why they wait or failed, and the Certificate and request each serves."
      />
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={6} rows={4} />
          </Card>
        }
      >
        <AcmeView />
      </Suspense>
    </>
  );
}
