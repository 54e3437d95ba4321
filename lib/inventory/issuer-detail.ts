import "server-only";
import { describeSolver } from "@/lib/acme/orders";
import { getEnv } from "@/lib/env";
import { getCustom } from "@/lib/k8s/custom";
import { KubeError } from "@/lib/k8s/errors";
import { listEventsFor, listEventsForClusterScoped } from "@/lib/k8s/events";
import { CLUSTER_ISSUERS, ISSUERS, type RawIssuer } from "@/lib/k8s/issuers";
import type { CertificateRow, ConditionDto, EventDto, IssuerRow } from "@/lib/types";
import { certificateQuerySchema } from "./certificates";
import { toConditionDtos } from "./conditions";
import { getCertificateList, type InventoryOptions, issuerRowOf, toEventDto } from "./service";

/** An ACME issuer's account and solvers, as `GET /api/issuers/...` returns them. */
export interface AcmeIssuerDetail {
  server?: string;
  email?: string;
  /** The account URL at the ACME server (`status.acme.uri`), once registered. */
  accountUri?: string;
  accountStatus: NonNullable<IssuerRow["acmeAccountStatus"]>;
  /** `status.acme.lastRegisteredEmail`. */
  lastRegisteredEmail?: string;
  /** Name of the Secret holding the account key (the key itself is never read). */
  privateKeySecret?: string;
  skipTLSVerify: boolean;
  /** Whether `caBundle` is set (the ACME server's CA is trusted through it). */
  caBundle: boolean;
  /** Each solver in words (lib/acme/orders.ts `describeSolver`). */
  solvers: string[];
}

/** One Issuer or ClusterIssuer with what it signs (`GET /api/issuers/{ns}/{name}`, `/api/clusterissuers/{name}`). */
export interface IssuerDetail {
  row: IssuerRow;
  conditions: ConditionDto[];
  acme?: AcmeIssuerDetail;
  /** The Certificates whose issuerRef names this issuer (kind, name and, for an Issuer, namespace). */
  certificates: CertificateRow[];
  events: EventDto[];
  /** Namespaces the Events were read from (a ClusterIssuer's are not in any namespace of its own). */
  eventNamespaces: string[];
}

function acmeDetail(raw: RawIssuer, row: IssuerRow): AcmeIssuerDetail | undefined {
  const acme = raw.spec.acme;
  if (!acme) return undefined;
  const out: AcmeIssuerDetail = {
    accountStatus: row.acmeAccountStatus ?? "pending",
    skipTLSVerify: acme.skipTLSVerify === true,
    caBundle: typeof acme.caBundle === "string" && acme.caBundle.length > 0,
    solvers: (acme.solvers ?? []).map((s) => describeSolver(s)),
  };
  if (acme.server) out.server = acme.server;
  if (acme.email) out.email = acme.email;
  if (raw.status?.acme?.uri) out.accountUri = raw.status.acme.uri;
  if (raw.status?.acme?.lastRegisteredEmail) out.lastRegisteredEmail = raw.status.acme.lastRegisteredEmail;
  if (acme.privateKeySecretRef?.name) out.privateKeySecret = acme.privateKeySecretRef.name;
  return out;
}

/**
 * Everything about one Issuer (`namespace` given) or ClusterIssuer (`namespace` undefined): its
 * row, conditions, ACME account and solvers, the Certificates it signs, and its Events — for a
 * ClusterIssuer read from `default` and the cluster resource namespace, where cert-manager records
 * them (lib/k8s/events.ts `clusterScopedEventNamespaces`). Certificates and Events the identity may
 * not list come back empty.
 * @throws KubeError 404 when the issuer does not exist.
 */
export async function getIssuerDetail(
  kind: IssuerRow["kind"],
  namespace: string | undefined,
  name: string,
  opts: InventoryOptions = {},
): Promise<IssuerDetail> {
  const { context } = opts;
  const now = opts.now ?? new Date();
  const raw = await getCustom<RawIssuer>(kind === "ClusterIssuer" ? CLUSTER_ISSUERS : ISSUERS, name, {
    context,
    namespace: kind === "ClusterIssuer" ? undefined : namespace,
  });
  const crn = getEnv().clusterResourceNamespace;
  const tolerate403 = <T>(p: Promise<T>, fallback: T) =>
    p.catch((err: unknown) => {
      if (err instanceof KubeError && err.status === 403) return fallback;
      throw err;
    });
  const involved = { kind, name, ...(raw.metadata.uid ? { uid: raw.metadata.uid } : {}) };
  const [row, list, events] = await Promise.all([
    issuerRowOf(raw, kind, { context, now }),
    tolerate403(
      getCertificateList(certificateQuerySchema.parse({ issuer: name, limit: 5000 }), { context, now }),
      { items: [] as CertificateRow[], total: 0, facets: { issuers: [] } },
    ),
    kind === "ClusterIssuer"
      ? listEventsForClusterScoped(involved, { context, clusterResourceNamespace: crn })
      : tolerate403(listEventsFor({ ...involved, namespace: namespace ?? "" }, { context }), []),
  ]);
  const certificates = list.items.filter(
    (c) =>
      c.issuerRef.kind === kind &&
      (c.issuerRef.group ?? "cert-manager.io") === "cert-manager.io" &&
      (kind === "ClusterIssuer" || c.namespace === namespace),
  );
  const detail: IssuerDetail = {
    row,
    conditions: toConditionDtos(raw.status?.conditions),
    certificates,
    events: events
      .map(toEventDto)
      .sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? "")),
    eventNamespaces: kind === "ClusterIssuer" ? [...new Set(["default", crn])] : [namespace ?? ""],
  };
  const acme = acmeDetail(raw, row);
  if (acme) detail.acme = acme;
  return detail;
}
