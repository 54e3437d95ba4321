import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetSessions } from "@/lib/auth/session";
import { resetEnvCache } from "@/lib/env";
import { accessCacheSize } from "@/lib/k8s/access-filter";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { ensureWatching, getLiveStatus, stopAllWatches } from "@/lib/k8s/watch-cache";
import { KUBECONFIG, kubectl, until } from "./helpers/kubectl";
import { signInThroughProvider } from "./helpers/oidc";
import { readEvents } from "./helpers/sse";
import { apiRouteFiles, concretePath } from "./security-helpers";

// Issue 15 point 3: one shared watch set under Trustdeck's own identity (the admin context here), in
// token sign-in mode, filtered per person. alice, bob and carol sign in with their OIDC ID tokens
// as bearer tokens; what each gets from the real route handlers (lists, counts, trust graph, audit,
// exports, metrics, SSE) is compared with what `kubectl --token=<theirs> get` returns for them.

const ORIGIN = "http://127.0.0.1";
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const saved = { ...process.env };
const ns = `it-team-${crypto.randomBytes(3).toString("hex")}`;

function useTokenMode(accessSeconds = 60) {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  process.env.TRUSTDECK_CONTEXT = "trustdeck-admin";
  process.env.TRUSTDECK_AUTH = "token";
  process.env.TRUSTDECK_READ_ONLY = "false";
  process.env.TRUSTDECK_ACCESS_CACHE_SECONDS = String(accessSeconds);
  resetEnvCache();
  resetKubeConfigCache();
}

async function handler(urlPath: string, method = "GET"): Promise<Handler> {
  const found = apiRouteFiles().find((r) => r.urlPath === urlPath);
  if (!found) throw new Error(`no route ${urlPath}`);
  const h = ((await import(found.file)) as Record<string, Handler>)[method];
  if (!h) throw new Error(`${urlPath} has no ${method}`);
  return h;
}

async function call(
  urlPath: string,
  cookie: string,
  query = "",
  init: { method?: string; body?: unknown } = {},
) {
  const h = await handler(urlPath, init.method);
  const res = await h(
    new Request(`${ORIGIN}${concretePath(urlPath)}${query}`, {
      method: init.method ?? "GET",
      headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
    { params: Promise.resolve({}) },
  );
  return res;
}

async function getJson<T>(urlPath: string, cookie: string, query = ""): Promise<T> {
  const res = await call(urlPath, cookie, query);
  const text = await res.text();
  expect(res.status, `${urlPath}${query}: ${text.slice(0, 300)}`).toBe(200);
  return JSON.parse(text) as T;
}

/** kubectl as the person holding `token`; undefined when the API server refuses. */
function kubectlAs(token: string, args: string[]): string | undefined {
  try {
    return execFileSync(
      "kubectl",
      ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "--token", token, ...args],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (err) {
    const e = err as { stderr?: string };
    if (/forbidden/i.test(e.stderr ?? "")) return undefined;
    throw err;
  }
}

const NAMES = 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}';
const lines = (s: string) => s.split("\n").filter(Boolean);

/**
 * The oracle: `ns/name` of every object of `resource` that the token's `kubectl get` can list —
 * across all namespaces when it may, else namespace by namespace (every namespace that holds one,
 * as the admin sees it: a namespace without objects adds nothing whoever asks).
 */
function kubectlVisible(token: string, resource: string, extra: string[] = []): string[] {
  const all = kubectlAs(token, ["get", resource, "-A", ...extra, "-o", NAMES]);
  if (all !== undefined) return lines(all).sort();
  const namespaces = [
    ...new Set(
      lines(kubectl(["get", resource, "-A", ...extra, "-o", NAMES])).map((l) => l.split("/")[0] ?? ""),
    ),
  ];
  const out: string[] = [];
  for (const n of namespaces) {
    const some = kubectlAs(token, ["get", resource, "-n", n, ...extra, "-o", NAMES]);
    if (some !== undefined) out.push(...lines(some));
  }
  return out.sort();
}

/** Cluster-scoped: names the token's `kubectl get` lists, or [] when refused. */
function kubectlVisibleCluster(token: string, resource: string): string[] {
  const all = kubectlAs(token, [
    "get",
    resource,
    "-o",
    'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
  ]);
  return all === undefined
    ? []
    : lines(all)
        .map((n) => `/${n}`)
        .sort();
}

interface Person {
  name: "alice" | "bob" | "carol";
  token: string;
  cookie: string;
}
const people: Person[] = [];
const person = (name: Person["name"]) => people.find((p) => p.name === name)!;

const key = (o: { namespace?: string; name: string }) => `${o.namespace ?? ""}/${o.name}`;

function certificate(namespace: string, name: string) {
  return JSON.stringify({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace },
    spec: {
      secretName: `${name}-tls`,
      commonName: `${name}.example`,
      issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
    },
  });
}

function apply(json: string) {
  execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "apply", "-f", "-"], {
    input: json,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

beforeAll(async () => {
  useTokenMode();
  kubectl(["create", "namespace", ns]);
  apply(certificate(ns, "outside-payments"));
  // The one watch set, under the server's own identity (the admin context), as a server start makes it.
  const context = ensureWatching()!;
  await until(() => getLiveStatus(context)?.state === "live", 30_000);
  for (const name of ["alice", "bob", "carol"] as const) {
    const s = await signInThroughProvider(name);
    if (s.refused) throw new Error(`${name} was refused by the provider`);
    const res = await call("/api/auth/signin", "", "", { method: "POST", body: { token: s.idToken } });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    people.push({ name, token: s.idToken, cookie });
  }
}, 180_000);

afterAll(() => {
  stopAllWatches();
  resetSessions();
  for (const [kind, n] of [
    ["certificates", "payments"],
    ["certificates,secrets,rolebindings", ns],
  ] as const) {
    try {
      kubectl(["delete", kind, "-n", n, "-l", "it-team=1", "--ignore-not-found", "--wait=false"]);
    } catch {
      // best effort
    }
  }
  try {
    kubectl([
      "delete",
      "certificates,secrets,rolebindings",
      "--all",
      "-n",
      ns,
      "--ignore-not-found",
      "--wait=false",
    ]);
    kubectl(["delete", "namespace", ns, "--wait=false"]);
  } catch {
    // best effort
  }
  process.env = saved;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("the shared cache filtered per person (token mode, OIDC ID tokens as bearer tokens)", () => {
  it("serves token mode from the one watch set: the cache is live and reads do not fail for a namespaced person", async () => {
    const status = getLiveStatus("trustdeck-admin")!;
    expect(status.state).toBe("live");
    // bob may not list Certificates across namespaces: a direct read would be a 403; from the cache
    // he gets his namespace.
    expect(kubectlAs(person("bob").token, ["get", "certificates.cert-manager.io", "-A"])).toBeUndefined();
    const list = await getJson<{ items: { namespace: string }[] }>("/api/certificates", person("bob").cookie);
    expect(list.items.length).toBeGreaterThan(0);
  });

  it.each(["alice", "bob", "carol"] as const)(
    "%s: certificate list, count, TLS Secrets, issuers, requests and orders equal kubectl get as them",
    async (name) => {
      const p = person(name);
      const certs = await getJson<{ items: { namespace: string; name: string }[]; total: number }>(
        "/api/certificates",
        p.cookie,
        "?limit=5000",
      );
      const expected = kubectlVisible(p.token, "certificates.cert-manager.io");
      expect(certs.items.map(key).sort()).toEqual(expected);
      expect(certs.total).toBe(expected.length);

      const secrets = await getJson<{ items: { namespace: string; name: string }[]; total: number }>(
        "/api/secrets/tls",
        p.cookie,
        "?limit=5000",
      );
      const expectedSecrets = kubectlVisible(p.token, "secrets", [
        "--field-selector",
        "type=kubernetes.io/tls",
      ]);
      expect(secrets.items.map(key).sort()).toEqual(expectedSecrets);
      expect(secrets.total).toBe(expectedSecrets.length);
      if (name === "bob") {
        expect(expectedSecrets.length).toBeGreaterThan(0);
        expect(secrets.items.every((s) => s.namespace === "payments")).toBe(true);
      }

      const issuers = await getJson<{ items: { kind: string; namespace?: string; name: string }[] }>(
        "/api/issuers",
        p.cookie,
      );
      expect(
        issuers.items
          .filter((i) => i.kind === "Issuer")
          .map(key)
          .sort(),
      ).toEqual(kubectlVisible(p.token, "issuers.cert-manager.io"));
      expect(
        issuers.items
          .filter((i) => i.kind === "ClusterIssuer")
          .map((i) => `/${i.name}`)
          .sort(),
      ).toEqual(kubectlVisibleCluster(p.token, "clusterissuers.cert-manager.io"));

      // CertificateRequests come and go (payments/short-lived renews every few seconds): compare
      // snapshots until one app answer equals the kubectl answer next to it (at most 3 tries).
      let requestsSeen: string[] = [];
      let requestsExpected: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const requests = await getJson<{ items: { namespace: string; name: string }[] }>(
          "/api/certificaterequests",
          p.cookie,
          "?limit=5000",
        );
        requestsSeen = requests.items.map(key).sort();
        requestsExpected = kubectlVisible(p.token, "certificaterequests.cert-manager.io");
        if (JSON.stringify(requestsSeen) === JSON.stringify(requestsExpected)) break;
      }
      expect(requestsSeen).toEqual(requestsExpected);

      const orders = await getJson<{ items: { namespace: string; name: string }[] }>(
        "/api/acme/orders",
        p.cookie,
      );
      expect(orders.items.map(key).sort()).toEqual(kubectlVisible(p.token, "orders.acme.cert-manager.io"));
    },
  );

  it("alice sees every seeded namespace, bob only payments, carol nothing (the oracle itself differs per person)", () => {
    const visible = (n: Person["name"]) => kubectlVisible(person(n).token, "certificates.cert-manager.io");
    expect(visible("alice")).toContain(`${ns}/outside-payments`);
    expect(visible("alice").some((k) => k.startsWith("tls/"))).toBe(true);
    expect(visible("bob").length).toBeGreaterThan(0);
    expect(visible("bob").every((k) => k.startsWith("payments/"))).toBe(true);
    expect(visible("carol")).toEqual([]);
  });

  it.each(["alice", "bob", "carol"] as const)(
    "%s: trust graph, audit, exports and metrics name only objects their kubectl can list",
    async (name) => {
      const p = person(name);
      const certs = kubectlVisible(p.token, "certificates.cert-manager.io");
      const secrets = kubectlVisible(p.token, "secrets", ["--field-selector", "type=kubernetes.io/tls"]);
      const issuers = kubectlVisible(p.token, "issuers.cert-manager.io");
      const clusterIssuers = kubectlVisibleCluster(p.token, "clusterissuers.cert-manager.io");
      const tlses = kubectlVisible(p.token, "apisixtlses.apisix.apache.org");
      const upstreams = kubectlVisible(p.token, "apisixupstreams.apisix.apache.org");
      const byKind: Record<string, string[]> = {
        "ca-certificate": certs,
        "leaf-certificate": certs,
        secret: secrets,
        issuer: issuers,
        clusterissuer: clusterIssuers,
        "apisix-tls": tlses,
        "apisix-upstream": upstreams,
      };
      const namespaces = new Set(
        [...certs, ...secrets, ...issuers, ...tlses, ...upstreams].map((k) => k.split("/")[0]),
      );

      const graph = await getJson<{
        nodes: { kind: string; namespace?: string; name: string; missing?: boolean }[];
      }>("/api/trust", p.cookie);
      // Every object node that is not a reference to something unseen is one their kubectl lists;
      // every Certificate they can list is in the graph.
      for (const n of graph.nodes) {
        if (n.missing || n.kind === "host") continue;
        expect(byKind[n.kind], `${n.kind} ${key(n)}`).toContain(key(n));
      }
      expect(
        graph.nodes
          .filter((n) => n.kind === "ca-certificate" || n.kind === "leaf-certificate")
          .map(key)
          .sort(),
      ).toEqual(certs);

      const report = await getJson<{ rows: { objectKind: string; namespace: string; name: string }[] }>(
        "/api/trust/report",
        p.cookie,
      );
      const audit = await getJson<{
        rows: { namespace: string; name: string }[];
        counts: Record<string, number>;
      }>("/api/export/audit.json", p.cookie);
      for (const row of [...report.rows, ...audit.rows]) {
        if (row.namespace) expect(namespaces, `${row.namespace}/${row.name}`).toContain(row.namespace);
      }
      const total = Object.values(audit.counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(audit.rows.length);

      const exported = await getJson<{ items: { namespace: string; name: string }[]; total: number }>(
        "/api/export/certificates.json",
        p.cookie,
      );
      expect(exported.items.map(key).sort()).toEqual(certs);
      expect(exported.total).toBe(certs.length);
      const csv = await (await call("/api/export/certificates.csv", p.cookie)).text();
      const csvRows = lines(csv).slice(1);
      expect(csvRows).toHaveLength(certs.length);
      for (const c of certs) expect(csv).toContain(c.split("/")[1]);

      const metrics = await (await call("/api/metrics", p.cookie)).text();
      const series = [...metrics.matchAll(/^trustdeck_certificate_ready_status\{([^}]*)\}/gm)].map((m) => {
        const label = (l: string) => new RegExp(`(?:^|,)${l}="([^"]*)"`).exec(m[1] ?? "")?.[1];
        return `${label("namespace")}/${label("name")}`;
      });
      expect([...new Set(series)].sort()).toEqual(certs);
      for (const m of metrics.matchAll(/namespace="([^"]*)"/g)) expect(namespaces).toContain(m[1]);
    },
  );

  it("SSE: bob gets the change in payments and not the one outside; alice gets both; carol neither", async () => {
    const streams = await Promise.all(
      people.map(async (p) => {
        const abort = new AbortController();
        const h = await handler("/api/events");
        const res = await h(
          new Request(`${ORIGIN}/api/events`, { headers: { cookie: p.cookie }, signal: abort.signal }),
          {
            params: Promise.resolve({}),
          },
        );
        expect(res.status).toBe(200);
        const got: { event: string; data: unknown }[] = [];
        const reading = readEvents(res.body!, got);
        await until(() => got.find((m) => m.event === "status"), 5000);
        return { p, abort, got, reading };
      }),
    );
    const inside = `sse-${crypto.randomBytes(2).toString("hex")}`;
    const outside = `sse-${crypto.randomBytes(2).toString("hex")}`;
    apply(certificate("payments", inside).replace('"metadata":{', '"metadata":{"labels":{"it-team":"1"},'));
    apply(certificate(ns, outside));
    const named = (s: (typeof streams)[number], n: string) =>
      s.got.some((m) => m.event === "change" && (m.data as { name: string }).name === n);
    const [alice, bob, carol] = ["alice", "bob", "carol"].map((n) => streams.find((s) => s.p.name === n)!);
    await until(() => named(alice!, inside) && named(alice!, outside) && named(bob!, inside), 10_000);
    // the stream keeps order: the later change reached alice, so bob's decision for it was made too
    await new Promise((r) => setTimeout(r, 500));
    expect(named(bob!, outside)).toBe(false);
    expect(carol!.got.filter((m) => m.event === "change")).toEqual([]);
    // bob's change events name only payments objects
    for (const m of bob!.got.filter((x) => x.event === "change"))
      expect((m.data as { namespace?: string }).namespace).toBe("payments");
    for (const s of streams) s.abort.abort();
    await Promise.all(streams.map((s) => s.reading));
    kubectl(["delete", "certificate", inside, "-n", "payments", "--wait=false"]);
  });

  it("a RoleBinding change reaches bob's view within TRUSTDECK_ACCESS_CACHE_SECONDS (2 s here), both ways", async () => {
    useTokenMode(2);
    const bob = person("bob");
    const visible = async () =>
      (
        await getJson<{ items: { namespace: string; name: string }[] }>(
          "/api/certificates",
          bob.cookie,
          `?namespace=${ns}`,
        )
      ).items.map(key);
    expect(await visible()).toEqual([]);
    expect(kubectlAs(bob.token, ["get", "certificates.cert-manager.io", "-n", ns])).toBeUndefined();
    apply(
      JSON.stringify({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "team-payments-reads", namespace: ns },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: "trustdeck:platform-admin",
        },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "team-payments" }],
      }),
    );
    const granted = Date.now();
    await until(
      () => kubectlAs(bob.token, ["get", "certificates.cert-manager.io", "-n", ns, "-o", "name"]),
      10_000,
    );
    let seen: string[] = [];
    for (;;) {
      seen = await visible();
      if (seen.includes(`${ns}/outside-payments`) || Date.now() - granted > 8_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen).toContain(`${ns}/outside-payments`);
    // stated time (2 s) + the API server's RBAC cache settling; well under the default 60 s
    expect(Date.now() - granted).toBeLessThan(8_000);
    kubectl(["delete", "rolebinding", "team-payments-reads", "-n", ns]);
    const revoked = Date.now();
    for (;;) {
      seen = await visible();
      if (!seen.includes(`${ns}/outside-payments`) || Date.now() - revoked > 8_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen).toEqual([]);
    expect(kubectlAs(bob.token, ["get", "certificates.cert-manager.io", "-n", ns])).toBeUndefined();
    useTokenMode();
  });

  it("right after a start, bob's first read waits for the cache's first list instead of a direct 403", async () => {
    const bob = person("bob");
    stopAllWatches();
    const context = ensureWatching()!;
    expect(getLiveStatus(context)?.state).toBe("syncing");
    const list = await getJson<{ items: { namespace: string; name: string }[] }>(
      "/api/certificates",
      bob.cookie,
    );
    expect(list.items.map(key).sort()).toEqual(kubectlVisible(bob.token, "certificates.cert-manager.io"));
    // served from the cache's first list (the direct cluster-wide list would have been a 403 for bob)
    expect(getLiveStatus(context)?.kinds.find((k) => k.kind === "Certificate")?.state).toBe("live");
    await until(() => getLiveStatus(context)?.state === "live", 30_000);
  });

  it("sign-out drops the person's kept answers and ends their open SSE streams", async () => {
    const bob = person("bob");
    await getJson("/api/certificates", bob.cookie);
    const before = accessCacheSize();
    expect(before).toBeGreaterThan(0);
    const abort = new AbortController();
    const res = await (await handler("/api/events"))(
      new Request(`${ORIGIN}/api/events`, { headers: { cookie: bob.cookie }, signal: abort.signal }),
      { params: Promise.resolve({}) },
    );
    const got: { event: string; data: unknown }[] = [];
    let ended = false;
    const reading = readEvents(res.body!, got).then(() => {
      ended = true;
    });
    await until(() => got.find((m) => m.event === "status"), 5000);
    const out = await call("/api/auth/signout", bob.cookie, "", { method: "POST" });
    expect(out.status).toBe(200);
    expect(accessCacheSize()).toBe(before - 1);
    await until(() => ended, 5000);
    abort.abort();
    await reading;
    // signed out, the old cookie reads nothing from the cache
    const after = await call("/api/certificates", bob.cookie);
    if (after.status === 200) expect((await after.json()).items).toEqual([]);
    else expect(after.status).toBeGreaterThanOrEqual(401);
  });
});
