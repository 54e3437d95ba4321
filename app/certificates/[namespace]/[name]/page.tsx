import type { Metadata } from "next";
import { CertificateActions } from "@/components/actions/certificate-actions";
import { CertificateDetailView } from "@/components/certificates/certificate-detail";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(namespace)}` };
}

export default async function CertificatePage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return (
    <CertificateDetailView
      namespace={decodeURIComponent(namespace)}
      name={decodeURIComponent(name)}
      actions={
        <CertificateActions namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />
      }
    />
  );
}
