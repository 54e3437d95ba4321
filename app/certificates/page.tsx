import type { Metadata } from "next";
import { Suspense } from "react";
import { CertificateListActions } from "@/components/actions/certificate-list-actions";
import { CertificatesView } from "@/components/certificates/certificates-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Certificates" };

export default function CertificatesPage() {
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
        <CertificatesView />
      </Suspense>
    </>
  );
}
