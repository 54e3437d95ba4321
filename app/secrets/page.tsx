import type { Metadata } from "next";
import { SecretsView } from "@/components/secrets/secrets-view";
import { PageHeader } from "@/components/ui/page-header";
import { UrlSuspense } from "@/components/ui/url-suspense";

export const metadata: Metadata = { title: "TLS secrets" };

export default function SecretsPage() {
  return (
    <>
      <PageHeader
        title="TLS secrets"
        description="Every kubernetes.io/tls Secret, the Certificate that manages it, and the ones nothing will renew."
      />
      <UrlSuspense columns={6} rows={6}>
        <SecretsView />
      </UrlSuspense>
    </>
  );
}
