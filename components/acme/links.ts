/** Page URLs of the ACME and issuer pages (others link to exactly these). Pure. */
const seg = encodeURIComponent;

/** `/acme/orders/{namespace}/{name}` (`?cluster=` when given) */
export function orderHref(namespace: string, name: string, cluster?: string): string {
  return inCluster(`/acme/orders/${seg(namespace)}/${seg(name)}`, cluster);
}

/** `/acme/challenges/{namespace}/{name}` (`?cluster=` when given) */
export function challengeHref(namespace: string, name: string, cluster?: string): string {
  return inCluster(`/acme/challenges/${seg(namespace)}/${seg(name)}`, cluster);
}

/**
 * `href` with `?cluster=` when the object comes from a named cluster of the fleet (its page and
 * actions then go to that cluster); `href` itself otherwise.
 */
export function inCluster(href: string, cluster?: string): string {
  return cluster ? `${href}${href.includes("?") ? "&" : "?"}cluster=${seg(cluster)}` : href;
}

/** `/certificates/{namespace}/{name}` (`?cluster=` when given) */
export function certificateHref(namespace: string, name: string, cluster?: string): string {
  return inCluster(`/certificates/${seg(namespace)}/${seg(name)}`, cluster);
}

/**
 * The page of the issuer an `issuerRef` names: `/clusterissuers/{name}` for a ClusterIssuer,
 * `/issuers/{namespace}/{name}` for an Issuer (in the referring object's namespace). Undefined for
 * an external issuer (another API group: no page of ours).
 */
export function issuerHref(
  ref: { kind?: string; name: string; group?: string },
  namespace: string | undefined,
  cluster?: string,
): string | undefined {
  if (ref.group && ref.group !== "cert-manager.io") return undefined;
  if (ref.kind === "ClusterIssuer") return inCluster(`/clusterissuers/${seg(ref.name)}`, cluster);
  return namespace ? inCluster(`/issuers/${seg(namespace)}/${seg(ref.name)}`, cluster) : undefined;
}
