import "server-only";
/**
 * The one server-side module of lib/apisix: reads the cluster through lib/k8s, feeds the pure
 * functions (matrix, preview), and performs the audited writes. Route handlers call only this.
 */
import { auditedWrite } from "@/lib/actions/write";
import { HttpError } from "@/lib/http/errors";
import { listApisixRoutes, listApisixTls, listApisixUpstreams, type RawApisixTls } from "@/lib/k8s/apisix";
import {
  createApisixTls,
  getApisixTls,
  getApisixUpstream,
  updateApisixTlsSpec,
  updateApisixUpstreamSpec,
} from "@/lib/k8s/apisix-write";
import { listCertificates } from "@/lib/k8s/certificates";
import { getSecretFacts, listTlsSecrets, type TlsSecretFacts } from "@/lib/k8s/secrets";
import { buildGatewayMatrix } from "./matrix";
import { nextTlsSpec, previewMtls } from "./preview";
import type { CreateTlsInput, MtlsToggleInput, UpstreamMtlsInput } from "./schemas";
import { type GatewaySecret, refKey } from "./secrets";
import type { ApisixTlsSummary, ApisixUpstreamSummary, GatewayMatrixDto, MtlsPreviewDto } from "./types";

type Opts = { context?: string };

function toGatewaySecret(s: TlsSecretFacts): GatewaySecret {
  const out: GatewaySecret = { namespace: s.metadata.namespace, name: s.metadata.name, dataKeys: s.dataKeys };
  if (s.tlsCrt) out.tlsCrt = s.tlsCrt;
  if (s.caCrt) out.caCrt = s.caCrt;
  if (s.cert) out.cert = s.cert;
  const cert = s.metadata.annotations?.["cert-manager.io/certificate-name"];
  if (cert) out.certificateName = cert;
  return out;
}

/** Reads Secrets that APISIX objects reference but the TLS-typed list did not return (e.g. Opaque CA Secrets). */
async function withReferenced(
  secrets: GatewaySecret[],
  refs: { namespace: string; name: string }[],
  opts: Opts,
): Promise<GatewaySecret[]> {
  const known = new Set(secrets.map((s) => refKey(s.namespace, s.name)));
  const missing = [...new Map(refs.map((r) => [refKey(r.namespace, r.name), r])).values()].filter(
    (r) => !known.has(refKey(r.namespace, r.name)),
  );
  const found = await Promise.all(
    missing.map((r) => getSecretFacts(r.namespace, r.name, opts).catch(() => null)),
  );
  return [...secrets, ...found.filter((s): s is TlsSecretFacts => s !== null).map(toGatewaySecret)];
}

/** The gateway matrix of every ApisixRoute in the cluster (or in `namespace`). */
export async function getGatewayMatrix(opts: Opts & { namespace?: string } = {}): Promise<GatewayMatrixDto> {
  const [routes, tlses, upstreams, secretList] = await Promise.all([
    listApisixRoutes(opts),
    listApisixTls(opts),
    listApisixUpstreams(opts),
    // A context that may not read Secrets still gets the matrix, with certificate checks marked unverified.
    listTlsSecrets({ context: opts.context }).then(
      (items) => ({ items, problem: undefined }),
      (err: unknown) => {
        if ((err as { status?: number }).status !== 403) throw err;
        return { items: [] as TlsSecretFacts[], problem: err instanceof Error ? err.message : String(err) };
      },
    ),
  ]);
  const refs = [
    ...tlses.flatMap((t) => [t.spec.secret, ...(t.spec.client ? [t.spec.client.caSecret] : [])]),
    ...upstreams.flatMap((u) => (u.spec?.tlsSecret ? [u.spec.tlsSecret] : [])),
  ].filter((r) => r?.name && r.namespace);
  const gatewaySecrets = secretList.items.map(toGatewaySecret);
  const secrets = secretList.problem ? gatewaySecrets : await withReferenced(gatewaySecrets, refs, opts);
  return buildGatewayMatrix({
    routes,
    tlses,
    upstreams,
    secrets,
    now: new Date(),
    ...(secretList.problem ? { secretsUnreadable: secretList.problem } : {}),
  });
}

async function previewFor(tls: RawApisixTls, body: MtlsToggleInput, opts: Opts): Promise<MtlsPreviewDto> {
  const [rawSecrets, certs, caFacts] = await Promise.all([
    listTlsSecrets({ context: opts.context }),
    listCertificates({ context: opts.context }),
    body.enabled && body.caSecret
      ? getSecretFacts(body.caSecret.namespace, body.caSecret.name, opts)
      : Promise.resolve(undefined),
  ]);
  return previewMtls({
    tls,
    request: body,
    caSecret: caFacts === undefined ? undefined : caFacts === null ? null : toGatewaySecret(caFacts),
    secrets: rawSecrets.map(toGatewaySecret),
    certificates: certs.map((c) => ({
      namespace: c.metadata.namespace ?? "",
      name: c.metadata.name,
      secretName: c.spec.secretName,
      usages: c.spec.usages,
    })),
    now: new Date(),
  });
}

/** Impact of an mTLS toggle on ApisixTls `namespace/name`; nothing is changed. */
export async function previewTlsMtls(
  namespace: string,
  name: string,
  body: MtlsToggleInput,
  opts: Opts = {},
): Promise<MtlsPreviewDto> {
  return previewFor(await getApisixTls(namespace, name, opts), body, opts);
}

function tlsSummary(t: RawApisixTls): ApisixTlsSummary {
  const out: ApisixTlsSummary = {
    namespace: t.metadata.namespace ?? "",
    name: t.metadata.name,
    hosts: t.spec.hosts ?? [],
    secret: { ...t.spec.secret },
    resourceVersion: t.metadata.resourceVersion,
  };
  if (t.spec.client) {
    out.client = {
      caSecret: { ...t.spec.client.caSecret },
      depth: t.spec.client.depth,
      skipMtlsUriRegex: t.spec.client.skip_mtls_uri_regex ?? [],
    };
  }
  return out;
}

function why(reason: string | undefined): string {
  return reason ? `reason: ${reason}` : "requested from the Trustdeck gateway page";
}

/**
 * Turns client mTLS of an ApisixTls on (sets `spec.client`) or off (removes it), retrying on 409,
 * then re-reads the object to confirm; through the audited write path (Event: who, what, why).
 * @throws KubeError 403/404/409/422 from the cluster; HttpError 403 in read-only mode; HttpError 409
 * when the re-read does not show the change.
 */
export async function setTlsMtls(
  namespace: string,
  name: string,
  body: MtlsToggleInput,
  opts: Opts = {},
): Promise<{ tls: ApisixTlsSummary; who: string; eventRecorded: boolean }> {
  const { value, who, eventRecorded } = await auditedWrite(
    { action: "mtls-toggle", context: opts.context, object: { kind: "ApisixTls", namespace, name } },
    async (actor) => {
      const { after } = await updateApisixTlsSpec(
        namespace,
        name,
        (cur) => nextTlsSpec(cur.spec, body),
        opts,
      );
      const reread = await getApisixTls(namespace, name, opts);
      const expected = nextTlsSpec(reread.spec, body).client;
      if (JSON.stringify(reread.spec.client ?? null) !== JSON.stringify(expected ?? null)) {
        throw new HttpError(
          409,
          `ApisixTls ${namespace}/${name} changed after the update; re-read it and try again`,
        );
      }
      const hosts = (reread.spec.hosts ?? []).join(", ");
      const state = body.enabled
        ? `on (caSecret ${body.caSecret?.namespace}/${body.caSecret?.name}, depth ${body.depth ?? 1}${
            body.skipMtlsUriRegex?.length ? `, skip_mtls_uri_regex ${body.skipMtlsUriRegex.join(" ")}` : ""
          })`
        : "off (spec.client removed)";
      return {
        value: tlsSummary(reread),
        event: {
          involved: {
            apiVersion: "apisix.apache.org/v2",
            kind: "ApisixTls",
            namespace,
            name,
            uid: after.metadata.uid,
            resourceVersion: reread.metadata.resourceVersion,
          },
          reason: body.enabled ? "ClientMtlsEnabled" : "ClientMtlsDisabled",
          message: `${actor} turned client mTLS ${state} for ${hosts} via Trustdeck; ${why(body.reason)}`,
        },
        detail: JSON.stringify({
          enabled: body.enabled,
          caSecret: body.caSecret,
          depth: body.depth,
          skipMtlsUriRegex: body.skipMtlsUriRegex,
        }),
      };
    },
  );
  return { tls: value, who, eventRecorded };
}

/** Creates an ApisixTls for route hosts that have none, through the audited write path. */
export async function createTls(
  input: CreateTlsInput,
  opts: Opts = {},
): Promise<{ tls: ApisixTlsSummary; who: string; eventRecorded: boolean }> {
  const spec: RawApisixTls["spec"] = {
    ...(input.ingressClassName ? { ingressClassName: input.ingressClassName } : {}),
    hosts: input.hosts,
    secret: { name: input.secret.name, namespace: input.secret.namespace },
  };
  const { value, who, eventRecorded } = await auditedWrite(
    {
      action: "apisixtls-create",
      context: opts.context,
      object: { kind: "ApisixTls", namespace: input.namespace, name: input.name },
    },
    async (actor) => {
      const created = await createApisixTls({ namespace: input.namespace, name: input.name, spec }, opts);
      return {
        value: tlsSummary(created),
        event: {
          involved: {
            apiVersion: "apisix.apache.org/v2",
            kind: "ApisixTls",
            namespace: input.namespace,
            name: input.name,
            uid: created.metadata.uid,
          },
          message: `${actor} created ApisixTls serving ${input.hosts.join(", ")} with Secret ${input.secret.namespace}/${input.secret.name} via Trustdeck; ${why(input.reason)}`,
        },
        detail: JSON.stringify({ hosts: input.hosts, secret: input.secret }),
      };
    },
  );
  return { tls: value, who, eventRecorded };
}

/**
 * Upstream mTLS: enabled sets `scheme: https` and `tlsSecret` (the client certificate APISIX shows
 * the upstream); disabled removes `tlsSecret` and keeps the scheme. Audited like the TLS toggle.
 */
export async function setUpstreamMtls(
  namespace: string,
  name: string,
  body: UpstreamMtlsInput,
  opts: Opts = {},
): Promise<{ upstream: ApisixUpstreamSummary; who: string; eventRecorded: boolean }> {
  const { value, who, eventRecorded } = await auditedWrite(
    {
      action: "upstream-mtls-toggle",
      context: opts.context,
      object: { kind: "ApisixUpstream", namespace, name },
    },
    async (actor) => {
      const { after } = await updateApisixUpstreamSpec(
        namespace,
        name,
        (cur) => {
          const { tlsSecret: _old, ...rest } = cur.spec ?? {};
          return body.enabled && body.tlsSecret
            ? { ...rest, scheme: "https", tlsSecret: { ...body.tlsSecret } }
            : rest;
        },
        opts,
      );
      const reread = await getApisixUpstream(namespace, name, opts);
      const ok = body.enabled
        ? reread.spec?.scheme === "https" && reread.spec.tlsSecret?.name === body.tlsSecret?.name
        : !reread.spec?.tlsSecret;
      if (!ok)
        throw new HttpError(409, `ApisixUpstream ${namespace}/${name} changed after the update; try again`);
      const state = body.enabled
        ? `on (scheme https, tlsSecret ${body.tlsSecret?.namespace}/${body.tlsSecret?.name})`
        : "off (tlsSecret removed)";
      const upstream: ApisixUpstreamSummary = {
        namespace,
        name,
        scheme: reread.spec?.scheme ?? "http",
        resourceVersion: reread.metadata.resourceVersion,
      };
      if (reread.spec?.tlsSecret) upstream.tlsSecret = { ...reread.spec.tlsSecret };
      return {
        value: upstream,
        event: {
          involved: {
            apiVersion: "apisix.apache.org/v2",
            kind: "ApisixUpstream",
            namespace,
            name,
            uid: after.metadata.uid,
            resourceVersion: reread.metadata.resourceVersion,
          },
          reason: body.enabled ? "UpstreamMtlsEnabled" : "UpstreamMtlsDisabled",
          message: `${actor} turned upstream mTLS ${state} via Trustdeck; ${why(body.reason)}`,
        },
        detail: JSON.stringify({ enabled: body.enabled, tlsSecret: body.tlsSecret }),
      };
    },
  );
  return { upstream: value, who, eventRecorded };
}
