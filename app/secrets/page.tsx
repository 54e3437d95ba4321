import type { Metadata } from "next";
import { Suspense } from "react";
import { SecretsView } from "@/components/secrets/secrets-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "TLS secrets" };

export default function SecretsPage() {
  return (
    <>
      <PageHeader
        title="TLS secrets"
        description="Every kubernetes.io/tls Secret, the Certificate that manages it, and the ones nothing will renew."
      />
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={6} rows={6} />
          </Card>
        }
      >
        <SecretsView />
      </Suspense>
    </>
  );
}
