import "server-only";
import crypto from "node:crypto";
import { CoreV1Api } from "@kubernetes/client-node";
import type {
  CertificateObject,
  CertificateRequestObject,
  ChallengeObject,
  DoctorInput,
  EventFacts,
  IssuerLookup,
  IssuerObject,
  OrderObject,
  SecretFacts,
} from "@/lib/doctor/types";
import { getEnv } from "@/lib/env";
import { listChallenges, listOrders } from "./acme";
import { CERTIFICATE_REQUESTS } from "./certificate-requests";
import { CERTIFICATES } from "./certificates";
import { kubeCall, makeClient } from "./config";
import { getCustom, listCustom } from "./custom";
import { KubeError } from "./errors";
import { listEventsForClusterScoped } from "./events";
import { CLUSTER_ISSUERS, ISSUERS } from "./issuers";
import { listTlsSecrets } from "./secrets";

const CM = "cert-manager.io";

type Opts = { context?: string };

const isStatus = (err: unknown, status: number) =>
  (err as { status?: number } | undefined)?.status === status;

/** Orders and Challenges in the doctor's types (the same objects lib/k8s/acme.ts lists). */
const ordersIn = (opts: Opts & { namespace?: string }) =>
  listOrders(opts) as Promise<unknown[]> as Promise<OrderObject[]>;
const challengesIn = (opts: Opts & { namespace?: string }) =>
  listChallenges(opts) as Promise<unknown[]> as Promise<ChallengeObject[]>;

/**
 * Whether `tls.key` is the private key of the first certificate in `tls.crt`: both public keys in
 * SPKI DER, compared. Runs on the server; the key bytes go no further than this function.
 * @returns undefined when either part does not parse.
 */
export function keyMatchesCertificate(tlsCrtPem: string, tlsKeyPem: string): boolean | undefined {
  try {
    const cert = new crypto.X509Certificate(tlsCrtPem);
    const fromCert = cert.publicKey.export({ type: "spki", format: "der" });
    const fromKey = crypto
      .createPublicKey(crypto.createPrivateKey(tlsKeyPem))
      .export({ type: "spki", format: "der" });
    return crypto.timingSafeEqual(fromCert, fromKey) && fromCert.length === fromKey.length;
  } catch {
    return undefined;
  }
}

/** Facts about a Certificate's Secret; the key itself never leaves here. */
async function readSecretFacts(namespace: string, name: string, opts: Opts): Promise<SecretFacts> {
  try {
    const s = await kubeCall(opts.context, () =>
      makeClient(CoreV1Api, opts.context).readNamespacedSecret({ namespace, name }),
    );
    const crt = s.data?.["tls.crt"] ? Buffer.from(s.data["tls.crt"], "base64").toString("utf8") : "";
    const key = s.data?.["tls.key"] ? Buffer.from(s.data["tls.key"], "base64").toString("utf8") : "";
    let certificateNotAfter: string | undefined;
    try {
      if (crt) certificateNotAfter = new Date(new crypto.X509Certificate(crt).validTo).toISOString();
    } catch {}
    return {
      exists: true,
      hasCertificate: crt.trim().length > 0,
      hasKey: key.trim().length > 0,
      keyMatches: crt && key ? keyMatchesCertificate(crt, key) : undefined,
      certificateNotAfter,
    };
  } catch (err) {
    if (isStatus(err, 404)) return { exists: false };
    return { unknown: true, message: err instanceof Error ? err.message : String(err) };
  }
}

async function lookupIssuer(cert: CertificateObject, opts: Opts): Promise<IssuerLookup> {
  const ref = cert.spec.issuerRef;
  const kind = ref.kind ?? "Issuer";
  const group = ref.group ?? CM;
  if (group !== CM) return { external: true, group, kind, name: ref.name };
  const namespace = kind === "ClusterIssuer" ? undefined : cert.metadata.namespace;
  try {
    const issuer = await getCustom<IssuerObject>(
      kind === "ClusterIssuer" ? CLUSTER_ISSUERS : ISSUERS,
      ref.name,
      {
        ...opts,
        namespace,
      },
    );
    return { found: true, issuer: { ...issuer, kind } };
  } catch (err) {
    if (isStatus(err, 404)) return { found: false, kind, name: ref.name, namespace };
    return { unknown: true, message: err instanceof Error ? err.message : String(err) };
  }
}

/** A list that yields [] on 403 (the doctor reports what it could read) and throws otherwise. */
async function readable<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeError && err.status === 403) return [];
    if (isStatus(err, 403) || isStatus(err, 404)) return [];
    throw err;
  }
}

async function listNamespaceEvents(namespace: string, opts: Opts): Promise<EventFacts[]> {
  const iso = (d: unknown) => (d ? (d instanceof Date ? d.toISOString() : String(d)) : undefined);
  return kubeCall(opts.context, async () => {
    const list = await makeClient(CoreV1Api, opts.context).listNamespacedEvent({ namespace });
    return list.items.map((e) => ({
      involvedObject: {
        kind: e.involvedObject.kind ?? "",
        name: e.involvedObject.name ?? "",
        namespace: e.involvedObject.namespace,
      },
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count,
      firstTimestamp: iso(e.firstTimestamp),
      lastTimestamp: iso(e.lastTimestamp),
      eventTime: iso(e.eventTime),
    }));
  });
}

const owned = (
  o: { metadata: { ownerReferences?: { kind: string; name: string }[] } },
  kind: string,
  names: Set<string>,
) => (o.metadata.ownerReferences ?? []).some((r) => r.kind === kind && names.has(r.name));

/**
 * Everything the issuance doctor needs about one Certificate, read as the caller: the Certificate,
 * its Issuer (or the fact it is missing), facts about its Secret (with `keyMatches` computed here),
 * its CertificateRequests, their Orders and Challenges, and the Events about all of them.
 * Parts the caller may not read (403) come back empty or `unknown`, never as an error.
 * @throws KubeError 404 when the Certificate does not exist; other API errors as they are.
 */
export async function readDoctorInput(
  namespace: string,
  name: string,
  opts: Opts & { now?: Date } = {},
): Promise<DoctorInput> {
  const certificate = await getCustom<CertificateObject>(CERTIFICATES, name, { ...opts, namespace });
  const ref = certificate.spec.issuerRef;
  const clusterIssuer = ref.kind === "ClusterIssuer" && (ref.group ?? CM) === CM;
  const [issuer, secret, allRequests, orders, challenges, events, clusterIssuerEvents] = await Promise.all([
    lookupIssuer(certificate, opts),
    readSecretFacts(namespace, certificate.spec.secretName, opts),
    readable(listCustom<CertificateRequestObject>(CERTIFICATE_REQUESTS, { ...opts, namespace })),
    readable(ordersIn({ ...opts, namespace })),
    readable(challengesIn({ ...opts, namespace })),
    readable(listNamespaceEvents(namespace, opts)),
    // A ClusterIssuer's Events are not in the Certificate's namespace (lib/k8s/events.ts).
    clusterIssuer
      ? readable(
          listEventsForClusterScoped(
            { kind: "ClusterIssuer", name: ref.name },
            { context: opts.context, clusterResourceNamespace: getEnv().clusterResourceNamespace },
          ),
        )
      : Promise.resolve([]),
  ]);
  const requests = allRequests.filter(
    (r) =>
      owned(r, "Certificate", new Set([name])) ||
      r.metadata.annotations?.["cert-manager.io/certificate-name"] === name,
  );
  const requestNames = new Set(requests.map((r) => r.metadata.name));
  const myOrders = orders.filter((o) => owned(o, "CertificateRequest", requestNames));
  const orderNames = new Set(myOrders.map((o) => o.metadata.name));
  const myChallenges = challenges.filter((c) => owned(c, "Order", orderNames));
  const issuerName = certificate.spec.issuerRef.name;
  const about = new Map<string, Set<string>>([
    ["Certificate", new Set([name])],
    ["CertificateRequest", requestNames],
    ["Order", orderNames],
    ["Challenge", new Set(myChallenges.map((c) => c.metadata.name))],
    [certificate.spec.issuerRef.kind ?? "Issuer", new Set([issuerName])],
  ]);
  return {
    now: opts.now ?? new Date(),
    certificate,
    issuer,
    secret,
    requests,
    orders: myOrders,
    challenges: myChallenges,
    events: [
      ...events.filter((e) => about.get(e.involvedObject.kind)?.has(e.involvedObject.name)),
      ...clusterIssuerEvents.map(
        (e): EventFacts => ({
          involvedObject: { kind: e.involvedObject.kind ?? "", name: e.involvedObject.name ?? "" },
          type: e.type,
          reason: e.reason,
          message: e.message,
          count: e.count,
          firstTimestamp: e.firstTimestamp,
          lastTimestamp: e.lastTimestamp,
          eventTime: e.eventTime,
        }),
      ),
    ],
  };
}

/**
 * The doctor's input for every Certificate the caller may list, read in one pass (one list per
 * kind, across namespaces), for the `trustdeck_certificate_issuance_stuck` metric. The Secret is
 * reduced to whether it exists and holds tls.crt and tls.key (no key comparison in bulk: a
 * mismatch shows in cert-manager's Ready reason InvalidKeyPair). 403 on a kind reads as empty.
 */
export async function readAllDoctorInputs(opts: Opts & { now?: Date } = {}): Promise<DoctorInput[]> {
  const now = opts.now ?? new Date();
  const [certificates, issuers, clusterIssuers, requests, orders, challenges, secrets] = await Promise.all([
    listCustom<CertificateObject>(CERTIFICATES, opts),
    readable(listCustom<IssuerObject>(ISSUERS, opts)),
    readable(listCustom<IssuerObject>(CLUSTER_ISSUERS, opts)),
    readable(listCustom<CertificateRequestObject>(CERTIFICATE_REQUESTS, opts)),
    readable(ordersIn(opts)),
    readable(challengesIn(opts)),
    listTlsSecrets(opts).then(
      (list) => list,
      () => undefined,
    ),
  ]);
  const key = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;
  const byOwner = <
    T extends { metadata: { namespace?: string; ownerReferences?: { kind: string; name: string }[] } },
  >(
    items: T[],
    kind: string,
  ) => {
    const m = new Map<string, T[]>();
    for (const it of items)
      for (const o of it.metadata.ownerReferences ?? [])
        if (o.kind === kind)
          m.set(key(it.metadata.namespace, o.name), [
            ...(m.get(key(it.metadata.namespace, o.name)) ?? []),
            it,
          ]);
    return m;
  };
  const crsOf = byOwner(requests, "Certificate");
  const ordersOf = byOwner(orders, "CertificateRequest");
  const challengesOf = byOwner(challenges, "Order");
  const issuerIndex = new Map<string, IssuerObject>();
  for (const i of issuers)
    issuerIndex.set(`Issuer/${key(i.metadata.namespace, i.metadata.name)}`, { ...i, kind: "Issuer" });
  for (const i of clusterIssuers)
    issuerIndex.set(`ClusterIssuer/${key(undefined, i.metadata.name)}`, { ...i, kind: "ClusterIssuer" });
  const secretIndex = new Map((secrets ?? []).map((s) => [key(s.metadata.namespace, s.metadata.name), s]));
  return certificates.map((certificate) => {
    const ns = certificate.metadata.namespace;
    const ref = certificate.spec.issuerRef;
    const kind = ref.kind ?? "Issuer";
    let issuer: IssuerLookup;
    if ((ref.group ?? CM) !== CM) issuer = { external: true, group: ref.group ?? "", kind, name: ref.name };
    else {
      const found = issuerIndex.get(`${kind}/${key(kind === "ClusterIssuer" ? undefined : ns, ref.name)}`);
      issuer = found
        ? { found: true, issuer: found }
        : { found: false, kind, name: ref.name, namespace: kind === "ClusterIssuer" ? undefined : ns };
    }
    const s = secrets ? secretIndex.get(key(ns, certificate.spec.secretName)) : undefined;
    const secret: SecretFacts = !secrets
      ? { unknown: true, message: "Secrets could not be listed" }
      : s
        ? { exists: true, hasCertificate: !!s.tlsCrt?.trim(), hasKey: s.dataKeys.includes("tls.key") }
        : { exists: false };
    const crs = crsOf.get(key(ns, certificate.metadata.name)) ?? [];
    const os = crs.flatMap((r) => ordersOf.get(key(ns, r.metadata.name)) ?? []);
    const chs = os.flatMap((o) => challengesOf.get(key(ns, o.metadata.name)) ?? []);
    return { now, certificate, issuer, secret, requests: crs, orders: os, challenges: chs, events: [] };
  });
}
