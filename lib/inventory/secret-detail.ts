import "server-only";
import { getEnv } from "@/lib/env";
import { listApisixTls, listApisixUpstreams } from "@/lib/k8s/apisix";
import { listCertificates } from "@/lib/k8s/certificates";
import { KubeError } from "@/lib/k8s/errors";
import { listClusterIssuers, listIssuers } from "@/lib/k8s/issuers";
import { getSecretFacts } from "@/lib/k8s/secrets";
import { certificatePems } from "@/lib/security/secret-reduce";
import type { CertificateInfo, TlsSecretRow } from "@/lib/types";
import { checkSecretChain } from "@/lib/x509/chain";
import { issuerCaSecretRef } from "./issuers";
import { parseSecretFacts } from "./secret-certs";
import { indexSecretOwners, reshapeTlsSecret } from "./secrets";

/** A reference from another object to this Secret, and what for. */
export interface SecretUser {
  kind: "Certificate" | "Issuer" | "ClusterIssuer" | "ApisixTls" | "ApisixUpstream";
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  name: string;
  /** How it uses the Secret, in words ("writes it", "serves it", "trusts its CA for clients", ...). */
  role: string;
}

/**
 * `GET /api/secrets/{namespace}/{name}`: the public facts of one Secret. Never its data: the
 * certificates of `tls.crt` / `ca.crt` parsed, their PEM (certificate blocks only, see
 * lib/security/secret-reduce.ts) and the names of the `data` keys.
 */
export interface SecretDetail {
  row: TlsSecretRow;
  /** The Secret's `type` (e.g. `kubernetes.io/tls`). */
  type: string;
  createdAt?: string;
  labels: Record<string, string>;
  /** Names of the keys in `data` (values are never sent). */
  dataKeys: string[];
  /** `tls.crt`, leaf first; `pem[i]` is the PEM of `certificates[i]`. */
  certificates: CertificateInfo[];
  certificatePems: string[];
  /** `ca.crt`; `caPems[i]` is the PEM of `ca[i]`. */
  ca: CertificateInfo[];
  caPems: string[];
  /** Whether `tls.crt` verifies against `ca.crt` (as `cmctl inspect secret` reports); undefined without a leaf. */
  chainVerifies?: boolean;
  chainProblem?: string;
  /** Objects that point at this Secret (those the identity may list; see `usersProblem`). */
  users: SecretUser[];
  /** Why some referencing kinds could not be listed (e.g. forbidden), if any. */
  usersProblem?: string;
}

/** Runs a list, turning a KubeError (403, missing CRD) into `[]` plus a note. */
async function listOrNote<T>(what: string, p: Promise<T[]>, notes: string[]): Promise<T[]> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeError) {
      notes.push(`${what}: ${err.message}`);
      return [];
    }
    throw err;
  }
}

/**
 * Reads one Secret and who uses it: the Certificate that writes it (`spec.secretName`), CA issuers
 * that sign with it (`spec.ca.secretName`; a ClusterIssuer's in the cluster resource namespace),
 * ApisixTls objects that serve it (`spec.secret`) or trust it for client mTLS
 * (`spec.client.caSecret`), ApisixUpstreams that present it (`spec.tlsSecret`).
 * @throws KubeError 404 when the Secret does not exist (403 when it may not be read).
 */
export async function getSecretDetail(
  namespace: string,
  name: string,
  opts: { context?: string; now?: Date } = {},
): Promise<SecretDetail> {
  const now = opts.now ?? new Date();
  const { context } = opts;
  const facts = await getSecretFacts(namespace, name, { context });
  if (!facts) throw new KubeError(404, `Secret ${namespace}/${name} does not exist`, "NotFound");
  const notes: string[] = [];
  const crn = getEnv().clusterResourceNamespace;
  const [certificates, issuers, clusterIssuers, tlses, upstreams] = await Promise.all([
    listOrNote("Certificates", listCertificates({ context, namespace }), notes),
    listOrNote("Issuers", listIssuers({ context, namespace }), notes),
    namespace === crn ? listOrNote("ClusterIssuers", listClusterIssuers({ context }), notes) : [],
    listOrNote("ApisixTls", listApisixTls({ context }), notes),
    listOrNote("ApisixUpstreams", listApisixUpstreams({ context }), notes),
  ]);
  const parsed = parseSecretFacts(facts);
  const row = reshapeTlsSecret(facts, parsed, indexSecretOwners(certificates), now);

  const users: SecretUser[] = [];
  for (const c of certificates)
    if (c.spec.secretName === name)
      users.push({
        kind: "Certificate",
        namespace,
        name: c.metadata.name,
        role: "writes it (spec.secretName)",
      });
  for (const [list, kind] of [
    [issuers, "Issuer"],
    [clusterIssuers, "ClusterIssuer"],
  ] as const) {
    for (const i of list) {
      const ref = issuerCaSecretRef(i, kind, crn);
      if (ref?.namespace === namespace && ref.name === name)
        users.push({
          kind,
          namespace: kind === "Issuer" ? namespace : undefined,
          name: i.metadata.name,
          role: "signs with it (spec.ca.secretName)",
        });
    }
  }
  const is = (ref: { name: string; namespace?: string } | undefined, objectNs: string | undefined) =>
    !!ref && ref.name === name && (ref.namespace || objectNs) === namespace;
  for (const t of tlses) {
    const ns = t.metadata.namespace;
    if (is(t.spec.secret, ns))
      users.push({
        kind: "ApisixTls",
        namespace: ns,
        name: t.metadata.name,
        role: "serves it (spec.secret)",
      });
    if (is(t.spec.client?.caSecret, ns))
      users.push({
        kind: "ApisixTls",
        namespace: ns,
        name: t.metadata.name,
        role: "trusts its CA for client certificates (spec.client.caSecret)",
      });
  }
  for (const u of upstreams)
    if (is(u.spec?.tlsSecret, u.metadata.namespace))
      users.push({
        kind: "ApisixUpstream",
        namespace: u.metadata.namespace,
        name: u.metadata.name,
        role: "presents it to the upstream (spec.tlsSecret)",
      });

  const chain = facts.tlsCrt?.trim() ? checkSecretChain(facts.tlsCrt, facts.caCrt, now) : undefined;
  return {
    row,
    type: facts.type,
    createdAt: facts.metadata.creationTimestamp,
    labels: facts.metadata.labels ?? {},
    dataKeys: facts.dataKeys,
    certificates: parsed.certificates,
    certificatePems: parsed.certificates.length ? certificatePems(facts.tlsCrt) : [],
    ca: parsed.ca,
    caPems: parsed.ca.length ? certificatePems(facts.caCrt) : [],
    ...(chain ? { chainVerifies: chain.chainVerifies } : {}),
    ...((chain?.chainProblem ?? parsed.problem ?? parsed.caProblem)
      ? { chainProblem: chain?.chainProblem ?? parsed.problem ?? parsed.caProblem }
      : {}),
    users,
    ...(notes.length ? { usersProblem: `could not list ${notes.join("; ")}` } : {}),
  };
}
