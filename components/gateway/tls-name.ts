/**
 * A DNS-1123 name for a new ApisixTls serving `host`: lower case, `*.` becomes `wildcard-`,
 * anything outside [a-z0-9-] becomes `-`, suffixed `-tls`, at most 63 characters.
 */
export function tlsNameForHost(host: string): string {
  const base = host
    .trim()
    .toLowerCase()
    .replace(/^\*\./, "wildcard-")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = `${(base || "host").slice(0, 59).replace(/-+$/, "")}-tls`;
  return name;
}

/** The ApisixTls object `POST /api/apisix/tls` creates, as shown before confirming. */
export function apisixTlsObject(input: {
  namespace: string;
  name: string;
  hosts: string[];
  secret: { namespace: string; name: string };
  ingressClassName?: string | undefined;
}) {
  return {
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixTls",
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      ...(input.ingressClassName ? { ingressClassName: input.ingressClassName } : {}),
      hosts: input.hosts,
      secret: { name: input.secret.name, namespace: input.secret.namespace },
    },
  };
}
