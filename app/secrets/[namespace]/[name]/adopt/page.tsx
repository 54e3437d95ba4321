import type { Metadata } from "next";
import { AdoptView } from "@/components/adopt/adopt-view";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `Adopt ${decodeURIComponent(name)} · ${decodeURIComponent(namespace)}` };
}

export default async function AdoptPage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return <AdoptView namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
