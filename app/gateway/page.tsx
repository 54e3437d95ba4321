import type { Metadata } from "next";
import { GatewayView } from "@/components/gateway/gateway-view";
import { PageHeader } from "@/components/ui/page-header";
import { UrlSuspense } from "@/components/ui/url-suspense";

export const metadata: Metadata = { title: "Gateway" };

export default function GatewayPage() {
  return (
    <>
      <PageHeader
        title="Gateway"
        description="APISIX mTLS on every hop: client → gateway TLS and mTLS, gateway → upstream TLS and client certificate."
      />
      <UrlSuspense columns={6} rows={4}>
        <GatewayView />
      </UrlSuspense>
    </>
  );
}
