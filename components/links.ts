/**
 * Where each kind of object lives in the app. Every name of an object on screen links here.
 * Certificate and issuer pages: see components/acme/links.ts (re-exported).
 */
export { certificateHref, issuerHref } from "@/components/acme/links";

/** The page of one Secret: `/secrets/{namespace}/{name}`. */
export function secretHref(namespace: string, name: string): string {
  return `/secrets/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
