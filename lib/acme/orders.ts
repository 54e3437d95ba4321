import "server-only";
import { issuerRefOf } from "@/lib/inventory/certificates";
import { listChallenges, listOrders, type RawChallenge, type RawOrder } from "@/lib/k8s/acme";
import type { RawObjectMeta } from "@/lib/k8s/meta";
import type { ListResponse, ObjectRef } from "@/lib/types";

/**
 * ACME Orders and Challenges (cert-manager's `acme.cert-manager.io/v1`), read-only. The browser
 * imports the row types with `import type`. States are ACME's (RFC 8555 §7.1.6): pending, ready,
 * processing, valid, invalid (plus cert-manager's errored/expired).
 */

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
  /** The order's URL at the ACME server. */
  url?: string;
  /** Authorizations (one per identifier) and their first state. */
  authorizations: { identifier?: string; wildcard?: boolean; initialState?: string }[];
  failureTime?: string;
  createdAt?: string;
}

/** One ACME Challenge as the list shows it (never the key authorization). */
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
  processing: boolean;
  issuerRef: ObjectRef;
  /** The Order the challenge belongs to (its owner). */
  order?: string;
  createdAt?: string;
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
    })),
  };
  const cr = ownerOf(raw.metadata, "CertificateRequest");
  if (raw.status?.state) row.state = raw.status.state;
  if (raw.status?.reason) row.reason = raw.status.reason;
  if (raw.spec.commonName) row.commonName = raw.spec.commonName;
  if (cr) row.certificateRequest = cr;
  if (raw.status?.url) row.url = raw.status.url;
  if (raw.status?.failureTime) row.failureTime = raw.status.failureTime;
  if (raw.metadata.creationTimestamp) row.createdAt = raw.metadata.creationTimestamp;
  return row;
}

/** The list row of a Challenge (`spec.key` and `spec.token` are left out). Pure. */
export function reshapeChallenge(raw: RawChallenge): AcmeChallengeRow {
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
  const order = ownerOf(raw.metadata, "Order");
  if (raw.status?.state) row.state = raw.status.state;
  if (raw.status?.reason) row.reason = raw.status.reason;
  if (order) row.order = order;
  if (raw.metadata.creationTimestamp) row.createdAt = raw.metadata.creationTimestamp;
  return row;
}

/** ACME Orders of `namespace` (or every namespace), sorted by namespace and name. */
export async function getOrderList(opts: {
  context?: string;
  namespace?: string;
}): Promise<ListResponse<AcmeOrderRow>> {
  const items = (await listOrders(opts)).map(reshapeOrder).sort(byNamespaceAndName);
  return { items, total: items.length };
}

/** ACME Challenges of `namespace` (or every namespace), sorted by namespace and name. */
export async function getChallengeList(opts: {
  context?: string;
  namespace?: string;
}): Promise<ListResponse<AcmeChallengeRow>> {
  const items = (await listChallenges(opts)).map(reshapeChallenge).sort(byNamespaceAndName);
  return { items, total: items.length };
}
