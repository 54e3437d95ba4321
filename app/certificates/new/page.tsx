import type { Metadata } from "next";
import { Suspense } from "react";
import { IssueForm } from "@/components/actions/issue-form";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Issue a certificate" };

export default function NewCertificatePage() {
  return (
    <>
      <PageHeader
        title="Issue a certificate"
        description="Creates a cert-manager Certificate, validated as cert-manager's webhook would, then follows it until it is Ready."
      />
      {/* The form follows the new Certificate with the page's cluster (the URL): rendered in the browser. */}
      <Suspense fallback={<Skeleton className="h-96 w-full" />}>
        <IssueForm />
      </Suspense>
    </>
  );
}
