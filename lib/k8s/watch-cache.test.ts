import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache, runWithUserToken } from "./config";
import type { TlsSecretFacts } from "./secrets";
import {
  aggregateState,
  BACKOFF_MAX_MS,
  backoffDelay,
  type ChangeEvent,
  ensureWatching,
  getCachedList,
  getLiveStatus,
  liveListenerCount,
  stopAllWatches,
  subscribeLive,
} from "./watch-cache";

/**
 * An HTTP-level fake API server: lists and watches are answered per path, watch connections are
 * held open and can be fed events or dropped, and every request is recorded with its time.
 */
const CERTS = "/apis/cert-manager.io/v1/certificates";
const SECRETS = "/api/v1/secrets";

interface Seen {
  path: string;
  watch: boolean;
  rv?: string;
  at: number;
  /** The Authorization header the request carried. */
  auth?: string;
}
const seen: Seen[] = [];
const watchers = new Map<string, http.ServerResponse[]>();
let certItems: unknown[] = [];
let certListRv = "10";
/** How the next certificate watches are answered: held open, or refused with a status. */
let certWatchMode: "hold" | "refuse" | "gone" = "hold";
let server: http.Server;
const saved = { ...process.env };

function cert(name: string, rv: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: "tls", resourceVersion: rv, uid: `uid-${name}` },
    spec: { secretName: `${name}-tls`, issuerRef: { name: "ca" } },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function feed(path: string, event: unknown) {
  for (const res of watchers.get(path) ?? []) res.write(`${JSON.stringify(event)}\n`);
}

function dropWatches(path: string) {
  for (const res of watchers.get(path) ?? []) res.socket?.destroy();
  watchers.set(path, []);
}

async function until<T>(fn: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const certWatches = () => seen.filter((s) => s.path === CERTS && s.watch);
const certLists = () => seen.filter((s) => s.path === CERTS && !s.watch);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const watch = url.searchParams.get("watch") === "true";
    const path = url.pathname;
    seen.push({
      path,
      watch,
      rv: url.searchParams.get("resourceVersion") ?? undefined,
      at: Date.now(),
      auth: req.headers.authorization,
    });
    if (path === SECRETS && !watch) {
      expect(url.searchParams.get("fieldSelector")).toBe("type=kubernetes.io/tls");
      return send(res, 200, {
        kind: "SecretList",
        apiVersion: "v1",
        metadata: { resourceVersion: "5" },
        items: [
          {
            metadata: { name: "web-tls", namespace: "tls", resourceVersion: "4", uid: "s1" },
            type: "kubernetes.io/tls",
            data: {
              "tls.crt": Buffer.from(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
              ).toString("base64"),
              "tls.key": Buffer.from(
                `-----BEGIN ${"PRIVATE"} KEY-----\nSECRETKEYBYTES\n-----END ${"PRIVATE"} KEY-----\n`,
              ).toString("base64"),
            },
          },
        ],
      });
    }
    if (path.startsWith("/apis/apisix.apache.org/")) {
      return send(res, 404, {
        kind: "Status",
        code: 404,
        reason: "NotFound",
        message: "the server could not find the requested resource",
      });
    }
    if (path === "/apis/cert-manager.io/v1/issuers" && !watch) {
      return send(res, 403, {
        kind: "Status",
        code: 403,
        reason: "Forbidden",
        message:
          'issuers.cert-manager.io is forbidden: User "v" cannot list resource "issuers" in API group "cert-manager.io" at the cluster scope',
      });
    }
    if (!watch) {
      const items = path === CERTS ? certItems : [];
      return send(res, 200, {
        kind: "List",
        metadata: { resourceVersion: path === CERTS ? certListRv : "1" },
        items,
      });
    }
    if (path === CERTS && certWatchMode === "refuse") return send(res, 500, { kind: "Status", code: 500 });
    res.writeHead(200, { "content-type": "application/json" });
    res.flushHeaders();
    if (path === CERTS && certWatchMode === "gone") {
      res.end(
        `${JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } })}\n`,
      );
      return;
    }
    const list = watchers.get(path) ?? [];
    list.push(res);
    watchers.set(path, list);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  for (const k of Object.keys(process.env)) if (k.startsWith("TRUSTDECK_")) delete process.env[k];
  Object.assign(process.env, {
    TRUSTDECK_K8S_SERVER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    TRUSTDECK_K8S_TOKEN: "test-token",
    TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY: "true",
  });
  resetEnvCache();
  resetKubeConfigCache();
});

afterAll(async () => {
  stopAllWatches();
  process.env = saved;
  resetEnvCache();
  resetKubeConfigCache();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("backoff", () => {
  it("doubles from 250 ms and stops at 10 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(backoffDelay)).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffDelay(50)).toBe(BACKOFF_MAX_MS);
  });

  it("aggregates kind states, ignoring kinds that cannot be watched", () => {
    expect(aggregateState(["live", "forbidden", "unavailable"])).toBe("live");
    expect(aggregateState(["live", "syncing"])).toBe("syncing");
    expect(aggregateState(["live", "reconnecting", "syncing"])).toBe("reconnecting");
    expect(aggregateState(["reconnecting", "offline"])).toBe("offline");
  });
});

describe("watch cache against a fake API server", () => {
  const changes: ChangeEvent[] = [];
  let context = "";
  let unsubscribe: () => void = () => {};

  it("does not start by itself under Vitest, then lists once and goes live", async () => {
    certItems = [cert("a", "9")];
    expect(getCachedList("Certificate")).toBeUndefined();
    expect(seen).toHaveLength(0);
    context = ensureWatching()!;
    expect(context).toBe("trustdeck");
    unsubscribe = subscribeLive(context, { change: (e) => changes.push(e) });
    const items = await until(() => getCachedList<{ metadata: { name: string } }>("Certificate"));
    expect(items.map((c) => c.metadata.name)).toEqual(["a"]);
    const w = await until(() => certWatches()[0]);
    expect(w.rv).toBe("10");
    expect(certLists()).toHaveLength(1);
  });

  it("applies watch events to the store and reports names only", async () => {
    feed(CERTS, { type: "ADDED", object: cert("b", "11") });
    await until(() => getCachedList<{ metadata: { name: string } }>("Certificate")?.length === 2);
    expect(changes).toContainEqual({
      context,
      kind: "Certificate",
      type: "ADDED",
      namespace: "tls",
      name: "b",
    });
    feed(CERTS, { type: "DELETED", object: cert("a", "12") });
    await until(() => getCachedList<{ metadata: { name: string } }>("Certificate")?.length === 1);
    expect(getCachedList<{ metadata: { name: string } }>("Certificate")!.map((c) => c.metadata.name)).toEqual(
      ["b"],
    );
    feed(CERTS, { type: "BOOKMARK", object: { kind: "Certificate", metadata: { resourceVersion: "15" } } });
    await new Promise((r) => setTimeout(r, 200));
  });

  it("reduces Secrets to public PEMs: tls.key never reaches the store", async () => {
    const secrets = await until(() => getCachedList<TlsSecretFacts>("Secret"));
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.tlsCrt).toContain("BEGIN CERTIFICATE");
    expect(secrets[0]!.dataKeys).toEqual(["tls.crt", "tls.key"]);
    const dump = JSON.stringify(secrets);
    expect(dump).not.toContain("PRIVATE KEY");
    expect(dump).not.toContain("SECRETKEYBYTES");
    expect(Object.keys(secrets[0]!)).not.toContain("data");
  });

  it("reports forbidden and unavailable kinds and serves no reads for them", async () => {
    await until(() => getLiveStatus(context)?.kinds.find((k) => k.kind === "Issuer")?.state === "forbidden");
    await until(
      () => getLiveStatus(context)?.kinds.find((k) => k.kind === "ApisixTls")?.state === "unavailable",
    );
    expect(getCachedList("Issuer")).toBeUndefined();
    expect(getLiveStatus(context)?.kinds.find((k) => k.kind === "Issuer")?.lastError).toMatch(/forbidden/);
    expect(getLiveStatus(context)?.state).toBe("live");
  });

  it("reconnects a dropped watch from the last resourceVersion, backing off 250 ms, 500 ms, 1 s", async () => {
    const before = certWatches().length;
    const restarts = getLiveStatus(context)!.kinds.find((k) => k.kind === "Certificate")!.restarts;
    certWatchMode = "refuse";
    const dropped = Date.now();
    dropWatches(CERTS);
    await until(
      () => getLiveStatus(context)?.kinds.find((k) => k.kind === "Certificate")?.state === "reconnecting",
    );
    expect(getCachedList("Certificate")).toBeUndefined();
    await until(() => certWatches().length >= before + 3, 8000);
    const times = [
      dropped,
      ...certWatches()
        .slice(before, before + 3)
        .map((s) => s.at),
    ];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(230);
    expect(gaps[1]).toBeGreaterThanOrEqual(480);
    expect(gaps[2]).toBeGreaterThanOrEqual(980);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
    // every reconnect resumes from the bookmark's resourceVersion, without a re-list
    expect(
      certWatches()
        .slice(before)
        .map((s) => s.rv),
    ).toEqual(
      certWatches()
        .slice(before)
        .map(() => "15"),
    );
    expect(certLists()).toHaveLength(1);
    certWatchMode = "hold";
    await until(
      () => getLiveStatus(context)?.kinds.find((k) => k.kind === "Certificate")?.state === "live",
      15_000,
    );
    expect(getLiveStatus(context)!.kinds.find((k) => k.kind === "Certificate")!.restarts).toBeGreaterThan(
      restarts + 2,
    );
    expect(getCachedList<{ metadata: { name: string } }>("Certificate")!.map((c) => c.metadata.name)).toEqual(
      ["b"],
    );
  }, 30_000);

  it("re-lists on 410 Gone and emits the differences it finds", async () => {
    changes.length = 0;
    certItems = [cert("b", "11"), cert("c", "20")];
    certListRv = "21";
    certWatchMode = "gone";
    const lists = certLists().length;
    // a watch that delivered events and then dropped reconnects at once (no backoff)
    feed(CERTS, { type: "BOOKMARK", object: { kind: "Certificate", metadata: { resourceVersion: "16" } } });
    await new Promise((r) => setTimeout(r, 200));
    dropWatches(CERTS);
    await until(() => certLists().length > lists, 2000);
    expect(certWatches().some((s) => s.rv === "16")).toBe(true);
    certWatchMode = "hold";
    await until(() => certWatches().some((s) => s.rv === "21"), 8000);
    await until(() => getCachedList<{ metadata: { name: string } }>("Certificate")?.length === 2);
    expect(changes).toContainEqual({
      context,
      kind: "Certificate",
      type: "ADDED",
      namespace: "tls",
      name: "c",
    });
    expect(changes.some((c) => c.name === "b")).toBe(false);
  }, 20_000);

  it("leaves no listeners behind once unsubscribed", () => {
    const n = liveListenerCount();
    unsubscribe();
    expect(liveListenerCount()).toBe(n - 2);
  });
});

describe("one watch set under Trustdeck's own identity, in token sign-in mode too", () => {
  it("lists and watches with the configured token even when a person's request starts it", async () => {
    stopAllWatches();
    process.env.TRUSTDECK_AUTH = "token";
    resetEnvCache();
    resetKubeConfigCache();
    try {
      const from = seen.length;
      const context = runWithUserToken("a-person-s-token", () => ensureWatching());
      expect(context).toBe("trustdeck");
      await until(() => getCachedList<{ metadata: { name: string } }>("Certificate"));
      await until(() => seen.slice(from).some((s) => s.path === CERTS && s.watch));
      const mine = seen.slice(from);
      expect(mine.length).toBeGreaterThan(3);
      // every list and watch of the cache is the server's, never the person's (nor anonymous)
      expect(new Set(mine.map((s) => s.auth))).toEqual(new Set(["Bearer test-token"]));
    } finally {
      stopAllWatches();
      delete process.env.TRUSTDECK_AUTH;
      resetEnvCache();
      resetKubeConfigCache();
    }
  });
});
