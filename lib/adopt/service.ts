import "server-only";
import { renewCertificate } from "@/lib/actions/renew";
import { auditedWrite } from "@/lib/actions/write";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { conditionStatus } from "@/lib/inventory/conditions";
import { issuerCaSecretRef, issuerType } from "@/lib/inventory/issuers";
import { createCertificate } from "@/lib/k8s/certificate-actions";
import { listCertificates } from "@/lib/k8s/certificates";
import { KubeError } from "@/lib/k8s/errors";
import { listClusterIssuers, listIssuers, type RawIssuer } from "@/lib/k8s/issuers";
import { getSecretFacts } from "@/lib/k8s/secrets";
import { optional } from "@/lib/trust/source";
import { type ParsedCertificate, parseCertificatesPemWithObjects } from "@/lib/x509/parse";
import { type AdoptionProposal, type IssuerCandidate, proposeAdoption } from "./propose";

/**
 * Adoption of an unmanaged TLS Secret: reads the Secret (public facts only), the issuers of its
 * namespace and the cluster (with their CA certificates), proposes the matching Certificate
 * (lib/adopt/propose.ts) and creates it through the audited write path.
 */

type Opts = { context?: string };

function firstCert(pem: string | undefined): ParsedCertificate | undefined {
  if (!pem) return undefined;
  try {
    return parseCertificatesPemWithObjects(pem)[0];
  } catch {
    return undefined;
  }
}

async function candidates(namespace: string, opts: Opts): Promise<IssuerCandidate[]> {
  const crn = getEnv().clusterResourceNamespace;
  const [issuers, clusterIssuers] = await Promise.all([
    optional(listIssuers({ context: opts.context, namespace })),
    optional(listClusterIssuers(opts)),
  ]);
  const all: { raw: RawIssuer; kind: "Issuer" | "ClusterIssuer" }[] = [
    ...(issuers ?? []).map((raw) => ({ raw, kind: "Issuer" as const })),
    ...(clusterIssuers ?? []).map((raw) => ({ raw, kind: "ClusterIssuer" as const })),
  ];
  return Promise.all(
    all.map(async ({ raw, kind }) => {
      const ref = issuerCaSecretRef(raw, kind, crn);
      const ca = ref
        ? firstCert((await optional(getSecretFacts(ref.namespace, ref.name, opts)))?.tlsCrt ?? undefined)
        : undefined;
      return {
        kind,
        ...(kind === "Issuer" ? { namespace } : {}),
        name: raw.metadata.name,
        type: issuerType(raw),
        ready: conditionStatus(raw.status?.conditions, "Ready"),
        ...(ca ? { ca } : {}),
      };
    }),
  );
}

/**
 * The adoption proposal for Secret `namespace/name` (optionally with the issuer `choose`).
 * @throws KubeError 404 when the Secret does not exist; HttpError 409 when a Certificate already
 * manages it, 422 when it holds no readable certificate.
 */
export async function getAdoption(
  namespace: string,
  name: string,
  opts: Opts & { choose?: { kind: string; name: string } } = {},
): Promise<AdoptionProposal> {
  const [secret, certs, issuers] = await Promise.all([
    getSecretFacts(namespace, name, opts),
    listCertificates({ context: opts.context, namespace }),
    candidates(namespace, opts),
  ]);
  if (!secret) throw new KubeError(404, `Secret ${namespace}/${name} does not exist.`);
  const owner = certs.find(
    (c) => (c.metadata.namespace ?? namespace) === namespace && c.spec.secretName === name,
  );
  if (owner)
    throw new HttpError(
      409,
      `Secret ${namespace}/${name} is already managed by Certificate ${namespace}/${owner.metadata.name}.`,
    );
  let chain: ParsedCertificate[];
  try {
    chain = secret.tlsCrt ? parseCertificatesPemWithObjects(secret.tlsCrt) : [];
  } catch (err) {
    throw new HttpError(
      422,
      `tls.crt of Secret ${namespace}/${name} could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (chain.length === 0)
    throw new HttpError(422, `Secret ${namespace}/${name} holds no certificate in tls.crt.`);
  return proposeAdoption(
    {
      namespace,
      name,
      type: secret.type,
      dataKeys: secret.dataKeys,
      annotations: secret.metadata.annotations ?? {},
      chain,
    },
    issuers,
    {
      now: new Date(),
      takenNames: certs.map((c) => c.metadata.name),
      ...(opts.choose ? { choose: opts.choose } : {}),
    },
  );
}

/** What an adoption answers. */
export interface AdoptResult {
  namespace: string;
  /** The Certificate created. */
  name: string;
  issuer: { kind: string; name: string };
  reissueNow: boolean;
  /** Why cert-manager re-issues now or keeps the certificate until renewal. */
  reason: string;
  /** True when the person asked to re-issue now although cert-manager would have kept it. */
  renewRequested: boolean;
}

/**
 * Creates the proposed Certificate for Secret `namespace/name` with issuer `choose`, through the
 * audited write path (a `TrustdeckAdopt` Event on the new Certificate); with `reissueNow`, also renews
 * it at once as `cmctl renew` does.
 * @throws HttpError 409/422 as getAdoption; KubeError from the API server (403, 409 exists).
 */
export async function adoptSecret(
  namespace: string,
  name: string,
  body: { issuer: { kind: "Issuer" | "ClusterIssuer"; name: string }; reissueNow?: boolean },
  opts: Opts = {},
): Promise<AdoptResult> {
  const { value } = await auditedWrite(
    { action: "adopt", context: opts.context, object: { kind: "Secret", namespace, name } },
    async (who) => {
      const p = await getAdoption(namespace, name, { ...opts, choose: body.issuer });
      if (!p.issuer || !p.outcome) throw new HttpError(422, p.warnings.join(" ") || "No issuer can sign it.");
      if (!p.issuer.usable)
        throw new HttpError(
          422,
          `issuer: ${p.issuer.kind} ${p.issuer.name} cannot sign it: ${p.issuer.reason}`,
        );
      const created = await createCertificate(p.manifest, opts);
      const renewRequested = body.reissueNow === true && !p.outcome.reissueNow;
      const result: AdoptResult = {
        namespace,
        name: p.manifest.metadata.name,
        issuer: { kind: p.issuer.kind, name: p.issuer.name },
        reissueNow: p.outcome.reissueNow || renewRequested,
        reason: p.outcome.reason,
        renewRequested,
      };
      return {
        value: result,
        event: {
          involved: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            namespace,
            name: p.manifest.metadata.name,
            ...(created.metadata.uid ? { uid: created.metadata.uid } : {}),
          },
          message: `Secret ${namespace}/${name} adopted by ${who} via Trustdeck, issuer ${p.issuer.kind} ${p.issuer.name}: ${
            p.outcome.reissueNow
              ? `cert-manager re-issues now (${p.outcome.trigger})`
              : "cert-manager keeps the current certificate until renewal"
          }${renewRequested ? "; re-issue requested now" : ""}.`,
        },
      };
    },
  );
  if (value.renewRequested)
    await renewCertificate(namespace, value.name, {
      context: opts.context,
      message: "re-issue requested at adoption",
    });
  return value;
}
