import type { Metadata } from "next";
import { RequestsView } from "@/components/requests/requests-view";
import { PageHeader } from "@/components/ui/page-header";
import { UrlSuspense } from "@/components/ui/url-suspense";

export const metadata: Metadata = { title: "Requests" };

export default function RequestsPage() {
  return (
    <>
      <PageHeader
        title="Certificate requests"
        description="Each issuance attempt: which revision it belongs to, whether it was approved or denied, and whether it was signed."
      />
      <UrlSuspense columns={7} rows={6}>
        <RequestsView />
      </UrlSuspense>
    </>
  );
}
