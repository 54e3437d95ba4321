import type { Metadata } from "next";
import { AcmeView } from "@/components/acme/acme-view";
import { PageHeader } from "@/components/ui/page-header";
import { UrlSuspense } from "@/components/ui/url-suspense";

export const metadata: Metadata = { title: "ACME" };

export default function AcmePage() {
  return (
    <>
      <PageHeader
        title="ACME"
        description="cert-manager's ACME Orders and Challenges: their state, why they wait or failed, and the Certificate and request each serves."
      />
      <UrlSuspense columns={6} rows={4}>
        <AcmeView />
      </UrlSuspense>
    </>
  );
}
