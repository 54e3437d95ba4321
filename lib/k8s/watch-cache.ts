import "server-only";
import { EventEmitter } from "node:events";
import { getEnv } from "@/lib/env";
import { KINDS, kindByResource, WATCHED_KINDS, type WatchedKind } from "@/lib/kinds";
import { visibleItems } from "./access-filter";
import { currentViewer, getKubeConfig } from "./config";
import type { TlsSecretFacts } from "./kind-reducers";
import {
  type ChangeEvent,
  type LiveState,
  type LiveStatus,
  type Obj,
  Reflector,
  type WatchState,
} from "./reflector";

export {
  BACKOFF_MAX_MS,
  BACKOFF_MIN_MS,
  backoffDelay,
  type ChangeEvent,
  type ChangeType,
  type KindStatus,
  type LiveState,
  type LiveStatus,
  type WatchState,
} from "./reflector";

/**
 * Live cache registry: per kube context, one reflector (list+watch loop, lib/k8s/reflector.ts) per
 * watched kind of the kind table.
 *
 * - List once, then watch from the list's resourceVersion (with bookmarks). A 410 Gone (HTTP or an
 *   ERROR event) re-lists at once; any other end of the watch reconnects from the last
 *   resourceVersion with exponential backoff (250 ms doubling to 10 s).
 * - TLS Secrets are reduced to their public PEMs (`reduceSecret`) inside the event handler: the
 *   store never holds `tls.key`.
 * - A 403 on the cluster-wide list marks the kind `forbidden` (reads fall back to the direct path,
 *   which reports the 403 as before); a 404 (CRD not installed) marks it `unavailable`.
 * - Started lazily by the first read (`getCachedList`) or by `ensureWatching`; a process-wide
 *   singleton kept on `globalThis` so Next dev HMR does not start a second set of watches.
 */

/** The kinds the cache watches, as the SSE `kind` field names them (from the kind table). */
export const WATCH_KINDS = WATCHED_KINDS;
export type WatchKind = WatchedKind;

interface Registry {
  contexts: Map<string, Map<WatchKind, Reflector>>;
  bus: EventEmitter;
}

const g = globalThis as typeof globalThis & { __trustdeckWatchCache?: Registry };

function registry(): Registry {
  if (!g.__trustdeckWatchCache) {
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    g.__trustdeckWatchCache = { contexts: new Map(), bus };
  }
  return g.__trustdeckWatchCache;
}

/** The context name `context` resolves to (the default one when undefined), or undefined when unloadable. */
function resolveContext(context?: string): string | undefined {
  try {
    return getKubeConfig(context).getCurrentContext();
  } catch {
    return undefined;
  }
}

/**
 * Whether reads start the cache lazily (`TRUSTDECK_WATCH_CACHE`, parsed in lib/env.ts): `off`
 * disables it; `auto` starts it except under Vitest, where it starts only when a test calls
 * `ensureWatching`, so unit tests with fake API servers see exactly the requests they make.
 * The same in every sign-in mode: the watches run as Trustdeck (`runAsTrustdeck`) and what they
 * hold reaches a person only through lib/k8s/access-filter.ts.
 */
function autoStart(): boolean {
  return getEnv().watchCache.autoStart;
}

/**
 * Starts the watches of every kind for `context` (default context when undefined), if not yet
 * running. Returns the resolved context name, or undefined when the configuration cannot be loaded.
 */
export function ensureWatching(context?: string): string | undefined {
  const name = resolveContext(context);
  if (!name) return undefined;
  const reg = registry();
  if (!reg.contexts.has(name)) {
    const kinds = new Map<WatchKind, Reflector>();
    reg.contexts.set(name, kinds);
    for (const kind of WATCH_KINDS) {
      const r = new Reflector(name, kind, reg.bus);
      kinds.set(kind, r);
      r.start();
    }
  }
  return name;
}

/**
 * The synced store of `kind` in `context` (sorted by namespace/name), or undefined when the watch
 * is not live (syncing, reconnecting, offline, forbidden): callers then list directly. The first
 * call for a context starts its watches. Secrets come as `TlsSecretFacts` (public PEMs only).
 */
export function getCachedList<T = unknown>(kind: WatchKind, context?: string): readonly T[] | undefined {
  const name = resolveContext(context);
  if (!name) return undefined;
  const r = registry().contexts.get(name)?.get(kind);
  if (!r) {
    if (autoStart()) ensureWatching(name);
    return undefined;
  }
  return r.list() as T[] | undefined;
}

function inNamespace<T>(items: readonly T[], namespace?: string): readonly T[] {
  if (!namespace) return items;
  return items.filter((o) => (o as Obj).metadata.namespace === namespace);
}

/**
 * The cached objects of `kind` in `context` (filtered to `namespace`) that the person bound to the
 * current request may list (lib/k8s/access-filter.ts), or undefined when not live.
 */
async function cachedVisible<T>(
  kind: WatchKind,
  opts: { context?: string; namespace?: string },
): Promise<T[] | undefined> {
  const name = resolveContext(opts.context);
  if (!name) return undefined;
  const viewer = currentViewer();
  let items = getCachedList<Obj>(kind, name);
  // A person limited to some namespaces cannot list across all of them directly: rather than the
  // direct read's 403 while the cache makes its first list (just after a start), wait for it.
  if (!items && viewer.kind === "person") items = await firstSync<Obj>(kind, name);
  if (!items) return undefined;
  const visible = await visibleItems(KINDS[kind], inNamespace(items, opts.namespace), name, viewer);
  // A copy: callers may sort what they get; the store's array is shared.
  return [...visible] as unknown as T[];
}

/**
 * How long a person's read waits for the first list of a kind before it reads directly: at least
 * 30 s, and as long as a direct read may take (`TRUSTDECK_REQUEST_TIMEOUT_MS`). A person limited to
 * some namespaces gets a 403 from the direct read across all namespaces, so on a large cluster
 * (20,000 Secrets: the first list takes longer than 10 s on a loaded 2-core machine) waiting is
 * the only way their first page answers.
 */
function firstSyncWaitMs(): number {
  return Math.max(30_000, getEnv().requestTimeoutMs);
}

/**
 * The store of `kind` once its first list is done (waiting at most `firstSyncWaitMs()`, starting the
 * watches when reads start them), or undefined when it is not live then (forbidden, unavailable,
 * offline, or still syncing).
 */
function firstSync<T>(kind: WatchKind, name: string): Promise<readonly T[] | undefined> {
  const reg = registry();
  if (!reg.contexts.has(name) && autoStart()) ensureWatching(name);
  const r = reg.contexts.get(name)?.get(kind);
  if (r?.state !== "syncing") return Promise.resolve(r?.list() as T[] | undefined);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      reg.bus.off("status", onStatus);
      resolve(r.list() as T[] | undefined);
    };
    const onStatus = (c: string) => {
      if (c === name && r.state !== "syncing") done();
    };
    const timer = setTimeout(done, firstSyncWaitMs());
    timer.unref?.();
    reg.bus.on("status", onStatus);
  });
}

/**
 * Cache lookup for `listCustom`: the cached objects of the custom resource `res` (filtered to
 * `namespace`) that the request's person may list, or undefined when not cached, not live, or
 * selectors were asked for.
 */
export async function cachedCustomList<T>(
  res: { group: string; plural: string },
  opts: { context?: string; namespace?: string; labelSelector?: string; fieldSelector?: string },
): Promise<T[] | undefined> {
  if (opts.labelSelector || opts.fieldSelector) return undefined;
  const info = kindByResource(res.group, res.plural);
  const kind = info?.watched ? (info.kind as WatchKind) : undefined;
  if (!kind) return undefined;
  return cachedVisible<T>(kind, opts);
}

/**
 * A token that stays the same while none of `kinds` changed in `context` (each store's change
 * count), or undefined when one of them is not live (reads then go direct and nothing may be kept).
 */
export function cacheGeneration(kinds: readonly WatchKind[], context?: string): string | undefined {
  const name = resolveContext(context);
  const reflectors = name ? registry().contexts.get(name) : undefined;
  if (!reflectors) return undefined;
  const parts: number[] = [];
  for (const kind of kinds) {
    const g = reflectors.get(kind)?.generation();
    if (g === undefined) return undefined;
    parts.push(g);
  }
  return `${name}:${parts.join(",")}`;
}

/** Cache lookup for `listTlsSecrets`: cached TLS Secret facts (in `namespace`) the person may list, or undefined. */
export function cachedTlsSecrets(opts: {
  context?: string;
  namespace?: string;
}): Promise<TlsSecretFacts[] | undefined> {
  return cachedVisible<TlsSecretFacts>("Secret", opts);
}

/** Folds per-kind states into one: offline > reconnecting > syncing > live (forbidden/unavailable ignored). */
export function aggregateState(states: readonly WatchState[]): LiveState {
  const relevant = states.filter((s) => s !== "forbidden" && s !== "unavailable");
  if (relevant.includes("offline")) return "offline";
  if (relevant.includes("reconnecting")) return "reconnecting";
  if (relevant.includes("syncing")) return "syncing";
  return "live";
}

/** Watch states of `context` (resolved name), or undefined when it is not watched. */
export function getLiveStatus(context: string): LiveStatus | undefined {
  const kinds = registry().contexts.get(context);
  if (!kinds) return undefined;
  const list = [...kinds.values()].map((r) => r.status());
  return { context, state: aggregateState(list.map((k) => k.state)), kinds: list };
}

/** Watch states of every watched context (for metrics). */
export function getAllLiveStatuses(): LiveStatus[] {
  return [...registry().contexts.keys()].sort().flatMap((c) => getLiveStatus(c) ?? []);
}

/**
 * Subscribes to changes and state changes of `context` (resolved name). Returns the unsubscribe
 * function; callers must call it (the SSE route does on disconnect).
 */
export function subscribeLive(
  context: string,
  listeners: { change?: (e: ChangeEvent) => void; status?: (s: LiveStatus) => void },
): () => void {
  const { bus } = registry();
  const onChange = (e: ChangeEvent) => {
    if (e.context === context) listeners.change?.(e);
  };
  const onStatus = (c: string) => {
    if (c !== context) return;
    const s = getLiveStatus(context);
    if (s) listeners.status?.(s);
  };
  bus.on("change", onChange);
  bus.on("status", onStatus);
  return () => {
    bus.off("change", onChange);
    bus.off("status", onStatus);
  };
}

/** Number of live subscriptions (tests check that disconnects leave none behind). */
export function liveListenerCount(): number {
  const { bus } = registry();
  return bus.listenerCount("change") + bus.listenerCount("status");
}

/** Stops and forgets every watch (tests, and configuration changes). */
export function stopAllWatches(): void {
  const reg = registry();
  for (const kinds of reg.contexts.values()) for (const r of kinds.values()) r.stop();
  reg.contexts.clear();
}
