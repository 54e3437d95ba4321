import type { Metadata } from "next";
import { SecretDetailView } from "@/components/secrets/secret-detail";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(namespace)} · TLS secrets` };
}

export default async function SecretPage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return <SecretDetailView namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
