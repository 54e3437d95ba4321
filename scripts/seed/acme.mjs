// @ts-check
// The ACME part of the seeded scenario (namespace `acme`): one certificate that becomes Ready
// through a real Order and DNS-01 Challenge against Pebble + BIND 9, and certificates that stay
// stuck for real reasons, one per step of cert-manager's issuance (see lib/doctor).
//
// Built in code rather than YAML because the issuers carry per-`up` values: Pebble's port and TLS
// CA (caBundle), BIND's port and TSIG secret.
import crypto from "node:crypto";
import fs from "node:fs";

export const ACME_NAMESPACE = "acme";
const CM = "cert-manager.io/v1";
/** Where ClusterIssuers read their Secrets (the controller's --cluster-resource-namespace). */
const RESOURCE_NS = "cert-manager";
/** An external issuer nobody runs: its requests wait for a person to approve or deny them. */
const EXTERNAL_ISSUER = { group: "issuers.example.com", kind: "ExternalIssuer", name: "external-ca" };

/**
 * The seeded ACME cases: Certificate name -> what the doctor must find (tests assert these).
 * `step` is a lib/doctor step id; `reason` the verdict's reason.
 */
export const ACME_CASES = {
  www: { ready: true, issuer: "acme-dns", what: "Ready through a real Order and DNS-01 Challenge" },
  "http01-stuck": { issuer: "acme-http01", what: "HTTP-01: nothing answers, the self check fails" },
  "wrong-tsig": {
    issuer: "acme-dns-wrong-tsig",
    what: "DNS-01 with a wrong TSIG secret: BIND refuses the update",
  },
  unreachable: {
    issuer: "acme-unreachable",
    what: "ACME server unreachable: the account is never registered",
  },
  "awaiting-approval": { issuer: "external", what: "a request nobody has approved yet" },
  denied: { issuer: "external", what: "a denied request" },
  "key-mismatch": { issuer: "external", what: "a Secret whose tls.key does not match tls.crt" },
};

/**
 * @param {import("../cluster.mjs").AcmeState} acme
 * @returns {any[]} the objects to apply, in order
 */
export function acmeObjects(acme) {
  const caBundle = fs.readFileSync(acme.caBundleFile).toString("base64");
  const tsigSecret = /secret\s+"([^"]+)"/.exec(fs.readFileSync(acme.tsigKeyFile, "utf8"))?.[1] ?? "";
  // Same length and alphabet as the real one, but not it: BIND answers the update with BADSIG.
  const wrongSecret = crypto.randomBytes(32).toString("base64");
  /** @param {string} name @param {any} solver @param {string} [server] */
  const acmeIssuer = (name, solver, server = acme.directory) => ({
    apiVersion: CM,
    kind: "ClusterIssuer",
    metadata: { name },
    spec: {
      acme: {
        server,
        email: `admin@${acme.zone}`,
        caBundle,
        privateKeySecretRef: { name: `${name}-account` },
        solvers: [solver],
      },
    },
  });
  /** @param {string} secretName */
  const rfc2136 = (secretName) => ({
    dns01: {
      rfc2136: {
        nameserver: acme.nameserver,
        tsigKeyName: acme.tsigKeyName,
        tsigAlgorithm: "HMACSHA256",
        tsigSecretSecretRef: { name: secretName, key: "tsig-secret" },
      },
    },
  });
  /** @param {string} name @param {Record<string, string>} data */
  const secret = (name, data) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: RESOURCE_NS },
    stringData: data,
    type: "Opaque",
  });
  /** @param {string} name @param {string} dnsName @param {any} issuerRef */
  const certificate = (name, dnsName, issuerRef) => ({
    apiVersion: CM,
    kind: "Certificate",
    metadata: { name, namespace: ACME_NAMESPACE },
    spec: {
      secretName: `${name}-tls`,
      dnsNames: [dnsName],
      privateKey: { algorithm: "ECDSA", size: 256 },
      issuerRef,
    },
  });
  const cluster = (/** @type {string} */ name) => ({ name, kind: "ClusterIssuer", group: "cert-manager.io" });
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ACME_NAMESPACE } },
    secret("acme-tsig", { "tsig-secret": tsigSecret }),
    secret("acme-tsig-wrong", { "tsig-secret": wrongSecret }),
    acmeIssuer("acme-dns", rfc2136("acme-tsig")),
    acmeIssuer("acme-dns-wrong-tsig", rfc2136("acme-tsig-wrong")),
    acmeIssuer("acme-http01", { http01: { ingress: { ingressClassName: "nginx" } } }),
    // Port 1 on loopback: nothing listens, so every connection is refused at once.
    acmeIssuer("acme-unreachable", rfc2136("acme-tsig"), "https://127.0.0.1:1/dir"),
    certificate("www", `www.${acme.zone}`, cluster("acme-dns")),
    certificate("http01-stuck", `web.${acme.zone}`, cluster("acme-http01")),
    certificate("wrong-tsig", `api.${acme.zone}`, cluster("acme-dns-wrong-tsig")),
    certificate("unreachable", `down.${acme.zone}`, cluster("acme-unreachable")),
    certificate("awaiting-approval", `pending.${acme.zone}`, EXTERNAL_ISSUER),
    certificate("denied", `denied.${acme.zone}`, EXTERNAL_ISSUER),
  ];
}

/**
 * Apply the ACME cases and drive the ones a person would (deny a request, break a Secret), then
 * wait, bounded, until each case shows the state it is seeded for.
 * @param {import("../lib/kube-rest.mjs").KubeTarget} target
 * @param {import("../cluster.mjs").AcmeState} acme
 * @param {{ log: (m: string) => void, mismatchedPair: () => { cert: string, key: string } }} io
 */
export async function seedAcme(target, acme, io) {
  const { call, apply, request, waitFor } = await import("../lib/kube-rest.mjs");
  for (const obj of acmeObjects(acme)) {
    // A fresh wrong TSIG secret on every seed would be harmless, but keep the first one.
    if (obj.kind === "Secret" && obj.metadata.name === "acme-tsig-wrong") {
      const has = await request(target, "GET", `/api/v1/namespaces/${RESOURCE_NS}/secrets/acme-tsig-wrong`);
      if (has.status === 200) continue;
    }
    await apply(target, obj);
  }
  const base = `/apis/${CM}/namespaces/${ACME_NAMESPACE}`;

  // key-mismatch: a Secret whose tls.key is not the key of tls.crt, written before its Certificate.
  // cert-manager sees it (InvalidKeyPair) and re-issues, and the re-issue waits for approval.
  const mm = await request(target, "GET", `/api/v1/namespaces/${ACME_NAMESPACE}/secrets/key-mismatch-tls`);
  if (mm.status === 404) {
    const { cert, key } = io.mismatchedPair();
    await apply(target, {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/tls",
      metadata: { name: "key-mismatch-tls", namespace: ACME_NAMESPACE },
      data: {
        "tls.crt": Buffer.from(cert).toString("base64"),
        "tls.key": Buffer.from(key).toString("base64"),
      },
    });
  }
  await apply(target, {
    apiVersion: CM,
    kind: "Certificate",
    metadata: { name: "key-mismatch", namespace: ACME_NAMESPACE },
    spec: {
      secretName: "key-mismatch-tls",
      dnsNames: [`mismatch.${acme.zone}`],
      privateKey: { algorithm: "ECDSA", size: 256 },
      issuerRef: EXTERNAL_ISSUER,
    },
  });

  /** @param {string} certName */
  const requestsOf = async (certName) => {
    const list = await call(target, "GET", `${base}/certificaterequests`);
    return (list.items ?? []).filter((/** @type {any} */ r) =>
      (r.metadata.ownerReferences ?? []).some(
        (/** @type {any} */ o) => o.kind === "Certificate" && o.name === certName,
      ),
    );
  };

  // denied: wait for the Certificate's request, then deny it as `cmctl deny` would (via /status).
  await waitFor(
    "the CertificateRequest of acme/denied",
    async () => (await requestsOf("denied")).length > 0,
    60_000,
    500,
  );
  for (const cr of await requestsOf("denied")) {
    const conds = cr.status?.conditions ?? [];
    if (conds.some((/** @type {any} */ c) => c.type === "Denied" || c.type === "Approved")) continue;
    cr.status = {
      ...cr.status,
      conditions: [
        ...conds,
        {
          type: "Denied",
          status: "True",
          reason: "TrustdeckSeed",
          message: "Denied by the seed: denied.acme.example.local is not ours to certify",
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        },
      ],
    };
    await call(target, "PUT", `${base}/certificaterequests/${cr.metadata.name}/status`, cr);
  }

  /** @param {any} obj @param {string} type */
  const cond = (obj, type) => obj?.status?.conditions?.find((/** @type {any} */ c) => c.type === type);
  const get = (/** @type {string} */ p) => call(target, "GET", p).catch(() => undefined);
  const t0 = Date.now();
  /** What each case must show before the seed is done. */
  const checks = {
    "www Ready": async () => cond(await get(`${base}/certificates/www`), "Ready")?.status === "True",
    "acme-unreachable not Ready": async () =>
      cond(await get(`/apis/${CM}/clusterissuers/acme-unreachable`), "Ready")?.status === "False",
    "http01-stuck Challenge presented": async () => {
      const list = await get(`/apis/acme.cert-manager.io/v1/namespaces/${ACME_NAMESPACE}/challenges`);
      return (list?.items ?? []).some(
        (/** @type {any} */ c) => c.spec?.type === "HTTP-01" && c.status?.presented && c.status?.reason,
      );
    },
    "wrong-tsig Challenge failing to present": async () => {
      const list = await get(`/apis/acme.cert-manager.io/v1/namespaces/${ACME_NAMESPACE}/challenges`);
      return (list?.items ?? []).some(
        (/** @type {any} */ c) =>
          c.spec?.dnsName === `api.${acme.zone}` &&
          !c.status?.presented &&
          // BIND's answer, e.g. "DNS update failed: dns: bad authentication"
          !!c.status?.reason,
      );
    },
    "denied request Denied": async () =>
      (await requestsOf("denied")).some((/** @type {any} */ r) => cond(r, "Denied")?.status === "True"),
    "awaiting-approval request created": async () => (await requestsOf("awaiting-approval")).length > 0,
    "key-mismatch request created": async () => (await requestsOf("key-mismatch")).length > 0,
  };
  /** @type {Set<string>} */
  const pending = new Set(Object.keys(checks));
  await waitFor(
    "the ACME cases to reach their seeded state",
    async () => {
      for (const name of [...pending]) {
        if (await checks[/** @type {keyof typeof checks} */ (name)]()) pending.delete(name);
      }
      return pending.size === 0;
    },
    150_000,
    1000,
  ).catch((err) => {
    throw new Error(`${err.message}; still waiting for: ${[...pending].join(", ")}`);
  });
  io.log(`seeded the ACME cases in ${((Date.now() - t0) / 1000).toFixed(1)}s (namespace ${ACME_NAMESPACE})`);
}
