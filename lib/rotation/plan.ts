import { buildTrustGraph, bundleTargetNamespaces, trustNodeId } from "@/lib/trust/graph";
import type { CertBundle, SecretFacts, TrustGraphInput } from "@/lib/trust/types";
import { bundleMountTargets, type MountTarget } from "@/lib/trust/workloads";
import { verifyChain } from "@/lib/x509/chain";
import {
  signedBy as isSignedBy,
  type ParsedCertificate,
  parseCertificateDerWithObjects,
} from "@/lib/x509/parse";

/**
 * CA rotation planning (pure): what a CA Certificate signed, what trusts it, and how each consumer
 * reads it. The recipe is cert-manager's documented one for a private CA (issue the new CA beside the
 * old, distribute old + new to everyone who trusts, re-issue the leaves, then drop and retire the
 * old CA); the facts come from the trust graph (lib/trust/graph.ts), built from reduced cluster facts.
 */

/** A namespaced object reference. */
export interface Ref {
  namespace: string;
  name: string;
}

/** How a consumer reads the CA it trusts. */
export type ConsumerRead =
  /** It points at the CA Certificate's own Secret: it pins the CA (rotating that Secret in place breaks it). */
  | "ca-secret"
  /** It reads a trust-manager Bundle's target Secret. */
  | "bundle"
  /** It reads another Secret that holds a copy of the CA certificate. */
  | "copy";

/** An ApisixTls that verifies client certificates with the CA (its `client.caSecret`). */
export interface RotationConsumer {
  kind: "ApisixTls";
  namespace: string;
  name: string;
  hosts: string[];
  caSecret: Ref;
  reads: ConsumerRead;
  /** The Bundle it reads, when `reads` is "bundle". */
  bundle?: string;
  /** The key APISIX reads from the Secret (`cert`, then `tls.crt`, then `ca.crt`). */
  key?: "cert" | "tls.crt" | "ca.crt";
  /** SHA-256 fingerprints of the certificates it trusts (that key's certificates). */
  trusted: string[];
}

/** A Certificate whose issuer signs with the CA. */
export interface RotationLeaf {
  namespace: string;
  name: string;
  secretName: string;
  issuer: string;
  usages: string[];
  /** Fingerprint of the CA that signed the certificate now in its Secret (when it verifies). */
  signedBy?: string;
  /** Whether a client may present it (usages include "client auth"). */
  client: boolean;
}

export interface RotationPlan {
  ca: {
    namespace: string;
    name: string;
    secretName: string;
    subject?: string;
    fingerprint?: string;
    notAfter?: string;
  };
  /** Issuers / ClusterIssuers whose `spec.ca.secretName` is the CA's Secret. */
  issuers: { kind: "Issuer" | "ClusterIssuer"; namespace?: string; name: string }[];
  /** Certificates issued through those issuers (what the CA signed, cert-manager-managed). */
  leaves: RotationLeaf[];
  /** Secrets signed by the CA that no Certificate manages (cert-manager cannot re-issue them). */
  unmanaged: Ref[];
  /** Who verifies peers with the CA. */
  consumers: RotationConsumer[];
  /** Secrets whose ca.crt holds the CA (workloads that accept peers signed by it). */
  trustHolders: Ref[];
  /** Bundles whose sources carry the CA. */
  bundles: string[];
  /** What the rotation cannot do for you, in plain words. */
  warnings: string[];
}

const keyOrder = ["cert", "tls.crt", "ca.crt"] as const;

function bundleOf(s: SecretFacts, key: (typeof keyOrder)[number]): CertBundle | undefined {
  return key === "cert" ? s.cert : key === "tls.crt" ? s.tlsCrt : s.caCrt;
}

/** The key the APISIX ingress controller reads a client CA from: `cert`, then `tls.crt`, then `ca.crt`. */
export function apisixCaKey(s: SecretFacts | undefined): (typeof keyOrder)[number] | undefined {
  if (!s) return undefined;
  return keyOrder.find((k) => (bundleOf(s, k)?.certificates.length ?? 0) > 0);
}

function fingerprintsOf(b: CertBundle | undefined): string[] {
  return (b?.certificates ?? []).map((c) => c.sha256Fingerprint);
}

function secretMap(input: TrustGraphInput): Map<string, SecretFacts> {
  return new Map(input.secrets.map((s) => [`${s.namespace}/${s.name}`, s]));
}

/**
 * Plans the rotation of the CA Certificate `ca` (isCA: true): the issuers that sign with its Secret,
 * the Certificates issued through them, unmanaged Secrets it signed (by signature, as the trust graph
 * verifies), the ApisixTls objects trusting it as client CA and how each reads it, and the Secrets
 * and Bundles carrying it.
 * @throws Error when `ca` is not a CA Certificate of the input.
 */
export function planRotation(
  input: TrustGraphInput,
  ca: Ref,
  opts: { now: Date; trustNamespace?: string },
): RotationPlan {
  const cert = input.certificates.find((c) => c.namespace === ca.namespace && c.name === ca.name);
  if (!cert) throw new Error(`Certificate ${ca.namespace}/${ca.name} does not exist.`);
  if (!cert.isCA)
    throw new Error(`Certificate ${ca.namespace}/${ca.name} is not a CA (spec.isCA is not true).`);
  const secrets = secretMap(input);
  const caSecret = secrets.get(`${ca.namespace}/${cert.secretName}`);
  const caCert = caSecret?.tlsCrt?.certificates[0];
  const fp = caCert?.sha256Fingerprint;
  const graph = buildTrustGraph(input, {
    now: opts.now,
    ...(opts.trustNamespace ? { trustNamespace: opts.trustNamespace } : {}),
  });
  const caSecretId = trustNodeId("secret", ca.namespace, cert.secretName);

  const issuers = input.issuers
    .filter((i) => {
      if (i.type !== "ca" || i.caSecret?.name !== cert.secretName) return false;
      // A ClusterIssuer's CA Secret lives in the cluster-resource namespace.
      return i.kind === "Issuer"
        ? i.namespace === ca.namespace
        : ca.namespace === (opts.trustNamespace ?? "cert-manager");
    })
    .map((i) => ({ kind: i.kind, ...(i.namespace ? { namespace: i.namespace } : {}), name: i.name }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const signedByEdges = graph.edges.filter((e) => e.kind === "signed-by" && e.from.startsWith("secret:"));
  const signerOf = new Map(signedByEdges.map((e) => [e.from, e.to]));
  const fpOfSecretNode = (id: string) => {
    const [, rest = ""] = id.split(":");
    const s = secrets.get(rest);
    return s?.tlsCrt?.certificates[0]?.sha256Fingerprint;
  };

  const leaves: RotationLeaf[] = [];
  const managed = new Set<string>();
  for (const c of input.certificates) managed.add(`${c.namespace}/${c.secretName}`);
  for (const c of input.certificates) {
    if (c.namespace === ca.namespace && c.name === ca.name) continue;
    const cluster = c.issuerRef.kind === "ClusterIssuer";
    const issuer = issuers.find(
      (i) =>
        i.name === c.issuerRef.name &&
        (cluster ? i.kind === "ClusterIssuer" : i.kind === "Issuer" && i.namespace === c.namespace),
    );
    if (!issuer) continue;
    const signer = signerOf.get(trustNodeId("secret", c.namespace, c.secretName));
    const signedBy = signer ? fpOfSecretNode(signer) : undefined;
    leaves.push({
      namespace: c.namespace,
      name: c.name,
      secretName: c.secretName,
      issuer: `${issuer.kind} ${issuer.name}`,
      usages: c.usages,
      ...(signedBy ? { signedBy } : {}),
      client: c.usages.includes("client auth"),
    });
  }
  leaves.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));

  const unmanaged = signedByEdges
    .filter((e) => e.to === caSecretId)
    .map((e) => {
      const [ns = "", name = ""] = e.from.slice("secret:".length).split("/");
      return { namespace: ns, name };
    })
    .filter((r) => !managed.has(`${r.namespace}/${r.name}`))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));

  const bundlesWithCa = (input.bundles ?? []).filter((b) => {
    const node = graph.nodes.find((n) => n.id === trustNodeId("bundle", undefined, b.name));
    return !!fp && !!node?.fingerprints?.caCrt.includes(fp);
  });

  const consumers: RotationConsumer[] = [];
  for (const t of input.apisixTls ?? []) {
    if (!t.client) continue;
    const ref = { namespace: t.client.caSecret.namespace || t.namespace, name: t.client.caSecret.name };
    const s = secrets.get(`${ref.namespace}/${ref.name}`);
    const key = apisixCaKey(s);
    const trusted = s && key ? fingerprintsOf(bundleOf(s, key)) : [];
    const viaBundle = (input.bundles ?? []).find(
      (b) =>
        b.name === ref.name &&
        !!b.target.secretKey &&
        bundleTargetNamespaces(b, input).includes(ref.namespace),
    );
    const pins = ref.namespace === ca.namespace && ref.name === cert.secretName;
    const trustsCa =
      pins || (!!fp && trusted.includes(fp)) || (!!viaBundle && bundlesWithCa.includes(viaBundle));
    if (!trustsCa) continue;
    consumers.push({
      kind: "ApisixTls",
      namespace: t.namespace,
      name: t.name,
      hosts: t.hosts,
      caSecret: ref,
      reads: pins ? "ca-secret" : viaBundle ? "bundle" : "copy",
      ...(viaBundle && !pins ? { bundle: viaBundle.name } : {}),
      ...(key ? { key } : {}),
      trusted,
    });
  }
  consumers.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));

  const trustHolders = fp
    ? input.secrets
        .filter((s) => fingerprintsOf(s.caCrt).includes(fp))
        .map((s) => ({ namespace: s.namespace, name: s.name }))
        .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
    : [];

  const warnings: string[] = [];
  if (!caCert)
    warnings.push(
      `The CA's Secret ${ca.namespace}/${cert.secretName} holds no certificate yet: nothing to rotate.`,
    );
  if (issuers.length === 0)
    warnings.push(
      "No CA issuer signs with this CA's Secret: there is nothing to re-issue, only trust to move.",
    );
  for (const u of unmanaged)
    warnings.push(
      `Secret ${u.namespace}/${u.name} is signed by this CA but no Certificate manages it: re-issue it by hand (or adopt it) before the old CA is removed from trust.`,
    );
  for (const c of consumers.filter((c) => c.reads === "copy"))
    warnings.push(
      `ApisixTls ${c.namespace}/${c.name} reads a copy of the CA (${c.caSecret.namespace}/${c.caSecret.name}): the rotation points it at the trust Bundle instead.`,
    );

  return {
    ca: {
      namespace: ca.namespace,
      name: ca.name,
      secretName: cert.secretName,
      ...(caCert
        ? { subject: caCert.subject, fingerprint: caCert.sha256Fingerprint, notAfter: caCert.notAfter }
        : {}),
    },
    issuers,
    leaves,
    unmanaged,
    consumers,
    trustHolders,
    bundles: bundlesWithCa.map((b) => b.name).sort(),
    warnings,
  };
}

/** One consumer judged against the CAs it must trust. */
export interface ConsumerCheck {
  namespace: string;
  name: string;
  caSecret: Ref;
  trustsOld: boolean;
  trustsNew: boolean;
  /** Each client leaf's chain verdict against exactly what the consumer trusts. */
  clients: { namespace: string; name: string; valid: boolean; problem?: string }[];
  /** The TLS probe's part (set by `withProbes`): what a live handshake showed, or why none ran. */
  probe?: ConsumerProbe;
  ok: boolean;
}

/** One handshake the probe made with a client certificate against a consumer's endpoint. */
export interface ProbeOutcome {
  /** The Certificate whose Secret's key pair was presented. */
  client: Ref;
  ok: boolean;
  /** The probe's verdict in one sentence (lib/probe/verdict.ts). */
  summary: string;
}

/** A consumer's probe during a verify step. */
export interface ConsumerProbe {
  /** `host:port`; absent when no endpoint is known. */
  endpoint?: string;
  results: (ProbeOutcome & { clientFrom: "old" | "new" | "other" })[];
  /** One line per result (or the one reason nothing was probed), in plain words. */
  words: string[];
  ok: boolean;
}

/** The verdict of a verify step. */
export interface TrustCheck {
  /** "both": old and new must be trusted; "new": the new one (old may still be). */
  expect: "both" | "new";
  consumers: ConsumerCheck[];
  /** Leaves and which CA signed them: "old", "new" or "other". */
  leaves: { namespace: string; name: string; signedBy: "old" | "new" | "other" }[];
  ok: boolean;
  /** Why not, in plain words (empty when ok). */
  failures: string[];
}

function parsedOf(b: CertBundle | undefined): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  for (const der of b?.der ?? []) {
    try {
      out.push(parseCertificateDerWithObjects(der));
    } catch {
      // unreadable certificates are reported by the trust graph
    }
  }
  return out;
}

/**
 * Verifies trust during a rotation, from reduced facts: every consumer (ApisixTls client CA) must
 * trust the old and the new CA ("both"), or the new CA ("new"); every client leaf the CA's issuers
 * signed must build a valid chain (RFC 5280, client auth) to exactly what each consumer trusts; with
 * "new", every leaf must be signed by the new CA. Consumers are read at `consumers` (the references as
 * they are now, e.g. repointed to the Bundle's target Secret).
 */
export function verifyRotationTrust(
  input: TrustGraphInput,
  opts: {
    consumers: (Ref & { caSecret: Ref })[];
    leaves: Ref[];
    oldFingerprint: string;
    newFingerprint: string;
    expect: "both" | "new";
    now: Date;
  },
): TrustCheck {
  const secrets = secretMap(input);
  const failures: string[] = [];
  const certs = new Map(input.certificates.map((c) => [`${c.namespace}/${c.name}`, c]));
  const leafFacts = opts.leaves.map((l) => {
    const c = certs.get(`${l.namespace}/${l.name}`);
    const s = c ? secrets.get(`${l.namespace}/${c.secretName}`) : undefined;
    return { ref: l, cert: c, secret: s };
  });
  const caCerts = new Map<string, ParsedCertificate>();
  for (const s of input.secrets)
    for (const p of parsedOf(s.tlsCrt)) if (p.info.isCA) caCerts.set(p.info.sha256Fingerprint, p);

  const leaves = leafFacts.map(({ ref, secret }) => {
    const chain = parsedOf(secret?.tlsCrt);
    const leaf = chain[0];
    let signedBy: "old" | "new" | "other" = "other";
    for (const [fp, who] of [
      [opts.oldFingerprint, "old"],
      [opts.newFingerprint, "new"],
    ] as const) {
      const anchor = caCerts.get(fp);
      if (leaf && anchor && isSignedBy(leaf, anchor)) signedBy = who;
    }
    return { namespace: ref.namespace, name: ref.name, signedBy };
  });
  if (opts.expect === "new")
    for (const l of leaves)
      if (l.signedBy !== "new")
        failures.push(`Certificate ${l.namespace}/${l.name} is not signed by the new CA yet.`);

  const consumers: ConsumerCheck[] = opts.consumers.map((c) => {
    const s = secrets.get(`${c.caSecret.namespace}/${c.caSecret.name}`);
    const key = apisixCaKey(s);
    const trustedParsed = s && key ? parsedOf(bundleOf(s, key)) : [];
    const fps = trustedParsed.map((p) => p.info.sha256Fingerprint);
    const trustsOld = fps.includes(opts.oldFingerprint);
    const trustsNew = fps.includes(opts.newFingerprint);
    const clients = leafFacts
      .filter((l) => l.cert?.usages.includes("client auth"))
      .map(({ ref, secret }) => {
        const chain = parsedOf(secret?.tlsCrt);
        if (chain.length === 0 || trustedParsed.length === 0)
          return { namespace: ref.namespace, name: ref.name, valid: false, problem: "nothing to verify" };
        const v = verifyChain({
          bundle: chain,
          trusted: trustedParsed,
          usages: ["client auth"],
          now: opts.now,
        });
        const problem = v.valid ? undefined : (v.problems[0]?.message ?? v.status);
        return { namespace: ref.namespace, name: ref.name, valid: v.valid, ...(problem ? { problem } : {}) };
      });
    const ok = (opts.expect === "both" ? trustsOld && trustsNew : trustsNew) && clients.every((x) => x.valid);
    if (!s)
      failures.push(
        `ApisixTls ${c.namespace}/${c.name}: its CA Secret ${c.caSecret.namespace}/${c.caSecret.name} does not exist (yet).`,
      );
    else {
      if (opts.expect === "both" && !trustsOld)
        failures.push(`ApisixTls ${c.namespace}/${c.name} does not trust the old CA.`);
      if (!trustsNew) failures.push(`ApisixTls ${c.namespace}/${c.name} does not trust the new CA.`);
      for (const x of clients.filter((x) => !x.valid))
        failures.push(
          `ApisixTls ${c.namespace}/${c.name} would refuse ${x.namespace}/${x.name}: ${x.problem}`,
        );
    }
    return { namespace: c.namespace, name: c.name, caSecret: c.caSecret, trustsOld, trustsNew, clients, ok };
  });
  return { expect: opts.expect, consumers, leaves, ok: failures.length === 0, failures };
}

/**
 * What a workload may mount to trust the CA during its rotation: the CA's Secret (and the new CA's,
 * once named), and the targets of every Bundle that carries the CA, that a consumer reads, or that
 * the rotation distributes with (`extraBundles`), in the namespaces its selector matches.
 */
export function rotationMountTargets(
  input: TrustGraphInput,
  plan: RotationPlan,
  extra: { secrets?: string[]; bundles?: string[] } = {},
): MountTarget[] {
  const ns = plan.ca.namespace;
  const secrets = [plan.ca.secretName, ...(extra.secrets ?? [])];
  const names = new Set([
    ...plan.bundles,
    ...plan.consumers.flatMap((c) => (c.bundle ? [c.bundle] : [])),
    ...(extra.bundles ?? []),
  ]);
  return [
    ...secrets.map((name) => ({ kind: "Secret" as const, namespace: ns, name })),
    ...(input.bundles ?? [])
      .filter((b) => names.has(b.name))
      .flatMap((b) => bundleMountTargets(b, bundleTargetNamespaces(b, input))),
  ];
}

const FROM_WORDS = { old: "the old CA", new: "the new CA", other: "another CA" } as const;

/**
 * Adds the TLS probe to a verify step's verdict (pure): `probed` holds, per consumer
 * (`namespace/name`), the endpoint and each handshake made there with a client certificate. A
 * consumer without an endpoint is judged by its chains only and says so ("no endpoint known — chain
 * check only"); a refused handshake fails the consumer and the check, with the probe's reason. Which
 * CA signed each presented certificate comes from `check.leaves`.
 */
export function withProbes(
  check: TrustCheck,
  probed: Record<string, { endpoint: string; outcomes: ProbeOutcome[] }>,
): TrustCheck {
  const from = new Map(check.leaves.map((l) => [`${l.namespace}/${l.name}`, l.signedBy]));
  const failures = [...check.failures];
  const consumers = check.consumers.map((c) => {
    const p = probed[`${c.namespace}/${c.name}`];
    if (!p) {
      const probe: ConsumerProbe = {
        results: [],
        words: ["no endpoint known — chain check only"],
        ok: true,
      };
      return { ...c, probe };
    }
    const results = p.outcomes.map((o) => ({
      ...o,
      clientFrom: from.get(`${o.client.namespace}/${o.client.name}`) ?? ("other" as const),
    }));
    const words =
      results.length === 0
        ? [`probe ${p.endpoint}: no client certificate to present — chain check only`]
        : results.map(
            (r) =>
              `probe ${p.endpoint}: handshake ${r.ok ? "ok" : "refused"} with a client cert from ${FROM_WORDS[r.clientFrom]} (${r.client.namespace}/${r.client.name})${r.ok ? "" : `: ${r.summary}`}`,
          );
    const ok = results.every((r) => r.ok);
    for (const r of results.filter((r) => !r.ok))
      failures.push(
        `ApisixTls ${c.namespace}/${c.name} at ${p.endpoint} refused ${r.client.namespace}/${r.client.name} (from ${FROM_WORDS[r.clientFrom]}): ${r.summary}`,
      );
    return { ...c, probe: { endpoint: p.endpoint, results, words, ok }, ok: c.ok && ok };
  });
  return { ...check, consumers, failures, ok: failures.length === 0 };
}

/**
 * The name of the next CA Certificate (and Secret) of a rotation: `<base>-r<N+1>` where the current
 * name is `<base>` (N = 1) or `<base>-r<N>`. Kubernetes names stay ≤ 253 characters.
 */
export function nextRotationName(name: string): string {
  const m = /^(.*)-r(\d+)$/.exec(name);
  return m ? `${m[1]}-r${Number(m[2]) + 1}` : `${name}-r2`;
}
