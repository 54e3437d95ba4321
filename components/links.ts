/**
 * Where each kind of object lives in the app. Every name of an object on screen links here.
 * Certificate and issuer pages: see components/acme/links.ts (re-exported).
 */
import { inCluster } from "@/components/acme/links";

export { certificateHref, inCluster, issuerHref } from "@/components/acme/links";

/** The page of one Secret: `/secrets/{namespace}/{name}` (`?cluster=` when given). */
export function secretHref(namespace: string, name: string, cluster?: string): string {
  return inCluster(`/secrets/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`, cluster);
}
