import { ExpiryHeatmap } from "@/components/overview/expiry-heatmap";
import { ExpiryTimeline } from "@/components/overview/expiry-timeline";
import { OverviewExtraCards } from "@/components/overview/overview-extra-cards";
import { OverviewView } from "@/components/overview/overview-view";
import { StuckIssuance } from "@/components/overview/stuck-issuance";
import { PageHeader } from "@/components/ui/page-header";

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="The state of every certificate in the cluster, at a glance."
      />
      <OverviewView />
      <div className="mt-8 space-y-8">
        <OverviewExtraCards />
        <StuckIssuance />
        <ExpiryHeatmap />
        <ExpiryTimeline />
      </div>
    </>
  );
}
