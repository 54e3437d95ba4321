import { OverviewView } from "@/components/overview/overview-view";
import { PageHeader } from "@/components/ui/page-header";

export default function OverviewPage() {
  return (
    <>
      <PageHeader
        title="Overview"
        description="The state of every certificate in the cluster, at a glance."
      />
      <OverviewView />
    </>
  );
}
