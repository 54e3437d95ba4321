import type { Metadata } from "next";
import { IssuersView } from "@/components/issuers/issuers-view";
import { PageHeader } from "@/components/ui/page-header";
import { UrlSuspense } from "@/components/ui/url-suspense";

export const metadata: Metadata = { title: "Issuers" };

export default function IssuersPage() {
  return (
    <>
      <PageHeader
        title="Issuers"
        description="Issuers and ClusterIssuers, whether they are Ready, and when each CA issuer's own certificate expires."
      />
      <UrlSuspense columns={6} rows={4}>
        <IssuersView />
      </UrlSuspense>
    </>
  );
}
