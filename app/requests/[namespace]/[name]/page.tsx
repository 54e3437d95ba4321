import type { Metadata } from "next";
import { RequestDetailView } from "@/components/requests/request-detail";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(namespace)} · Requests` };
}

export default async function RequestPage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return <RequestDetailView namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
