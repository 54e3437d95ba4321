import { keystoreSpecWithoutPasswords } from "@/lib/security/keystore";
import { certificatePems } from "@/lib/security/secret-reduce";
import "server-only";
import { getEnv } from "@/lib/env";
import { CERTIFICATE_NAME_ANNOTATION, listCertificateRequests } from "@/lib/k8s/certificate-requests";
import { getCertificate, listCertificates, type RawCertificate } from "@/lib/k8s/certificates";
import { KubeError } from "@/lib/k8s/errors";
import { listEventsFor } from "@/lib/k8s/events";
import { listClusterIssuers, listIssuers, type RawIssuer } from "@/lib/k8s/issuers";
import { getSecretFacts, listTlsSecrets, type TlsSecretFacts } from "@/lib/k8s/secrets";
import type {
  CertificateDetail,
  CertificateRequestRow,
  CertificateRow,
  EventDto,
  IssuerRow,
  ListResponse,
  TlsSecretRow,
} from "@/lib/types";
import { checkSecretChain } from "@/lib/x509/chain";
import { reshapeCertificateRequest } from "./certificate-requests";
import {
  type CertificateQuery,
  type IssuerFacet,
  type ParsedSecretLookup,
  queryCertificateRows,
  reshapeCertificate,
  type SecretLookup,
} from "./certificates";
import { toConditionDtos } from "./conditions";
import { issuerCaSecretRef, reshapeIssuer } from "./issuers";
import { parseSecretFacts, summarizeSecretFacts, summaryOf } from "./secret-certs";
import { indexSecretOwners, reshapeTlsSecret } from "./secrets";

/** Which cluster context to talk to and the clock to judge expiry by. */
export interface InventoryOptions {
  context?: string;
  now?: Date;
}

/** "forbidden: User "x" cannot list secrets in namespace tls" from a 403 KubeError. */
function forbiddenProblem(err: KubeError, fallbackVerb: string, resource: string): string {
  const d = err.denied;
  const who = d?.identity ?? "this identity";
  const where = d?.namespace ? ` in namespace ${d.namespace}` : "";
  return `forbidden: ${who} cannot ${d?.verb ?? fallbackVerb} ${d?.resource ?? resource}${where}`;
}

/** Secrets that cannot be read turn into a per-row problem instead of failing the whole list. */
function secretReadProblem(err: unknown, verb: string): string {
  if (err instanceof KubeError) {
    return err.status === 403
      ? forbiddenProblem(err, verb, "secrets")
      : `could not ${verb} secrets: ${err.message}`;
  }
  throw err;
}

function lookupFor(
  key: string,
  secrets: Map<string, TlsSecretFacts> | undefined,
  listProblem: string | undefined,
): SecretLookup {
  if (listProblem !== undefined) return { kind: "unreadable", problem: listProblem };
  const facts = secrets?.get(key);
  return facts ? { kind: "found", summary: summarizeSecretFacts(facts) } : { kind: "missing" };
}

async function loadRows(
  opts: InventoryOptions & { namespace?: string },
): Promise<{ certificates: RawCertificate[]; rows: CertificateRow[] }> {
  const now = opts.now ?? new Date();
  const [certificates, secretsResult] = await Promise.all([
    listCertificates({ context: opts.context, namespace: opts.namespace }),
    listTlsSecrets({ context: opts.context, namespace: opts.namespace }).then(
      (list) => ({ list, problem: undefined }),
      (err: unknown) => ({ list: undefined, problem: secretReadProblem(err, "list") }),
    ),
  ]);
  const secrets = secretsResult.list
    ? new Map(secretsResult.list.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]))
    : undefined;
  const rows = certificates.map((c) =>
    reshapeCertificate(
      c,
      lookupFor(`${c.metadata.namespace}/${c.spec.secretName}`, secrets, secretsResult.problem),
      now,
    ),
  );
  return { certificates, rows };
}

/**
 * Every certificate row of every namespace the identity of `opts.context` may list (Certificates
 * joined with their TLS Secrets), unfiltered and unpaged, in namespace/name order of the cache.
 * @throws KubeError when Certificates cannot be listed cluster-wide.
 */
export async function loadCertificateRows(opts: InventoryOptions = {}): Promise<CertificateRow[]> {
  return (await loadRows(opts)).rows;
}

/**
 * The certificate list: every Certificate (in `query.namespace`, or all) joined with its TLS
 * Secret, then filtered, sorted and paged. When Secrets may not be listed, rows carry
 * `secretProblem` and fall back to `status.notAfter`.
 */
export async function getCertificateList(
  query: CertificateQuery,
  opts: InventoryOptions = {},
): Promise<ListResponse<CertificateRow> & { facets: { issuers: IssuerFacet[] } }> {
  // Load every namespace so `namespaces` and facets describe the whole inventory for the menus;
  // an identity allowed only one namespace falls back to listing that namespace.
  let rows: CertificateRow[];
  try {
    ({ rows } = await loadRows(opts));
  } catch (err) {
    if (!(query.namespace && err instanceof KubeError && err.status === 403)) throw err;
    ({ rows } = await loadRows({ ...opts, namespace: query.namespace }));
  }
  return queryCertificateRows(rows, query);
}

/** An Event as the pages show it (`eventTime` fills in for the legacy timestamps). */
export function toEventDto(e: Awaited<ReturnType<typeof listEventsFor>>[number]): EventDto {
  return {
    type: e.type ?? "Normal",
    reason: e.reason ?? "",
    message: e.message ?? "",
    count: e.count ?? 1,
    firstTimestamp: e.firstTimestamp ?? e.eventTime,
    lastTimestamp: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp,
    source: e.source,
  };
}

/**
 * Everything about one Certificate: row, spec/status/conditions, its Events, the
 * CertificateRequests of its revisions (newest first), and its Secret's parsed `tls.crt` / `ca.crt`
 * with whether the chain verifies against `ca.crt`.
 * @throws KubeError 404 when the Certificate does not exist.
 */
export async function getCertificateDetail(
  namespace: string,
  name: string,
  opts: InventoryOptions = {},
): Promise<CertificateDetail> {
  const now = opts.now ?? new Date();
  const { context } = opts;
  const raw = await getCertificate(namespace, name, { context });
  const tolerate403 = <T>(p: Promise<T>, fallback: T) =>
    p.catch((err: unknown) => {
      if (err instanceof KubeError && err.status === 403) return fallback;
      throw err;
    });
  const [events, requests, secret] = await Promise.all([
    tolerate403(
      listEventsFor({ namespace, kind: "Certificate", name, uid: raw.metadata.uid }, { context }),
      [],
    ),
    tolerate403(listCertificateRequests({ namespace, context }), []),
    getSecretFacts(namespace, raw.spec.secretName, { context }).then(
      (facts) => ({ facts, problem: undefined }),
      (err: unknown) => ({ facts: undefined, problem: secretReadProblem(err, "get") }),
    ),
  ]);
  let lookup: ParsedSecretLookup;
  if (secret.problem !== undefined) lookup = { kind: "unreadable", problem: secret.problem };
  else if (!secret.facts) lookup = { kind: "missing" };
  else lookup = { kind: "found", parsed: parseSecretFacts(secret.facts) };
  const rowLookup: SecretLookup =
    lookup.kind === "found" ? { kind: "found", summary: summaryOf(lookup.parsed) } : lookup;

  const detail: CertificateDetail = {
    row: reshapeCertificate(raw, rowLookup, now),
    spec: keystoreSpecWithoutPasswords({ ...raw.spec }),
    status: { ...(raw.status ?? {}) },
    conditions: toConditionDtos(raw.status?.conditions),
    events: events
      .map(toEventDto)
      .sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? "")),
    requests: requests
      .filter((r) => r.metadata.annotations?.[CERTIFICATE_NAME_ANNOTATION] === name)
      .map(reshapeCertificateRequest)
      .sort(
        (a, b) =>
          (b.revision ?? 0) - (a.revision ?? 0) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""),
      ),
  };
  if (lookup.kind === "found" && secret.facts) {
    const chain = secret.facts.tlsCrt
      ? checkSecretChain(secret.facts.tlsCrt, secret.facts.caCrt, now)
      : undefined;
    detail.secret = {
      name: raw.spec.secretName,
      certificates: lookup.parsed.certificates,
      ca: lookup.parsed.ca,
      certificatePems: lookup.parsed.certificates.length ? certificatePems(secret.facts.tlsCrt) : [],
      caPems: lookup.parsed.ca.length ? certificatePems(secret.facts.caCrt) : [],
      chainVerifies: chain?.chainVerifies,
      chainProblem: chain?.chainProblem ?? lookup.parsed.problem ?? lookup.parsed.caProblem,
    };
  }
  return detail;
}

/**
 * The row of one Issuer or ClusterIssuer; a CA issuer gets its CA Secret read (a ClusterIssuer's
 * from `TRUSTDECK_CLUSTER_RESOURCE_NAMESPACE`) for the CA subject and expiry.
 */
export async function issuerRowOf(
  raw: RawIssuer,
  kind: IssuerRow["kind"],
  opts: InventoryOptions = {},
): Promise<IssuerRow> {
  const now = opts.now ?? new Date();
  const crn = getEnv().clusterResourceNamespace;
  const ref = issuerCaSecretRef(raw, kind, crn);
  let lookup: ParsedSecretLookup | undefined;
  if (ref) {
    try {
      const facts = await getSecretFacts(ref.namespace, ref.name, { context: opts.context });
      lookup = facts ? { kind: "found", parsed: parseSecretFacts(facts) } : { kind: "missing" };
    } catch (err) {
      lookup = { kind: "unreadable", problem: secretReadProblem(err, "get") };
    }
  }
  return reshapeIssuer(raw, kind, lookup, now, crn);
}

/**
 * Issuers (in `namespace`, or all) and every ClusterIssuer. CA issuers get their CA Secret read
 * (a ClusterIssuer's from `TRUSTDECK_CLUSTER_RESOURCE_NAMESPACE`) for the CA subject and expiry.
 */
export async function getIssuerList(
  opts: InventoryOptions & { namespace?: string } = {},
): Promise<ListResponse<IssuerRow>> {
  const now = opts.now ?? new Date();
  const { context } = opts;
  const [issuers, clusterIssuers] = await Promise.all([
    listIssuers({ context, namespace: opts.namespace }),
    listClusterIssuers({ context }),
  ]);
  const all: [RawIssuer, IssuerRow["kind"]][] = [
    ...clusterIssuers.map((i): [RawIssuer, IssuerRow["kind"]] => [i, "ClusterIssuer"]),
    ...issuers.map((i): [RawIssuer, IssuerRow["kind"]] => [i, "Issuer"]),
  ];
  const items = await Promise.all(all.map(([raw, kind]) => issuerRowOf(raw, kind, { context, now })));
  return {
    items,
    total: items.length,
    namespaces: [...new Set(issuers.map((i) => i.metadata.namespace ?? ""))].filter(Boolean).sort(),
  };
}

/**
 * Lists every namespace when allowed, so a list filtered to one namespace still names all of them
 * for the filter menu (`namespaces`); an identity allowed only that namespace falls back to it.
 */
async function listAllOrNamespace<T>(
  list: (namespace: string | undefined) => Promise<T[]>,
  namespace: string | undefined,
): Promise<T[]> {
  try {
    return await list(undefined);
  } catch (err) {
    if (namespace && err instanceof KubeError && err.status === 403) return list(namespace);
    throw err;
  }
}

/**
 * CertificateRequests in `namespace` (or all), newest first; `namespaces` names every namespace
 * with requests (not only the chosen one), for the filter menu.
 */
export async function getCertificateRequestList(
  opts: InventoryOptions & { namespace?: string } = {},
): Promise<ListResponse<CertificateRequestRow>> {
  const raw = await listAllOrNamespace(
    (namespace) => listCertificateRequests({ context: opts.context, namespace }),
    opts.namespace,
  );
  const all = raw.map(reshapeCertificateRequest);
  const items = all
    .filter((r) => !opts.namespace || r.namespace === opts.namespace)
    .sort(
      (a, b) =>
        (b.createdAt ?? "").localeCompare(a.createdAt ?? "") ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
  return { items, total: items.length, namespaces: [...new Set(all.map((i) => i.namespace))].sort() };
}

/**
 * TLS Secrets (in `namespace`, or all) with their parsed leaf and whether a Certificate manages
 * them; `managed` filters; `namespaces` names every namespace with TLS Secrets. A 403 on Secrets
 * (in the chosen namespace too) propagates (with the cluster's message).
 */
export async function getTlsSecretList(
  opts: InventoryOptions & { namespace?: string; managed?: boolean } = {},
): Promise<ListResponse<TlsSecretRow>> {
  const now = opts.now ?? new Date();
  const { context, namespace } = opts;
  const [secrets, certificates] = await Promise.all([
    listAllOrNamespace((ns) => listTlsSecrets({ context, namespace: ns }), namespace),
    listAllOrNamespace((ns) => listCertificates({ context, namespace: ns }), namespace),
  ]);
  const owners = indexSecretOwners(certificates);
  const all = secrets
    .filter((s) => !namespace || s.metadata.namespace === namespace)
    .map((s) => reshapeTlsSecret(s, parseSecretFacts(s), owners, now))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const items = opts.managed === undefined ? all : all.filter((r) => r.managed === opts.managed);
  // Every namespace with TLS Secrets, not only the chosen one: the filter menu offers them all.
  const namespaces = [...new Set(secrets.map((s) => s.metadata.namespace))].sort();
  return { items, total: items.length, namespaces };
}
