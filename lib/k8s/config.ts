import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  type ApiType,
  type Configuration,
  createConfiguration,
  KubeConfig,
  ServerConfiguration,
} from "@kubernetes/client-node";
import { EnvError, getEnv, type KubeSource, personalCredentials } from "@/lib/env";
import { parseClustersFile, type RemoteCluster, selectFleet } from "@/lib/fleet";
import { ClusterUnreachableError, KubeError, toKubeError } from "./errors";
import { timeoutHttpLibrary } from "./http";

/** Name of the cookie in which the UI keeps the chosen kubeconfig context. */
export const CONTEXT_COOKIE = "trustdeck-context";

/** What a request talks to: the context name (undefined = default) and its server URL. */
export interface KubeTarget {
  context?: string;
  server?: string;
}

const EXPLICIT_CONTEXT = "trustdeck";
/** The context (and fleet cluster) name of the in-cluster service account. */
const IN_CLUSTER_CONTEXT = "in-cluster";
const TOKEN_FILE_TTL_MS = 60_000;

interface Base {
  kc: KubeConfig;
  /** Context names of the fleet (lib/fleet.ts `selectFleet`). */
  fleet: string[];
  loadedAt: number;
  /** Reloaded after TOKEN_FILE_TTL_MS so a rotated token file is picked up. */
  expires: boolean;
}

let base: Base | undefined;
const perContext = new Map<string, KubeConfig>();

function describeSource(src: KubeSource): string {
  switch (src.mode) {
    case "explicit":
      return `TRUSTDECK_K8S_SERVER ${src.server}`;
    case "in-cluster":
      return "the in-cluster service account";
    case "kubeconfig":
      return `kubeconfig ${src.path}${src.pathFrom === "default" ? "" : ` (from ${src.pathFrom})`}`;
  }
}

function load(src: KubeSource): KubeConfig {
  const kc = new KubeConfig();
  switch (src.mode) {
    case "explicit": {
      const token = src.token ?? fs.readFileSync(src.tokenFile!, "utf8").trim();
      kc.loadFromOptions({
        clusters: [
          {
            name: EXPLICIT_CONTEXT,
            server: src.server,
            caFile: src.caFile,
            skipTLSVerify: src.insecureSkipTlsVerify,
          },
        ],
        users: [{ name: EXPLICIT_CONTEXT, token }],
        contexts: [{ name: EXPLICIT_CONTEXT, cluster: EXPLICIT_CONTEXT, user: EXPLICIT_CONTEXT }],
        currentContext: EXPLICIT_CONTEXT,
      });
      break;
    }
    case "in-cluster": {
      // client-node names the context "inClusterContext"; the fleet shows it as "in-cluster".
      const pod = new KubeConfig();
      pod.loadFromCluster(src.root);
      kc.loadFromOptions({
        clusters: pod.getClusters(),
        users: pod.getUsers(),
        contexts: [{ ...pod.getContexts()[0]!, name: IN_CLUSTER_CONTEXT }],
        currentContext: IN_CLUSTER_CONTEXT,
      });
      break;
    }
    case "kubeconfig": {
      const files = src.path.split(path.delimiter).filter(Boolean);
      const [first, ...rest] = files;
      if (!first) throw new Error("empty kubeconfig path");
      kc.loadFromFile(first);
      for (const f of rest) {
        if (!fs.existsSync(f)) continue;
        const more = new KubeConfig();
        more.loadFromFile(f);
        kc.mergeConfig(more, true);
      }
      break;
    }
  }
  return kc;
}

/**
 * The process-wide KubeConfig built from the settings (explicit server+token, kubeconfig
 * path, in-cluster service account, or ~/.kube/config). Cached; a token file is re-read each minute.
 * @throws ClusterUnreachableError when the configuration cannot be loaded.
 */
export function getBaseKubeConfig(): KubeConfig {
  const env = getEnv();
  if (base && !(base.expires && Date.now() - base.loadedAt > TOKEN_FILE_TTL_MS)) return base.kc;
  let kc: KubeConfig;
  try {
    kc = load(env.kube);
  } catch (err) {
    throw new ClusterUnreachableError(
      `could not load the Kubernetes configuration from ${describeSource(env.kube)}: ${
        err instanceof Error ? err.message : String(err)
      }`,
    );
  }
  if (env.context && env.kube.mode === "kubeconfig") {
    if (!kc.getContextObject(env.context)) {
      throw new ClusterUnreachableError(
        `TRUSTDECK_CONTEXT names context "${env.context}", which ${describeSource(env.kube)} does not define (it has: ${kc
          .getContexts()
          .map((c) => c.name)
          .join(", ")})`,
      );
    }
    kc.setCurrentContext(env.context);
  }
  let remote: RemoteCluster[];
  let fleet: string[];
  try {
    remote = env.clusters.file ? loadRemoteClusters(env.clusters.file) : [];
    for (const r of remote) addRemoteCluster(kc, r);
    fleet = selectFleet({
      contexts: kc.getContexts().map((c) => ({ name: c.name, server: kc.getCluster(c.cluster)?.server })),
      current: kc.getCurrentContext(),
      listed: env.clusters.contexts,
      pinned: env.kube.mode === "kubeconfig" ? env.context : undefined,
      remote: remote.map((r) => r.name),
    });
  } catch (err) {
    // The message names the setting (TRUSTDECK_CLUSTERS, TRUSTDECK_CLUSTERS_FILE) and the field.
    throw new ClusterUnreachableError(err instanceof Error ? err.message : String(err));
  }
  base = {
    kc,
    fleet,
    loadedAt: Date.now(),
    expires: (env.kube.mode === "explicit" && !!env.kube.tokenFile) || remote.some((r) => r.tokenFile),
  };
  perContext.clear();
  return kc;
}

/** Reads and checks TRUSTDECK_CLUSTERS_FILE; relative paths in it are relative to its folder. */
function loadRemoteClusters(file: string): RemoteCluster[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new EnvError([
      { name: "TRUSTDECK_CLUSTERS_FILE", message: `cannot read ${file}: ${(err as Error).message}` },
    ]);
  }
  const dir = path.dirname(path.resolve(file));
  const abs = (p?: string) => (p ? path.resolve(dir, p) : undefined);
  return parseClustersFile(text).map((c) => ({ ...c, tokenFile: abs(c.tokenFile), caFile: abs(c.caFile) }));
}

/** Adds a remote API server to `kc` as a context (and cluster and user) named after it. */
function addRemoteCluster(kc: KubeConfig, r: RemoteCluster): void {
  if (kc.getContextObject(r.name)) {
    throw new EnvError([
      {
        name: "TRUSTDECK_CLUSTERS_FILE",
        message: `cluster "${r.name}" has the name of a kubeconfig context: pick another name`,
      },
    ]);
  }
  let token = r.token;
  if (!token) {
    try {
      token = fs.readFileSync(r.tokenFile!, "utf8").trim();
    } catch (err) {
      throw new EnvError([
        {
          name: "TRUSTDECK_CLUSTERS_FILE",
          message: `cluster "${r.name}": cannot read tokenFile ${r.tokenFile}: ${(err as Error).message}`,
        },
      ]);
    }
  }
  if (r.caFile && !fs.existsSync(r.caFile)) {
    throw new EnvError([
      { name: "TRUSTDECK_CLUSTERS_FILE", message: `cluster "${r.name}": caFile ${r.caFile} does not exist` },
    ]);
  }
  kc.addCluster({
    name: r.name,
    server: r.server,
    caFile: r.caFile,
    skipTLSVerify: !!r.insecureSkipTlsVerify,
  });
  kc.addUser({ name: r.name, token });
  kc.addContext({ name: r.name, cluster: r.name, user: r.name });
}

/**
 * The fleet: names of the clusters (kubeconfig contexts) shown together, in display order (see
 * lib/fleet.ts `selectFleet`). One name = the single-cluster view of before.
 * @throws ClusterUnreachableError when the configuration cannot be loaded.
 */
export function listFleet(): string[] {
  getBaseKubeConfig();
  return base?.fleet ?? [];
}

/** True when `name` is a cluster of the fleet. */
export function isFleetCluster(name: string): boolean {
  try {
    return listFleet().includes(name);
  } catch {
    return false;
  }
}

/** Context names the configuration defines, and the default one. */
export function listContexts(): { names: string[]; current: string } {
  const kc = getBaseKubeConfig();
  return { names: kc.getContexts().map((c) => c.name), current: kc.getCurrentContext() };
}

/** True when `name` is a context of the loaded configuration. */
export function isKnownContext(name: string): boolean {
  return getBaseKubeConfig().getContextObject(name) !== null;
}

/**
 * The KubeConfig for `context` (default when undefined), cached per context.
 * @throws KubeError 422 for an unknown context.
 */
export function getKubeConfig(context?: string): KubeConfig {
  return asRequestUser(contextKubeConfig(context));
}

function contextKubeConfig(context?: string): KubeConfig {
  const kc = getBaseKubeConfig();
  if (!context || context === kc.getCurrentContext()) return kc;
  let found = perContext.get(context);
  if (!found) {
    if (!kc.getContextObject(context)) {
      throw new KubeError(422, `unknown kubeconfig context "${context}"`, "UnknownContext");
    }
    found = new KubeConfig();
    found.loadFromOptions({
      clusters: kc.getClusters(),
      users: kc.getUsers(),
      contexts: kc.getContexts(),
      currentContext: context,
    });
    perContext.set(context, found);
  }
  return found;
}

// --- Per-user credentials (TRUSTDECK_AUTH=token or oidc) ------------------------------------------
// In token and oidc modes every Kubernetes call of a request runs with the signed-in person's bearer token,
// so the cluster's RBAC applies per person. The route wrapper (lib/server/route.ts) runs each handler
// inside `runWithUserToken(token, ...)` with the token of the request's session; the binding ends with
// the handler. Outside a user's scope, token mode talks to the cluster anonymously: it never falls back
// to the server's own identity.

// The one exception is the shared watch cache (lib/k8s/reflector.ts): it runs inside
// `runAsTrustdeck`, with the configured identity (read-only: list and watch), in every mode; what it
// holds reaches a person only through lib/k8s/access-filter.ts, which asks the cluster, as that person,
// whether they may list it.

const requestUser = new AsyncLocalStorage<{ token?: string; trustdeck?: true }>();

/** Runs `fn` with every Kubernetes call in it (and its async continuations) made as `token`. */
export function runWithUserToken<T>(token: string, fn: () => T): T {
  return requestUser.run({ token }, fn);
}

/**
 * Runs `fn` with every Kubernetes call in it (and its async continuations) made as Trustdeck's own
 * identity (the configured kubeconfig context, in-cluster ServiceAccount or explicit token), even
 * inside a person's request in token or oidc mode. For Trustdeck's own bookkeeping (the shared watch
 * cache's lists and watches, the session revocation list, TokenReview of a metrics scraper), never
 * for what a person reads or changes.
 */
export function runAsTrustdeck<T>(fn: () => T): T {
  return requestUser.run({ trustdeck: true }, fn);
}

/**
 * The key (SHA-256 prefix, 16 hex digits) of a person's bearer token: what per-person caches (the
 * identity cache, the access decisions of lib/k8s/access-filter.ts) are keyed by. Never the token.
 */
export function userKeyOf(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex").slice(0, 16);
}

/**
 * A short stable key (SHA-256 prefix) of the user token bound to the current request, or
 * undefined when calls run with the configured identity. Caches shared across requests must
 * be keyed by it, or bypassed when it is set.
 */
export function currentUserKey(): string | undefined {
  const token = requestUser.getStore()?.token;
  return token ? userKeyOf(token) : undefined;
}

/**
 * Who the current request reads as, for the per-person filter of the shared cache:
 * - `{ kind: "trustdeck" }` — the configured identity itself (local and none modes, where the person
 *   acts with it, and the watch cache's own scope): everything the cache holds is theirs to see;
 * - `{ kind: "person", token, key }` — a signed-in person's bearer token (token mode; their ID token
 *   in oidc mode);
 * - `{ kind: "anonymous" }` — token or oidc mode without a person: sees nothing from the cache.
 */
export type Viewer =
  | { kind: "trustdeck" }
  | { kind: "person"; token: string; key: string }
  | { kind: "anonymous" };

/** The Viewer of the current async scope (see `Viewer`). */
export function currentViewer(): Viewer {
  const store = requestUser.getStore();
  if (store?.trustdeck) return { kind: "trustdeck" };
  if (store?.token) return { kind: "person", token: store.token, key: userKeyOf(store.token) };
  return personalCredentials(authMode()) ? { kind: "anonymous" } : { kind: "trustdeck" };
}

function authMode(): ReturnType<typeof getEnv>["auth"]["mode"] {
  return getEnv().auth.mode;
}

function asRequestUser(kc: KubeConfig): KubeConfig {
  const store = requestUser.getStore();
  if (store?.trustdeck) return kc;
  const token = store?.token;
  if (!token && !personalCredentials(authMode())) return kc;
  const cluster = kc.getCurrentCluster();
  if (!cluster) return kc;
  const user = token ? { name: "trustdeck-session", token } : { name: "anonymous" };
  const scoped = new KubeConfig();
  scoped.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: kc.getCurrentContext(), cluster: cluster.name, user: user.name }],
    currentContext: kc.getCurrentContext(),
  });
  return scoped;
}

/** Context name and server URL that `context` resolves to (for messages and /api/healthz). */
export function describeTarget(context?: string): KubeTarget {
  const kc = getKubeConfig(context);
  return { context: kc.getCurrentContext(), server: kc.getCurrentCluster()?.server };
}

/**
 * A typed client-node API client for `context`, with the request timeout applied
 * (`TRUSTDECK_REQUEST_TIMEOUT_MS`, or `timeoutMs` when given).
 */
export function makeClient<T extends ApiType>(
  api: new (config: Configuration) => T,
  context?: string,
  timeoutMs?: number,
): T {
  const kc = getKubeConfig(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new ClusterUnreachableError(`context "${kc.getCurrentContext()}" names no cluster`, { context });
  }
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: timeoutHttpLibrary(timeoutMs ?? getEnv().requestTimeoutMs),
  });
  return new api(config);
}

/**
 * Runs one API call for `context`, mapping every failure to KubeError / ClusterUnreachableError.
 */
export async function kubeCall<T>(context: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    let target: KubeTarget = { context };
    try {
      target = describeTarget(context);
    } catch {
      // keep what we know
    }
    throw toKubeError(err, target);
  }
}

/**
 * The context chosen by the browser (cookie `trustdeck-context` in the `Cookie` header `header`), if
 * it names a known context; otherwise undefined (the default context). A stale cookie never breaks a page.
 */
export function contextFromCookieHeader(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== CONTEXT_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
    try {
      return value && isKnownContext(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `contextFromCookieHeader` of a request's `Cookie` header. Binds no user: see `runWithUserToken`. */
export function contextFromRequest(req: Request): string | undefined {
  return contextFromCookieHeader(req.headers.get("cookie"));
}

/** Drops cached configurations (tests that change the environment call this). */
export function resetKubeConfigCache(): void {
  base = undefined;
  perContext.clear();
}
