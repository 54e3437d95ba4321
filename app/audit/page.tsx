import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every trust problem found in issuers, certificates, Secrets and APISIX references, worst first, each with a one-line fix."
      />
      <Suspense fallback={<TableSkeleton rows={6} columns={5} />}>
        <AuditView />
      </Suspense>
    </>
  );
}
