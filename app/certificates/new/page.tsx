import type { Metadata } from "next";
import { IssueForm } from "@/components/actions/issue-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Issue a certificate" };

export default function NewCertificatePage() {
  return (
    <>
      <PageHeader
        title="Issue a certificate"
        description="Creates a cert-manager Certificate, validated as cert-manager's webhook would, then follows it until it is Ready."
      />
      <IssueForm />
    </>
  );
}
