import type { Metadata } from "next";
import { BundlesView } from "@/components/trust/bundles-view";
import { PageHeader } from "@/components/ui/page-header";
import { UrlSuspense } from "@/components/ui/url-suspense";

export const metadata: Metadata = { title: "Trust bundles" };

export default function BundlesPage() {
  return (
    <>
      <PageHeader
        title="Trust bundles"
        description="trust-manager's Bundles: which CA certificates they gather, and the Secrets and ConfigMaps they write in every namespace their selector matches. The trust graph draws them on to their consumers."
      />
      <UrlSuspense columns={6} rows={4}>
        <BundlesView />
      </UrlSuspense>
    </>
  );
}
