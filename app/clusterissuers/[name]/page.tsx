import type { Metadata } from "next";
import { IssuerDetailView } from "@/components/issuers/issuer-detail";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} · ClusterIssuer` };
}

export default async function ClusterIssuerPage({ params }: { params: Params }) {
  const { name } = await params;
  return <IssuerDetailView kind="ClusterIssuer" name={decodeURIComponent(name)} />;
}
