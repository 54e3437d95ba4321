import type { Metadata } from "next";
import { ChallengeDetailView } from "@/components/acme/challenge-detail";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(namespace)} · ACME Challenge` };
}

export default async function ChallengePage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return <ChallengeDetailView namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
