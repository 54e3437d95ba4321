// @ts-check
// A minimal Kubernetes REST client for the project's scripts (control plane, seed, bench).
// The app itself talks to the cluster through lib/k8s/ and @kubernetes/client-node; the scripts
// use this so they run with nothing but Node (and stay independent of the app's code).
import https from "node:https";

/**
 * @typedef {{ server: string, token: string, ca: string }} KubeTarget
 * @typedef {{ status: number, body: any }} KubeResponse
 */

export class KubeRestError extends Error {
  /** @param {string} message @param {number} status @param {any} body */
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/**
 * One HTTP request to the API server. Resolves for any status; the caller decides.
 * @param {KubeTarget} target
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ contentType?: string, timeoutMs?: number }} [opts]
 * @returns {Promise<KubeResponse>}
 */
export async function request(target, method, path, body, opts = {}) {
  // A kept-alive socket the server has just closed fails with EPIPE/ECONNRESET: retry those.
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce(target, method, path, body, opts);
    } catch (err) {
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (attempt >= 3 || (code !== "EPIPE" && code !== "ECONNRESET")) throw err;
    }
  }
}

/**
 * @param {KubeTarget} target @param {string} method @param {string} path @param {unknown} [body]
 * @param {{ contentType?: string, timeoutMs?: number }} [opts]
 * @returns {Promise<KubeResponse>}
 */
function requestOnce(target, method, path, body, opts = {}) {
  const url = new URL(path, target.server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: target.ca,
        headers: {
          Authorization: `Bearer ${target.token}`,
          Accept: "application/json",
          ...(payload ? { "Content-Type": opts.contentType ?? "application/json" } : {}),
        },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (e.g. /readyz): keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Like request(), but throws a KubeRestError for any non-2xx answer.
 * @param {KubeTarget} target @param {string} method @param {string} path @param {unknown} [body]
 * @param {{ contentType?: string, timeoutMs?: number }} [opts]
 */
export async function call(target, method, path, body, opts) {
  const res = await request(target, method, path, body, opts);
  if (res.status < 200 || res.status >= 300) {
    const msg = typeof res.body === "object" && res.body?.message ? res.body.message : String(res.body);
    throw new KubeRestError(`${method} ${path}: ${res.status} ${msg}`, res.status, res.body);
  }
  return res.body;
}

/** The REST collection path of a manifest's kind (covers the kinds the scripts create). */
const PLURALS = {
  Namespace: "namespaces",
  Secret: "secrets",
  Service: "services",
  ServiceAccount: "serviceaccounts",
  ConfigMap: "configmaps",
  Event: "events",
  ClusterRole: "clusterroles",
  ClusterRoleBinding: "clusterrolebindings",
  Role: "roles",
  RoleBinding: "rolebindings",
  CustomResourceDefinition: "customresourcedefinitions",
  Certificate: "certificates",
  CertificateRequest: "certificaterequests",
  Issuer: "issuers",
  ClusterIssuer: "clusterissuers",
  ApisixTls: "apisixtlses",
  ApisixRoute: "apisixroutes",
  ApisixUpstream: "apisixupstreams",
  Deployment: "deployments",
  NetworkPolicy: "networkpolicies",
};
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "ClusterIssuer",
]);

/**
 * The collection and object paths of a manifest.
 * @param {any} obj
 */
export function pathsFor(obj) {
  const plural = PLURALS[/** @type {keyof typeof PLURALS} */ (obj.kind)];
  if (!plural) throw new Error(`scripts/lib/kube-rest: unknown kind ${obj.kind}`);
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = CLUSTER_SCOPED.has(obj.kind) ? "" : `/namespaces/${obj.metadata.namespace ?? "default"}`;
  const collection = `${base}${ns}/${plural}`;
  return { collection, object: `${collection}/${obj.metadata.name}` };
}

/**
 * Create the object, or replace it when it exists (a small `kubectl apply` for our own manifests).
 * @param {KubeTarget} target @param {any} obj @param {{ dryRun?: boolean }} [opts]
 */
export async function apply(target, obj, opts = {}) {
  const { collection, object } = pathsFor(obj);
  const q = opts.dryRun ? "?dryRun=All" : "";
  const created = await request(target, "POST", collection + q, obj);
  if (created.status >= 200 && created.status < 300) return created.body;
  if (created.status !== 409) {
    throw new KubeRestError(
      `create ${obj.kind} ${obj.metadata.name}: ${created.status} ${created.body?.message ?? ""}`,
      created.status,
      created.body,
    );
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await call(target, "GET", object);
    const next = { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } };
    if (current.status && !next.status) next.status = undefined;
    const res = await request(target, "PUT", object + q, next);
    if (res.status >= 200 && res.status < 300) return res.body;
    if (res.status !== 409) {
      throw new KubeRestError(
        `update ${obj.kind} ${obj.metadata.name}: ${res.status} ${res.body?.message ?? ""}`,
        res.status,
        res.body,
      );
    }
  }
  throw new Error(`update ${obj.kind} ${obj.metadata.name}: kept conflicting`);
}

/**
 * Poll until fn() returns a truthy value or the deadline passes.
 * @template T
 * @param {string} what @param {() => Promise<T | undefined | false | null>} fn @param {number} timeoutMs
 * @returns {Promise<T>}
 */
export async function waitFor(what, fn, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${lastError ? `: ${lastError}` : ""}`,
  );
}
