import type { Metadata } from "next";
import { IssuerDetailView } from "@/components/issuers/issuer-detail";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(namespace)} · Issuer` };
}

export default async function IssuerPage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return (
    <IssuerDetailView
      kind="Issuer"
      namespace={decodeURIComponent(namespace)}
      name={decodeURIComponent(name)}
    />
  );
}
