import "server-only";
import { groupKeys } from "./layout";
import {
  groupDetail,
  type SummaryGroupBy,
  summarizeGraph,
  type TrustGroupDetail,
  type TrustSummary,
} from "./summary";
import type { TrustGraph } from "./types";

/**
 * The trust graphs the server keeps: one per kube context and person, rebuilt when the watch
 * cache's generation of the kinds the graph reads changed (lib/k8s/watch-cache.ts
 * `cacheGeneration`, as lib/inventory/feed-service.ts does for the rows), when the cache is not
 * live (then nothing is kept), or after `MAX_AGE_MS` (problems depend on the clock; Namespaces
 * are not watched). Kept as objects, never as JSON text; each graph keeps its group keys and
 * summaries per namespace scope and grouping, so a summary or a group's answer costs a lookup.
 */

/** A kept graph is rebuilt after this long even when nothing changed in the cluster, ms. */
export const MAX_AGE_MS = 30_000;
/**
 * The same for a graph that answers while it is rebuilt (`staleWhileRebuild`): only the clock and
 * Namespace labels age it, and a rebuild of tens of thousands of objects costs seconds of CPU, ms.
 */
export const CLOCK_MAX_AGE_MS = 300_000;
/** How many (context, person) graphs are kept; the least recently used goes first. */
const MAX_GRAPHS = 16;
/** How many namespace scopes one graph keeps derived views of. */
const MAX_SCOPES = 8;

/** What one build yields: the graph and whatever else the answer needs. */
export interface Built<T> {
  graph: TrustGraph;
  extra: T;
}

/** Derived views of one (scoped) graph, computed on first use. */
export class GraphViews {
  private readonly keys = new Map<SummaryGroupBy, Map<string, string>>();
  private readonly summaries = new Map<SummaryGroupBy, TrustSummary>();

  constructor(readonly graph: TrustGraph) {}

  /** Group key of every node by `by` (layout.ts `groupKeys`). */
  groupKeys(by: SummaryGroupBy): Map<string, string> {
    let k = this.keys.get(by);
    if (!k) {
      k = groupKeys(this.graph, by);
      this.keys.set(by, k);
    }
    return k;
  }

  summary(by: SummaryGroupBy): TrustSummary {
    let s = this.summaries.get(by);
    if (!s) {
      s = summarizeGraph(this.graph, by, this.groupKeys(by));
      this.summaries.set(by, s);
    }
    return s;
  }

  group(by: SummaryGroupBy, key: string): TrustGroupDetail | undefined {
    return groupDetail(this.graph, by, key, this.groupKeys(by));
  }
}

interface Entry<T> {
  value?: Built<T> & { version: number; generation: string; builtAt: number; signature: string };
  building?: Promise<Built<T> & { version: number }>;
  scopes: Map<string, GraphViews>;
}

let versions = 0;

/** Cuts a graph to the part about one namespace (lib/trust/source.ts `scopeGraphToNamespace`). */
export type Scoper = (graph: TrustGraph, namespace: string) => TrustGraph;

/** A keyed store of built graphs (one per kind of answer: the graph with workloads, the report's graph). */
export class GraphCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly scope: Scoper) {}

  private entry(key: string): Entry<T> {
    let e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
      return e;
    }
    e = { scopes: new Map() };
    this.entries.set(key, e);
    if (this.entries.size > MAX_GRAPHS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return e;
  }

  /**
   * The graph kept under `key` when it was built at `generation` with the same `signature` less than
   * `maxAgeMs` ago (or longer ago, with `staleWhileRebuild`, while a rebuild runs); else `build()`s it (one build at a time per key, shared by concurrent callers)
   * and keeps it. With `generation` undefined (the watch cache not live) it builds and keeps nothing.
   * `version` changes with every build.
   */
  async get(opts: {
    key: string;
    generation: string | undefined;
    signature?: string;
    maxAgeMs?: number;
    /** Past `maxAgeMs` with the same generation and signature, answer the kept graph while rebuilding. */
    staleWhileRebuild?: boolean;
    now?: number;
    build: () => Promise<Built<T>>;
  }): Promise<Built<T> & { version: number; views: (namespace?: string) => GraphViews }> {
    const now = opts.now ?? Date.now();
    const signature = opts.signature ?? "";
    if (opts.generation === undefined) {
      const built = { ...(await opts.build()), version: ++versions };
      const scopes = new Map<string, GraphViews>();
      return { ...built, views: (ns) => viewsOf(scopes, built.graph, this.scope, ns) };
    }
    const e = this.entry(opts.key);
    const v = e.value;
    const same = !!v && v.generation === opts.generation && v.signature === signature;
    const young = !!v && now - v.builtAt < (opts.maxAgeMs ?? MAX_AGE_MS);
    if (!same || !young) {
      e.building ??= (async () => {
        try {
          const built = { ...(await opts.build()), version: ++versions };
          e.value = { ...built, generation: opts.generation as string, builtAt: now, signature };
          e.scopes = new Map();
          return built;
        } finally {
          e.building = undefined;
        }
      })();
      // Only the clock moved (nothing changed in the cluster): with `staleWhileRebuild` the kept
      // graph answers while the new one is built.
      if (!(same && opts.staleWhileRebuild)) await e.building;
      else e.building.catch(() => undefined);
    }
    const kept = e.value as NonNullable<Entry<T>["value"]>;
    const scopes = e.scopes;
    return {
      graph: kept.graph,
      extra: kept.extra,
      version: kept.version,
      views: (ns) => viewsOf(scopes, kept.graph, this.scope, ns),
    };
  }

  /** Forgets every kept graph (tests). */
  clear(): void {
    this.entries.clear();
  }
}

/** Views of `graph`, or of its part about `namespace` (cut by `scope`), kept in `scopes`. */
function viewsOf(
  scopes: Map<string, GraphViews>,
  graph: TrustGraph,
  scope: Scoper,
  namespace?: string,
): GraphViews {
  const key = namespace ?? "";
  let v = scopes.get(key);
  if (v) return v;
  v = new GraphViews(namespace ? scope(graph, namespace) : graph);
  scopes.set(key, v);
  if (scopes.size > MAX_SCOPES) {
    const oldest = [...scopes.keys()].find((k) => k !== "");
    if (oldest !== undefined) scopes.delete(oldest);
  }
  return v;
}
