/** Page URLs of the ACME and issuer pages (others link to exactly these). Pure. */
const seg = encodeURIComponent;

/** `/acme/orders/{namespace}/{name}` */
export function orderHref(namespace: string, name: string): string {
  return `/acme/orders/${seg(namespace)}/${seg(name)}`;
}

/** `/acme/challenges/{namespace}/{name}` */
export function challengeHref(namespace: string, name: string): string {
  return `/acme/challenges/${seg(namespace)}/${seg(name)}`;
}

/** `/certificates/{namespace}/{name}` */
export function certificateHref(namespace: string, name: string): string {
  return `/certificates/${seg(namespace)}/${seg(name)}`;
}

/**
 * The page of the issuer an `issuerRef` names: `/clusterissuers/{name}` for a ClusterIssuer,
 * `/issuers/{namespace}/{name}` for an Issuer (in the referring object's namespace). Undefined for
 * an external issuer (another API group: no page of ours).
 */
export function issuerHref(
  ref: { kind?: string; name: string; group?: string },
  namespace: string | undefined,
): string | undefined {
  if (ref.group && ref.group !== "cert-manager.io") return undefined;
  if (ref.kind === "ClusterIssuer") return `/clusterissuers/${seg(ref.name)}`;
  return namespace ? `/issuers/${seg(namespace)}/${seg(ref.name)}` : undefined;
}
