import "server-only";
import { issuerRefOf } from "@/lib/inventory/certificates";
import { toEventDto } from "@/lib/inventory/service";
import { listChallenges, listOrders, type RawChallenge, type RawOrder } from "@/lib/k8s/acme";
import { CERTIFICATE_NAME_ANNOTATION, CERTIFICATE_REVISION_ANNOTATION } from "@/lib/k8s/certificate-requests";
import { KubeError } from "@/lib/k8s/errors";
import { listEventsFor } from "@/lib/k8s/events";
import type { RawObjectMeta } from "@/lib/k8s/meta";
import type { EventDto, ListResponse, ObjectRef } from "@/lib/types";

/**
 * ACME Orders and Challenges (cert-manager's `acme.cert-manager.io/v1`), read-only. The browser
 * imports the row types with `import type`. States are ACME's (RFC 8555 §7.1.6): pending, ready,
 * processing, valid, invalid (plus cert-manager's errored/expired).
 *
 * Links: an Order is owned by the CertificateRequest it was made for and carries the Certificate's
 * name and revision as annotations (`cert-manager.io/certificate-name`, `-revision`); a Challenge
 * is owned by its Order, and gets its CertificateRequest and Certificate through it.
 */

/** One authorization of an Order (one per identifier). */
export interface AcmeAuthorization {
  identifier?: string;
  wildcard?: boolean;
  initialState?: string;
  /** The authorization's URL at the ACME server. */
  url?: string;
  /** The challenge types the server offered for it, e.g. `dns-01`, `http-01`. */
  offered: string[];
}

/** One ACME Order as the list shows it. */
export interface AcmeOrderRow {
  namespace: string;
  name: string;
  /** ACME order state; undefined until cert-manager has created the order at the server. */
  state?: string;
  reason?: string;
  issuerRef: ObjectRef;
  dnsNames: string[];
  commonName?: string;
  /** The CertificateRequest the order was made for (its owner). */
  certificateRequest?: string;
  /** The Certificate it serves (`cert-manager.io/certificate-name`). */
  certificate?: string;
  /** The Certificate's revision it issues (`cert-manager.io/certificate-revision`). */
  revision?: number;
  /** The order's URL at the ACME server. */
  url?: string;
  /** Authorizations (one per identifier) and their first state. */
  authorizations: AcmeAuthorization[];
  failureTime?: string;
  createdAt?: string;
}

/** One ACME Challenge as the list shows it (never the key authorization or token). */
export interface AcmeChallengeRow {
  namespace: string;
  name: string;
  dnsName: string;
  /** `HTTP-01` or `DNS-01`. */
  type: string;
  wildcard: boolean;
  state?: string;
  reason?: string;
  presented: boolean;
  presentedAt?: string;
  processing: boolean;
  issuerRef: ObjectRef;
  /** The Order the challenge belongs to (its owner). */
  order?: string;
  /** The CertificateRequest and Certificate it serves, through its Order. */
  certificateRequest?: string;
  certificate?: string;
  /** The authorization it answers, at the ACME server. */
  authorizationURL?: string;
  /** The challenge's URL at the ACME server. */
  url?: string;
  /** The issuer's solver for it in words, e.g. "DNS-01 via RFC 2136 (127.0.0.1:5353)". */
  solver?: string;
  createdAt?: string;
}

/** An Order with its Challenges and Events (`GET /api/acme/orders/{namespace}/{name}`). */
export interface AcmeOrderDetail {
  order: AcmeOrderRow;
  challenges: AcmeChallengeRow[];
  events: EventDto[];
}

/** A Challenge with its Order and Events (`GET /api/acme/challenges/{namespace}/{name}`). */
export interface AcmeChallengeDetail {
  challenge: AcmeChallengeRow;
  order?: AcmeOrderRow;
  events: EventDto[];
}

/** Which Orders / Challenges a list returns: a namespace, and the objects they serve. */
export interface AcmeListFilter {
  context?: string;
  namespace?: string;
  /** Only those serving this Certificate (needs `namespace`). */
  certificate?: string;
  /** Only those made for this CertificateRequest (needs `namespace`). */
  certificateRequest?: string;
}

function ownerOf(meta: RawObjectMeta, kind: string): string | undefined {
  return meta.ownerReferences?.find((o) => o.kind === kind)?.name;
}

function byNamespaceAndName(a: { namespace: string; name: string }, b: { namespace: string; name: string }) {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** The list row of an Order. Pure. */
export function reshapeOrder(raw: RawOrder): AcmeOrderRow {
  const row: AcmeOrderRow = {
    namespace: raw.metadata.namespace ?? "",
    name: raw.metadata.name,
    issuerRef: issuerRefOf(raw.spec.issuerRef),
    dnsNames: raw.spec.dnsNames ?? [],
    authorizations: (raw.status?.authorizations ?? []).map((a) => ({
      ...(a.identifier ? { identifier: a.identifier } : {}),
      ...(a.wildcard !== undefined ? { wildcard: a.wildcard } : {}),
      ...(a.initialState ? { initialState: a.initialState } : {}),
      ...(a.url ? { url: a.url } : {}),
      offered: (a.challenges ?? []).flatMap((c) => (c.type ? [c.type] : [])),
    })),
  };
  const cr = ownerOf(raw.metadata, "CertificateRequest");
  const certificate = raw.metadata.annotations?.[CERTIFICATE_NAME_ANNOTATION];
  const revision = Number(raw.metadata.annotations?.[CERTIFICATE_REVISION_ANNOTATION]);
  if (raw.status?.state) row.state = raw.status.state;
  if (raw.status?.reason) row.reason = raw.status.reason;
  if (raw.spec.commonName) row.commonName = raw.spec.commonName;
  if (cr) row.certificateRequest = cr;
  if (certificate) row.certificate = certificate;
  if (Number.isInteger(revision) && revision > 0) row.revision = revision;
  if (raw.status?.url) row.url = raw.status.url;
  if (raw.status?.failureTime) row.failureTime = raw.status.failureTime;
  if (raw.metadata.creationTimestamp) row.createdAt = raw.metadata.creationTimestamp;
  return row;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
const rec = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * A cert-manager ACME solver (`spec.acme.solvers[]` of an issuer, `spec.solver` of a Challenge) in
 * words: the challenge type, the DNS provider or HTTP-01 route, and the selector's names, e.g.
 * "DNS-01 via RFC 2136 (127.0.0.1:5353)", "HTTP-01 via Ingress (class nginx)". Credentials are never
 * read (only the provider's name and nameserver). Pure.
 */
export function describeSolver(solver: Record<string, unknown> | undefined): string {
  if (!solver) return "no solver";
  const parts: string[] = [];
  const http01 = rec(solver.http01);
  const dns01 = rec(solver.dns01);
  if (http01) {
    const ingress = rec(http01.ingress);
    const gateway = rec(http01.gatewayHTTPRoute);
    if (ingress) {
      const cls = str(ingress.ingressClassName) ?? str(ingress.class);
      const name = str(ingress.name);
      parts.push(`HTTP-01 via Ingress${cls ? ` (class ${cls})` : name ? ` (existing Ingress ${name})` : ""}`);
    } else if (gateway) parts.push("HTTP-01 via Gateway API HTTPRoute");
    else parts.push("HTTP-01");
  } else if (dns01) {
    const providers: [string, string][] = [
      ["rfc2136", "RFC 2136"],
      ["route53", "Route 53"],
      ["cloudDNS", "Google Cloud DNS"],
      ["cloudflare", "Cloudflare"],
      ["azureDNS", "Azure DNS"],
      ["digitalocean", "DigitalOcean"],
      ["acmeDNS", "acme-dns"],
      ["akamai", "Akamai"],
      ["webhook", "webhook"],
    ];
    const found = providers.find(([key]) => rec(dns01[key]));
    if (found) {
      const cfg = rec(dns01[found[0]])!;
      const detail =
        found[0] === "rfc2136"
          ? str(cfg.nameserver)
          : found[0] === "webhook"
            ? str(cfg.solverName)
            : undefined;
      parts.push(`DNS-01 via ${found[1]}${detail ? ` (${detail})` : ""}`);
    } else parts.push("DNS-01");
  } else parts.push("unknown solver type");
  const selector = rec(solver.selector);
  const names = [
    ...((selector?.dnsNames as unknown[] | undefined) ?? []),
    ...((selector?.dnsZones as unknown[] | undefined) ?? []),
  ].filter((n): n is string => typeof n === "string");
  if (names.length) parts.push(`for ${names.join(", ")}`);
  return parts.join(" ");
}

/** The list row of a Challenge (`spec.key` and `spec.token` are left out). Pure. */
export function reshapeChallenge(raw: RawChallenge, order?: AcmeOrderRow): AcmeChallengeRow {
  const row: AcmeChallengeRow = {
    namespace: raw.metadata.namespace ?? "",
    name: raw.metadata.name,
    dnsName: raw.spec.dnsName,
    type: raw.spec.type,
    wildcard: raw.spec.wildcard === true,
    presented: raw.status?.presented === true,
    processing: raw.status?.processing === true,
    issuerRef: issuerRefOf(raw.spec.issuerRef),
  };
  const orderName = ownerOf(raw.metadata, "Order");
  if (raw.status?.state) row.state = raw.status.state;
  if (raw.status?.reason) row.reason = raw.status.reason;
  if (raw.status?.presentedAt) row.presentedAt = raw.status.presentedAt;
  if (orderName) row.order = orderName;
  if (order?.certificateRequest) row.certificateRequest = order.certificateRequest;
  if (order?.certificate) row.certificate = order.certificate;
  if (raw.spec.authorizationURL) row.authorizationURL = raw.spec.authorizationURL;
  if (raw.spec.url) row.url = raw.spec.url;
  if (raw.spec.solver) row.solver = describeSolver(raw.spec.solver);
  if (raw.metadata.creationTimestamp) row.createdAt = raw.metadata.creationTimestamp;
  return row;
}

/** Whether a row serves the Certificate / CertificateRequest the filter names. Pure. */
export function matchesAcmeFilter(
  row: { namespace: string; certificate?: string; certificateRequest?: string },
  filter: Pick<AcmeListFilter, "namespace" | "certificate" | "certificateRequest">,
): boolean {
  return (
    (!filter.namespace || row.namespace === filter.namespace) &&
    (!filter.certificate || row.certificate === filter.certificate) &&
    (!filter.certificateRequest || row.certificateRequest === filter.certificateRequest)
  );
}

const orderKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** Challenge rows joined with their Orders (for the CertificateRequest and Certificate). Pure. */
export function joinChallenges(challenges: readonly RawChallenge[], orders: readonly AcmeOrderRow[]) {
  const byKey = new Map(orders.map((o) => [orderKey(o.namespace, o.name), o]));
  return challenges.map((c) => {
    const owner = ownerOf(c.metadata, "Order");
    return reshapeChallenge(c, owner ? byKey.get(orderKey(c.metadata.namespace ?? "", owner)) : undefined);
  });
}

/** ACME Orders of `namespace` (or every namespace), filtered, sorted by namespace and name. */
export async function getOrderList(filter: AcmeListFilter): Promise<ListResponse<AcmeOrderRow>> {
  const { context, namespace } = filter;
  const items = (await listOrders({ context, namespace }))
    .map(reshapeOrder)
    .filter((o) => matchesAcmeFilter(o, filter))
    .sort(byNamespaceAndName);
  return { items, total: items.length };
}

/** ACME Challenges of `namespace` (or every namespace), filtered, sorted by namespace and name. */
export async function getChallengeList(filter: AcmeListFilter): Promise<ListResponse<AcmeChallengeRow>> {
  const { context, namespace } = filter;
  const [challenges, orders] = await Promise.all([
    listChallenges({ context, namespace }),
    listOrders({ context, namespace }),
  ]);
  const items = joinChallenges(challenges, orders.map(reshapeOrder))
    .filter((c) => matchesAcmeFilter(c, filter))
    .sort(byNamespaceAndName);
  return { items, total: items.length };
}

function notFound(plural: string, name: string): KubeError {
  return new KubeError(404, `${plural}.acme.cert-manager.io "${name}" not found`, "NotFound");
}

async function eventsAbout(
  namespace: string,
  kind: string,
  name: string,
  uid: string | undefined,
  context: string | undefined,
): Promise<EventDto[]> {
  try {
    const events = await listEventsFor({ namespace, kind, name, ...(uid ? { uid } : {}) }, { context });
    return events
      .map(toEventDto)
      .sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? ""));
  } catch (err) {
    if (err instanceof KubeError && err.status === 403) return [];
    throw err;
  }
}

/**
 * One Order with its Challenges and Events, read from the same (watch-cached) lists as the list
 * pages, so no `get` right is needed beyond `list`.
 * @throws KubeError 404 when the Order does not exist.
 */
export async function getOrderDetail(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<AcmeOrderDetail> {
  const { context } = opts;
  const [orders, challenges] = await Promise.all([
    listOrders({ context, namespace }),
    listChallenges({ context, namespace }),
  ]);
  const raw = orders.find((o) => o.metadata.name === name);
  if (!raw) throw notFound("orders", name);
  const order = reshapeOrder(raw);
  const mine = challenges.filter((c) => ownerOf(c.metadata, "Order") === name);
  return {
    order,
    challenges: joinChallenges(mine, [order]).sort(byNamespaceAndName),
    events: await eventsAbout(namespace, "Order", name, raw.metadata.uid, context),
  };
}

/**
 * One Challenge with its Order and Events.
 * @throws KubeError 404 when the Challenge does not exist.
 */
export async function getChallengeDetail(
  namespace: string,
  name: string,
  opts: { context?: string } = {},
): Promise<AcmeChallengeDetail> {
  const { context } = opts;
  const [orders, challenges] = await Promise.all([
    listOrders({ context, namespace }),
    listChallenges({ context, namespace }),
  ]);
  const raw = challenges.find((c) => c.metadata.name === name);
  if (!raw) throw notFound("challenges", name);
  const ownerName = ownerOf(raw.metadata, "Order");
  const rawOrder = ownerName ? orders.find((o) => o.metadata.name === ownerName) : undefined;
  const order = rawOrder ? reshapeOrder(rawOrder) : undefined;
  const detail: AcmeChallengeDetail = {
    challenge: reshapeChallenge(raw, order),
    events: await eventsAbout(namespace, "Challenge", name, raw.metadata.uid, context),
  };
  if (order) detail.order = order;
  return detail;
}
