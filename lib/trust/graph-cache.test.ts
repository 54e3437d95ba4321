import { describe, expect, it } from "vitest";
import { GraphCache } from "./graph-cache";
import { scopeGraphToNamespace } from "./source";
import type { TrustGraph } from "./types";

const graph = (ns: string): TrustGraph => ({
  nodes: [
    { id: `issuer:${ns}/ca`, kind: "issuer", namespace: ns, name: "ca", problems: [], status: "ok" },
    {
      id: `leaf-certificate:${ns}/web`,
      kind: "leaf-certificate",
      namespace: ns,
      name: "web",
      problems: [],
      status: "ok",
    },
    {
      id: "leaf-certificate:other/api",
      kind: "leaf-certificate",
      namespace: "other",
      name: "api",
      problems: [],
      status: "ok",
    },
  ],
  edges: [
    { id: "e1", kind: "issued-by", from: `leaf-certificate:${ns}/web`, to: `issuer:${ns}/ca` },
    { id: "e2", kind: "issued-by", from: "leaf-certificate:other/api", to: `issuer:${ns}/ca` },
  ],
});

function counted() {
  let builds = 0;
  const build = async () => {
    builds++;
    return { graph: graph("apps"), extra: { n: builds } };
  };
  return { build, builds: () => builds };
}

describe("GraphCache", () => {
  it("builds once per generation and signature, and again after the max age", async () => {
    const cache = new GraphCache<{ n: number }>(scopeGraphToNamespace);
    const b = counted();
    const at = (generation: string | undefined, now: number, signature?: string) =>
      cache.get({
        key: "ctx",
        generation,
        now,
        maxAgeMs: 1000,
        build: b.build,
        ...(signature ? { signature } : {}),
      });
    const first = await at("g1", 0);
    const again = await at("g1", 500);
    expect(b.builds()).toBe(1);
    expect(again.graph).toBe(first.graph);
    expect(again.version).toBe(first.version);
    await at("g2", 600);
    expect(b.builds()).toBe(2);
    await at("g2", 700, "workloads changed");
    expect(b.builds()).toBe(3);
    await at("g2", 800, "workloads changed");
    expect(b.builds()).toBe(3);
    const old = await at("g2", 5000, "workloads changed");
    expect(b.builds()).toBe(4);
    expect(old.version).not.toBe(first.version);
  });

  it("with staleWhileRebuild, an aged graph answers while its rebuild runs; a new generation waits", async () => {
    const cache = new GraphCache<{ n: number }>(scopeGraphToNamespace);
    const b = counted();
    const at = (generation: string, now: number) =>
      cache.get({ key: "ctx", generation, now, maxAgeMs: 1000, staleWhileRebuild: true, build: b.build });
    const first = await at("g1", 0);
    const aged = await at("g1", 2000);
    expect(aged.version).toBe(first.version);
    await new Promise((r) => setTimeout(r, 0));
    expect(b.builds()).toBe(2);
    expect((await at("g1", 2500)).version).not.toBe(first.version);
    const changed = await at("g2", 2600);
    expect(b.builds()).toBe(3);
    expect(changed.extra.n).toBe(3);
  });

  it("keeps nothing while the watch cache is not live (generation undefined)", async () => {
    const cache = new GraphCache<{ n: number }>(scopeGraphToNamespace);
    const b = counted();
    await cache.get({ key: "ctx", generation: undefined, build: b.build });
    await cache.get({ key: "ctx", generation: undefined, build: b.build });
    expect(b.builds()).toBe(2);
  });

  it("shares one build among concurrent callers, and keeps one graph per key", async () => {
    const cache = new GraphCache<{ n: number }>(scopeGraphToNamespace);
    const b = counted();
    const [x, y] = await Promise.all([
      cache.get({ key: "a", generation: "g", build: b.build }),
      cache.get({ key: "a", generation: "g", build: b.build }),
    ]);
    expect(b.builds()).toBe(1);
    expect(x.graph).toBe(y.graph);
    await cache.get({ key: "b", generation: "g", build: b.build });
    expect(b.builds()).toBe(2);
  });

  it("keeps the scoped views and their summaries per namespace", async () => {
    const cache = new GraphCache<{ n: number }>(scopeGraphToNamespace);
    const b = counted();
    const kept = await cache.get({ key: "a", generation: "g", build: b.build });
    const apps = kept.views("apps");
    expect(apps.graph.nodes.map((n) => n.id).sort()).toEqual(
      ["issuer:apps/ca", "leaf-certificate:apps/web", "leaf-certificate:other/api"].sort(),
    );
    expect(kept.views("apps")).toBe(apps);
    expect(apps.summary("namespace")).toBe(apps.summary("namespace"));
    expect(apps.summary("namespace").total.nodes).toBe(3);
    expect(apps.group("namespace", "other")?.nodes.map((n) => n.name)).toEqual(["api"]);
    expect(kept.views().graph.nodes).toHaveLength(3);
    // A rebuild starts the views afresh.
    const next = await cache.get({ key: "a", generation: "g2", build: b.build });
    expect(next.views("apps")).not.toBe(apps);
  });
});
