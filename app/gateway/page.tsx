import type { Metadata } from "next";
import { Suspense } from "react";
import { GatewayView } from "@/components/gateway/gateway-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Gateway" };

export default function GatewayPage() {
  return (
    <>
      <PageHeader
        title="Gateway"
        description="APISIX mTLS on every hop: client → gateway TLS and mTLS, gateway → upstream TLS and client certificate."
      />
      {/* The view reads the URL (`?cluster=`): rendered in the browser under this boundary. */}
      <Suspense
        fallback={
          <Card>
            <TableSkeleton columns={6} rows={4} />
          </Card>
        }
      >
        <GatewayView />
      </Suspense>
    </>
  );
}
