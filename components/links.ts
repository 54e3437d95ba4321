/**
 * Where each kind of object lives in the app. Every name of an object on screen links here.
 * Issuer pages are `/issuers/{namespace}/{name}` and `/clusterissuers/{name}`.
 */
const enc = encodeURIComponent;

/** The page of one Certificate. */
export function certificateHref(namespace: string, name: string): string {
  return `/certificates/${enc(namespace)}/${enc(name)}`;
}

/** The page of one Secret. */
export function secretHref(namespace: string, name: string): string {
  return `/secrets/${enc(namespace)}/${enc(name)}`;
}

/**
 * The page of the issuer an `issuerRef` names from an object in `namespace`: a ClusterIssuer's, or
 * the Issuer's in that namespace. Undefined for an external issuer (another API group): it has no page.
 */
export function issuerHref(
  ref: { kind?: string; name: string; group?: string },
  namespace: string | undefined,
): string | undefined {
  if (ref.group && ref.group !== "cert-manager.io") return undefined;
  if (ref.kind === "ClusterIssuer") return `/clusterissuers/${enc(ref.name)}`;
  return namespace ? `/issuers/${enc(namespace)}/${enc(ref.name)}` : undefined;
}
