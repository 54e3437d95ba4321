import "server-only";
import type { EventEmitter } from "node:events";
import { Watch } from "@kubernetes/client-node";
import { collectionPath, KINDS, type KindInfo, type WatchedKind } from "@/lib/kinds";
import { getKubeConfig, runAsTrustdeck } from "./config";
import { toKubeError } from "./errors";
import { observeRemoved, observeStored, reduceObject } from "./kind-reducers";
import { listAllPages } from "./list";
import type { RawObjectMeta } from "./meta";

/**
 * The list+watch loop of one kind in one context (a reflector, as client-go calls it), feeding an
 * in-memory store. The registry of reflectors per context is lib/k8s/watch-cache.ts.
 *
 * - List once (lib/k8s/list.ts pages), then watch from the list's resourceVersion (with bookmarks).
 *   A 410 Gone (HTTP or an ERROR event) re-lists at once; any other end of the watch reconnects from
 *   the last resourceVersion with exponential backoff (250 ms doubling to 10 s).
 * - Objects pass the kind table's reducer (lib/k8s/kind-reducers.ts) on arrival: TLS Secrets are
 *   reduced to their public PEMs inside the event handler, so the store never holds `tls.key`.
 * - A 403 on the cluster-wide list marks the kind `forbidden`; a 404 (CRD not installed) `unavailable`.
 * - Every list and watch runs as Trustdeck's configured identity (`runAsTrustdeck`), never as the
 *   person whose request happened to start it.
 */

type WatchKind = WatchedKind;

/** State of one kind's watch. `forbidden`/`unavailable` retry slowly and never serve reads. */
export type WatchState = "syncing" | "live" | "reconnecting" | "offline" | "forbidden" | "unavailable";

/** Overall state of a context's watches, as the header dot shows it. */
export type LiveState = "syncing" | "live" | "reconnecting" | "offline";

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

/** One object change: names only, never the object. */
export interface ChangeEvent {
  context: string;
  kind: WatchKind;
  type: ChangeType;
  namespace?: string;
  name: string;
}

export interface KindStatus {
  kind: WatchKind;
  state: WatchState;
  /** Times the watch had to be re-established (dropped, expired, or ended by the server). */
  restarts: number;
  items: number;
  lastError?: string;
  /** When `state` last changed, ISO. */
  since: string;
}

export interface LiveStatus {
  context: string;
  state: LiveState;
  kinds: KindStatus[];
}

const SPECS: Record<WatchKind, KindInfo> = KINDS;

/** Backoff bounds of reconnects, in ms. */
export const BACKOFF_MIN_MS = 250;
export const BACKOFF_MAX_MS = 10_000;
/** Consecutive failures after which a kind reports `offline` rather than `reconnecting`. */
const OFFLINE_AFTER_FAILURES = 5;
/** A watch that stayed up this long ended normally (server timeout): reconnect at once. */
const HEALTHY_WATCH_MS = 5_000;
/** Retry period of `forbidden` / `unavailable` kinds. */
const DENIED_RETRY_MS = 60_000;
/** Server-side watch timeout; the client gives up on a silent connection a minute after it. */
const WATCH_TIMEOUT_S = 300;

/** Delay before reconnect attempt `failures` (1-based): 250 ms, 500 ms, 1 s, ... capped at 10 s. */
export function backoffDelay(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, failures - 1));
}

export interface Obj {
  metadata: RawObjectMeta;
}

function keyOf(o: Obj): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== "object") return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; code?: unknown };
  for (const v of [e.status, e.statusCode, e.code]) if (typeof v === "number") return v;
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reduces a watched or listed object for the store (kind table reducers: Secrets to public facts). */
function reduce(kind: WatchKind, raw: unknown): Obj {
  return reduceObject<Obj>(kind, raw);
}

/** The list+watch loop and store of one kind in one context. */
export class Reflector {
  state: WatchState = "syncing";
  restarts = 0;
  lastError?: string;
  since = new Date().toISOString();
  private store = new Map<string, Obj>();
  private sorted?: Obj[];
  /** Counts every change of the store (for `generation`). */
  private changes = 0;
  private rv?: string;
  private failures = 0;
  private stopped = false;
  private abort?: AbortController;
  private sleeper?: { timer: NodeJS.Timeout; resolve: () => void };

  constructor(
    readonly context: string,
    readonly kind: WatchKind,
    private readonly bus: EventEmitter,
  ) {}

  start(): void {
    // Trustdeck's own identity, even when a person's request started the cache (lib/k8s/config.ts).
    void runAsTrustdeck(() => this.loop()).catch((err: unknown) => {
      // The loop handles every expected failure; this is a bug, but must not crash the server.
      console.error(`[trustdeck] watch ${this.context}/${this.kind} stopped: ${messageOf(err)}`);
      this.setState("offline", messageOf(err));
    });
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.resolve();
    }
  }

  /** Items sorted by namespace/name (the API server's order), or undefined unless live. */
  list(): Obj[] | undefined {
    if (this.state !== "live") return undefined;
    this.sorted ??= [...this.store.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
    return this.sorted;
  }

  /**
   * A number that changes whenever the store does, or undefined when the store is not live: a
   * reader that derived something from `list()` may keep it while this stays the same.
   */
  generation(): number | undefined {
    return this.state === "live" ? this.changes : undefined;
  }

  status(): KindStatus {
    return {
      kind: this.kind,
      state: this.state,
      restarts: this.restarts,
      items: this.store.size,
      since: this.since,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private setState(state: WatchState, error?: string): void {
    if (error !== undefined) this.lastError = error;
    else if (state === "live") this.lastError = undefined;
    if (state === this.state) return;
    this.state = state;
    this.since = new Date().toISOString();
    this.bus.emit("status", this.context);
  }

  private emitChange(type: ChangeType, o: Obj): void {
    const ev: ChangeEvent = { context: this.context, kind: this.kind, type, name: o.metadata.name };
    if (o.metadata.namespace) ev.namespace = o.metadata.namespace;
    this.bus.emit("change", ev);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(() => {
        this.sleeper = undefined;
        resolve();
      }, ms);
      timer.unref?.();
      this.sleeper = { timer, resolve };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.rv === undefined) {
        try {
          await this.relist();
        } catch (err) {
          if (this.stopped) return;
          const status = statusOf(err);
          if (status === 403 || status === 404 || status === 401) {
            this.store.clear();
            this.sorted = undefined;
            this.changes++;
            this.setState(status === 404 ? "unavailable" : "forbidden", messageOf(err));
            await this.sleep(DENIED_RETRY_MS);
          } else {
            await this.fail(messageOf(err));
          }
          continue;
        }
      }
      const started = Date.now();
      const end = await this.watchOnce();
      if (this.stopped) return;
      this.restarts++;
      this.bus.emit("status", this.context);
      if (end.gone) {
        // 410: our resourceVersion is too old; re-list and diff (not a failure).
        this.rv = undefined;
        continue;
      }
      // A productive watch starts a new backoff series; only consecutive unproductive attempts grow it.
      if (end.events > 0 || Date.now() - started >= HEALTHY_WATCH_MS) this.failures = 0;
      // A healthy watch the server ended (its timeout) is resumed at once.
      if (!end.error && this.failures === 0) continue;
      await this.fail(end.error ?? "the watch connection closed");
    }
  }

  private async fail(message: string): Promise<void> {
    this.failures++;
    this.setState(this.failures >= OFFLINE_AFTER_FAILURES ? "offline" : "reconnecting", message);
    await this.sleep(backoffDelay(this.failures));
  }

  /** Lists every object (in pages) and replaces the store, emitting the differences after the first sync. */
  private async relist(): Promise<void> {
    let listed: { items: Obj[]; resourceVersion?: string };
    try {
      // Each item is reduced as its page arrives: a Secret page's keys are dropped before the next page.
      listed = await listAllPages<Obj>(this.kind, { context: this.context });
    } catch (err) {
      throw toKubeError(err, { context: this.context });
    }
    const { items, resourceVersion: rv } = listed;
    const first = this.state === "syncing" || this.state === "forbidden" || this.state === "unavailable";
    const next = new Map(items.map((o) => [keyOf(o), o]));
    for (const [k, o] of this.store) if (!next.has(k)) observeRemoved(this.kind, o);
    for (const o of items) observeStored(this.kind, o);
    if (!first) {
      for (const [k, o] of this.store) if (!next.has(k)) this.emitChange("DELETED", o);
      for (const [k, o] of next) {
        const old = this.store.get(k);
        if (!old) this.emitChange("ADDED", o);
        else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.emitChange("MODIFIED", o);
      }
    }
    this.store = next;
    this.sorted = undefined;
    this.changes++;
    this.rv = rv;
    this.setState("live");
  }

  /** Runs one watch from `this.rv` until it ends; resolves with why it ended. */
  private watchOnce(): Promise<{ gone: boolean; error?: string; events: number }> {
    const spec = SPECS[this.kind];
    const path = collectionPath(spec);
    return new Promise((resolve) => {
      let gone = false;
      let events = 0;
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      const finish = (error?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        resolve({ gone, events, ...(error ? { error } : {}) });
      };
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(
          () => {
            this.abort?.abort();
            finish("no data on the watch connection");
          },
          (WATCH_TIMEOUT_S + 60) * 1000,
        );
        watchdog.unref?.();
      };
      let kc: ReturnType<typeof getKubeConfig>;
      try {
        kc = getKubeConfig(this.context);
      } catch (err) {
        finish(messageOf(err));
        return;
      }
      arm();
      new Watch(kc)
        .watch(
          path,
          {
            resourceVersion: this.rv,
            allowWatchBookmarks: true,
            timeoutSeconds: WATCH_TIMEOUT_S,
            fieldSelector: spec.fieldSelector,
          },
          (type: string, obj: unknown) => {
            arm();
            events++;
            if (type === "ERROR") {
              const code = (obj as { code?: number } | undefined)?.code;
              if (code === 410) gone = true;
              this.abort?.abort();
              finish(
                code === 410 ? undefined : `watch error: ${(obj as { message?: string })?.message ?? code}`,
              );
              return;
            }
            const meta = (obj as Obj | undefined)?.metadata;
            if (meta?.resourceVersion) this.rv = meta.resourceVersion;
            if (type === "BOOKMARK" || !meta?.name) return;
            // Secrets are reduced here, before anything keeps a reference to the raw object.
            const o = reduce(this.kind, obj);
            const k = keyOf(o);
            if (type === "DELETED") {
              this.store.delete(k);
              observeRemoved(this.kind, o);
            } else {
              this.store.set(k, o);
              observeStored(this.kind, o);
            }
            this.sorted = undefined;
            this.changes++;
            if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") this.emitChange(type, o);
          },
          (err: unknown) => {
            if (statusOf(err) === 410) gone = true;
            const aborted = (err as { name?: string } | null)?.name === "AbortError";
            finish(err && !gone && !(aborted && settled) ? messageOf(err) : undefined);
          },
        )
        .then((controller) => {
          this.abort = controller;
          if (this.stopped || settled) controller.abort();
          else this.setState("live");
        })
        .catch((err: unknown) => finish(messageOf(err)));
    });
  }
}
