import "server-only";
import { getEnv } from "@/lib/env";
import type { KindInfo } from "@/lib/kinds";
import { canI } from "./access-review";
import { currentViewer, runWithUserToken, userKeyOf, type Viewer } from "./config";
import type { RawObjectMeta } from "./meta";

/**
 * The per-person view of the shared watch cache: the one place that decides what of the cache a
 * person may see. Every cached read (`listCustom` / `listTlsSecrets` → lib/k8s/watch-cache.ts) and
 * every SSE change event (lib/live/sse.ts) passes through it, for the person the route wrapper
 * (lib/server/route.ts) bound to the request; no route checks access on its own.
 *
 * The rule is `kubectl get`'s: a person sees an object of a kind in a namespace exactly when the
 * API server would let them `list` that kind there. It is decided by a SelfSubjectAccessReview
 * (`authorization.k8s.io/v1`) made WITH THE PERSON'S TOKEN, so every authorizer the cluster runs
 * (RBAC, webhooks, ...) answers, not a copy of RBAC's rules:
 * - namespaced kinds: first `list` across all namespaces (namespace ""); when that is allowed, every
 *   object is visible; otherwise one review per namespace that holds objects of the kind;
 * - cluster-scoped kinds (ClusterIssuer): one cluster-scoped review.
 * Answers are kept per person (the SHA-256 key of the token, never the token) × context × group ×
 * resource × namespace for `TRUSTDECK_ACCESS_CACHE_SECONDS` (default 60 s): a RoleBinding change
 * shows within that time. `dropAccessCache` forgets a person's answers at sign-in and sign-out. A
 * review that fails (network, expired token) counts as "no" and is not kept: the filter fails closed.
 *
 * Viewers (lib/k8s/config.ts `Viewer`): the configured identity (local/none modes: the person acts
 * with it) sees the whole cache; an anonymous request in token mode sees nothing.
 */

interface Decision {
  allowed: boolean;
  /** epoch ms of the answer; it is asked again once `TRUSTDECK_ACCESS_CACHE_SECONDS` have passed */
  at: number;
}

/** Per person key → question → decision (or the review in flight, shared by concurrent reads). */
const decisions = new Map<string, Map<string, Decision | Promise<boolean>>>();

/** Reviews in flight at once for one read (a person with access to many single namespaces). */
const REVIEW_CONCURRENCY = 16;

/** What one object needs for the filter. */
interface Named {
  metadata: Pick<RawObjectMeta, "namespace" | "name">;
}

/** The kind coordinates a review asks about. */
type KindRef = Pick<KindInfo, "group" | "plural" | "namespaced">;

function questionKey(context: string, kind: KindRef, namespace: string): string {
  return `${context}|${kind.group}|${kind.plural}|${namespace}`;
}

/**
 * Whether `viewer` may `list` `kind` in `namespace` ("" = across all namespaces, or a cluster-scoped
 * kind) of the resolved `context`, from a SelfSubjectAccessReview made with the viewer's token,
 * reused for `TRUSTDECK_ACCESS_CACHE_SECONDS`.
 */
export async function mayList(
  viewer: Viewer,
  kind: KindRef,
  namespace: string,
  context: string,
): Promise<boolean> {
  if (viewer.kind === "trustdeck") return true;
  if (viewer.kind === "anonymous") return false;
  const ns = kind.namespaced ? namespace : "";
  const key = questionKey(context, kind, ns);
  let mine = decisions.get(viewer.key);
  if (!mine) {
    mine = new Map();
    decisions.set(viewer.key, mine);
  }
  const held = mine.get(key);
  if (held instanceof Promise) return held;
  const ttl = getEnv().accessCacheTtlMs;
  if (held && Date.now() - held.at < ttl) return held.allowed;
  const asked = runWithUserToken(viewer.token, () =>
    canI({ verb: "list", group: kind.group, resource: kind.plural, namespace: ns || undefined }, { context }),
  ).then(
    (r) => {
      if (ttl > 0 && decisions.get(viewer.key) === mine)
        mine.set(key, { allowed: r.allowed, at: Date.now() });
      else mine.delete(key);
      return r.allowed;
    },
    () => {
      mine.delete(key);
      return false;
    },
  );
  mine.set(key, asked);
  return asked;
}

/**
 * Whether `viewer` may list `kind` in `namespace`: across all namespaces (one review, shared by
 * every namespace), else in that namespace. What a change event of one object needs.
 */
export async function mayListIn(
  viewer: Viewer,
  kind: KindRef,
  namespace: string,
  context: string,
): Promise<boolean> {
  if (await mayList(viewer, kind, "", context)) return true;
  return kind.namespaced && namespace !== "" && mayList(viewer, kind, namespace, context);
}

async function inPool<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (i < items.length) await fn(items[i++] as T);
    }),
  );
}

/** Distinct namespaces of items sorted by namespace/name (the cache's order), memoised per array. */
const namespacesOf = new WeakMap<readonly Named[], string[]>();
function distinctNamespaces(items: readonly Named[]): string[] {
  let out = namespacesOf.get(items);
  if (out) return out;
  const seen = new Set<string>();
  for (const o of items) seen.add(o.metadata.namespace ?? "");
  out = [...seen];
  namespacesOf.set(items, out);
  return out;
}

/**
 * The namespaces of `namespaces` in which `viewer` may list `kind`, or "all" when they may list it
 * across all namespaces (or, for a cluster-scoped kind, at all: then "all" or an empty set).
 */
export async function listableNamespaces(
  viewer: Viewer,
  kind: KindRef,
  namespaces: readonly string[],
  context: string,
): Promise<"all" | Set<string>> {
  if (await mayList(viewer, kind, "", context)) return "all";
  const allowed = new Set<string>();
  if (!kind.namespaced) return allowed;
  await inPool(namespaces, REVIEW_CONCURRENCY, async (ns) => {
    if (ns && (await mayList(viewer, kind, ns, context))) allowed.add(ns);
  });
  return allowed;
}

/**
 * The objects of `items` (one kind, as the shared cache holds them in the resolved `context`) that
 * `viewer` may list — by default the person bound to the current request. Returns `items` itself
 * when every one is visible (no copy on the hot path).
 */
export async function visibleItems<T extends Named>(
  kind: KindRef,
  items: readonly T[],
  context: string,
  viewer: Viewer = currentViewer(),
): Promise<readonly T[]> {
  if (viewer.kind === "trustdeck") return items;
  if (viewer.kind === "anonymous") return [];
  const allowed = await listableNamespaces(viewer, kind, distinctNamespaces(items), context);
  if (allowed === "all") return items;
  if (allowed.size === 0) return [];
  return items.filter((o) => allowed.has(o.metadata.namespace ?? ""));
}

/**
 * The key a person's access answers are kept under: derived from their bearer token (SHA-256
 * prefix, as lib/k8s/config.ts `userKeyOf`); what `dropAccessCache` takes.
 */
export function accessKeyOf(token: string): string {
  return userKeyOf(token);
}

/**
 * Forgets the access answers kept for one person (`sessionKey` = `accessKeyOf(their token)`), or for
 * everyone when undefined. Called at sign-in (a new session asks afresh) and sign-out.
 */
export function dropAccessCache(sessionKey?: string): void {
  if (sessionKey === undefined) decisions.clear();
  else decisions.delete(sessionKey);
  for (const listener of [...dropListeners]) listener(sessionKey);
}

const dropListeners = new Set<(sessionKey: string | undefined) => void>();

/**
 * Calls `listener` whenever `dropAccessCache` runs (with the person's key, or undefined for
 * everyone): open SSE streams of that person end, so a sign-out also ends them (the browser's
 * EventSource reconnects, and its session decides again). Returns the unsubscribe function.
 */
export function onAccessDropped(listener: (sessionKey: string | undefined) => void): () => void {
  dropListeners.add(listener);
  return () => {
    dropListeners.delete(listener);
  };
}

/** Number of persons with kept answers (tests). */
export function accessCacheSize(): number {
  return decisions.size;
}
