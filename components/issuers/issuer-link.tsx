import Link from "next/link";
import { issuerHref } from "@/components/links";
import type { ObjectRef } from "@/lib/types";

/**
 * `Kind/name` of an issuerRef, linked to the issuer's page (an Issuer in `namespace`, or the
 * ClusterIssuer); plain text for an external issuer, which has no page here.
 */
export function IssuerLink({
  issuerRef,
  namespace,
  className = "text-sky-700 hover:underline dark:text-sky-400",
}: {
  issuerRef: Pick<ObjectRef, "kind" | "name" | "group">;
  namespace: string | undefined;
  className?: string;
}) {
  const href = issuerHref(issuerRef, namespace);
  const text = (
    <>
      <span className="text-zinc-500 dark:text-zinc-400">{issuerRef.kind ?? "Issuer"}/</span>
      {issuerRef.name}
    </>
  );
  return href ? (
    <Link href={href} className={className} data-testid="issuer-link">
      {text}
    </Link>
  ) : (
    <span data-testid="issuer-name">{text}</span>
  );
}
