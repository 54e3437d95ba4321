import type { Metadata } from "next";
import { Suspense } from "react";
import { BundlesView } from "@/components/trust/bundles-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Trust bundles" };

export default function BundlesPage() {
  return (
    <>
      <PageHeader
        title="Trust bundles"
        description="trust-manager's Bundles: which CA certificates they gather, and the Secrets and ConfigMaps they write in every namespace their selector matches. The trust graph draws them on to their consumers."
      />
      {/* The view reads the URL (`?cluster=`): rendered in the browser under this boundary. */}
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={6} rows={4} />
          </Card>
        }
      >
        <BundlesView />
      </Suspense>
    </>
  );
}
