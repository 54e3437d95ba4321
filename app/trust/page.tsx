import type { Metadata } from "next";
import { Suspense } from "react";
import { TrustGraphView } from "@/components/trust/trust-graph-view";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Trust graph" };

export default function TrustPage() {
  return (
    <>
      <PageHeader
        title="Trust graph"
        description="Who issued which certificate, which CA signed it, where it is stored, and which APISIX objects serve, trust or present it. Click an object for its problems and what depends on it."
      />
      <Suspense fallback={<Skeleton className="h-[560px] w-full rounded-xl" />}>
        <TrustGraphView />
      </Suspense>
    </>
  );
}
