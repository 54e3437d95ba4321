import type { Metadata } from "next";
import { OrderDetailView } from "@/components/acme/order-detail";

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(namespace)} · ACME Order` };
}

export default async function OrderPage({ params }: { params: Params }) {
  const { namespace, name } = await params;
  return <OrderDetailView namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
