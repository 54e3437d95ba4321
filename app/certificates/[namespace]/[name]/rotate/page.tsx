import type { Metadata } from "next";
import { RotationWizard } from "@/components/rotation/rotation-wizard";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `Rotate CA ${decodeURIComponent(name)} · ${decodeURIComponent(namespace)}` };
}

export default async function RotatePage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return <RotationWizard namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
