import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { KINDS } from "@/lib/kinds";
import { currentUserKey, resetKubeConfigCache, userKeyOf, type Viewer } from "./config";

// The decisions come from SelfSubjectAccessReviews (lib/k8s/access-review.ts `canI`); here `canI` is
// replaced by a table of what each token may list, recording who asked what. The real reviews against
// the real API server, as alice, bob and carol, are in test/integration/team-cache.test.ts.
const asked: { key: string | undefined; resource: string; namespace?: string }[] = [];
let allow: (token: string, resource: string, namespace: string | undefined) => boolean | "error" = () =>
  false;
const TOKENS: Record<string, string> = {};

vi.mock("./access-review", () => ({
  canI: async (q: { resource: string; namespace?: string }) => {
    const key = currentUserKey();
    asked.push({ key, resource: q.resource, namespace: q.namespace });
    const token = Object.keys(TOKENS).find((t) => userKeyOf(t) === key) ?? "";
    const a = allow(token, q.resource, q.namespace);
    if (a === "error") throw new Error("connection refused");
    return { allowed: a };
  },
}));

const { accessKeyOf, dropAccessCache, mayList, visibleItems } = await import("./access-filter");

const person = (token: string): Extract<Viewer, { kind: "person" }> => {
  TOKENS[token] = token;
  return { kind: "person", token, key: userKeyOf(token) };
};
const obj = (namespace: string, name: string) => ({ metadata: { namespace, name } });
const items = [obj("payments", "a"), obj("payments", "b"), obj("shop", "c"), obj("tls", "d")];
const saved = { ...process.env };

beforeEach(() => {
  asked.length = 0;
  dropAccessCache();
  process.env.TRUSTDECK_AUTH = "token";
  process.env.TRUSTDECK_K8S_SERVER = "http://127.0.0.1:9";
  process.env.TRUSTDECK_K8S_TOKEN = "server-token";
  delete process.env.TRUSTDECK_ACCESS_CACHE_SECONDS;
  resetEnvCache();
  resetKubeConfigCache();
});
afterEach(() => {
  vi.useRealTimers();
  process.env = { ...saved };
  resetEnvCache();
  resetKubeConfigCache();
});

describe("the per-person filter of the shared cache", () => {
  it("lets Trustdeck's own identity see everything and an anonymous request nothing, asking no one", async () => {
    expect(await visibleItems(KINDS.Certificate, items, "ctx", { kind: "trustdeck" })).toBe(items);
    expect(await visibleItems(KINDS.Certificate, items, "ctx", { kind: "anonymous" })).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("shows everything after one all-namespaces review when the person may list across namespaces", async () => {
    const alice = person("alice-token");
    allow = (t) => t === "alice-token";
    expect(await visibleItems(KINDS.Certificate, items, "ctx", alice)).toBe(items);
    expect(asked).toEqual([{ key: alice.key, resource: "certificates", namespace: undefined }]);
  });

  it("else asks per namespace, with the person's own token, and keeps only the listable namespaces", async () => {
    const bob = person("bob-token");
    allow = (t, r, ns) => t === "bob-token" && ns === "payments" && r !== "clusterissuers";
    const seen = await visibleItems(KINDS.Secret, items, "ctx", bob);
    expect(seen.map((o) => o.metadata.name)).toEqual(["a", "b"]);
    expect(asked.map((a) => a.namespace).sort()).toEqual(["payments", "shop", "tls", undefined].sort());
    expect(new Set(asked.map((a) => a.key))).toEqual(new Set([bob.key]));
    expect(asked.every((a) => a.resource === "secrets")).toBe(true);
  });

  it("decides a cluster-scoped kind by one cluster-scoped review", async () => {
    const carol = person("carol-token");
    allow = () => false;
    const issuers = [{ metadata: { name: "selfsigned" } }];
    expect(await visibleItems(KINDS.ClusterIssuer, issuers, "ctx", carol)).toEqual([]);
    expect(asked).toEqual([{ key: carol.key, resource: "clusterissuers", namespace: undefined }]);
  });

  it("reuses an answer for TRUSTDECK_ACCESS_CACHE_SECONDS, then asks again (a RoleBinding change shows)", async () => {
    process.env.TRUSTDECK_ACCESS_CACHE_SECONDS = "5";
    resetEnvCache();
    vi.useFakeTimers({ toFake: ["Date"] });
    const bob = person("bob-token");
    let granted = false;
    allow = (_t, _r, ns) => granted && ns === "shop";
    expect(await mayList(bob, KINDS.Certificate, "shop", "ctx")).toBe(false);
    granted = true;
    vi.advanceTimersByTime(4_000);
    expect(await mayList(bob, KINDS.Certificate, "shop", "ctx")).toBe(false);
    expect(asked).toHaveLength(1);
    vi.advanceTimersByTime(1_500);
    expect(await mayList(bob, KINDS.Certificate, "shop", "ctx")).toBe(true);
    expect(asked).toHaveLength(2);
  });

  it("asks once for concurrent reads, and afresh after dropAccessCache (sign-in, sign-out)", async () => {
    const bob = person("bob-token");
    allow = (_t, _r, ns) => ns === "payments";
    const both = await Promise.all([
      mayList(bob, KINDS.Certificate, "payments", "ctx"),
      mayList(bob, KINDS.Certificate, "payments", "ctx"),
    ]);
    expect(both).toEqual([true, true]);
    expect(asked).toHaveLength(1);
    dropAccessCache(accessKeyOf("bob-token"));
    allow = () => false;
    expect(await mayList(bob, KINDS.Certificate, "payments", "ctx")).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it("keeps answers per person and per context", async () => {
    const bob = person("bob-token");
    const carol = person("carol-token");
    allow = (t) => t === "bob-token";
    expect(await mayList(bob, KINDS.Certificate, "payments", "a")).toBe(true);
    expect(await mayList(carol, KINDS.Certificate, "payments", "a")).toBe(false);
    expect(await mayList(bob, KINDS.Certificate, "payments", "b")).toBe(true);
    expect(asked).toHaveLength(3);
  });

  it("fails closed: a review that errors hides the objects and is asked again next time", async () => {
    const bob = person("bob-token");
    allow = () => "error";
    expect(await visibleItems(KINDS.Certificate, items, "ctx", bob)).toEqual([]);
    const n = asked.length;
    allow = () => true;
    expect(await visibleItems(KINDS.Certificate, items, "ctx", bob)).toBe(items);
    expect(asked.length).toBe(n + 1);
  });

  it("with TRUSTDECK_ACCESS_CACHE_SECONDS=0 asks on every read", async () => {
    process.env.TRUSTDECK_ACCESS_CACHE_SECONDS = "0";
    resetEnvCache();
    const bob = person("bob-token");
    allow = () => true;
    await mayList(bob, KINDS.Certificate, "payments", "ctx");
    await mayList(bob, KINDS.Certificate, "payments", "ctx");
    expect(asked).toHaveLength(2);
  });
});
