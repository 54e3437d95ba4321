import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as acmeOrdersRoute } from "@/app/api/acme/orders/route";
import { POST as renewRoute } from "@/app/api/certificates/[namespace]/[name]/renew/route";
import { GET as stuckRoute } from "@/app/api/certificates/diagnoses/route";
import { GET as certificateFeed } from "@/app/api/certificates/feed/route";
import { POST as bulkRenewRoute } from "@/app/api/certificates/renew/route";
import { GET as clustersRoute } from "@/app/api/clusters/route";
import { GET as eventsRoute } from "@/app/api/events/route";
import { GET as exportCsv } from "@/app/api/export/certificates.csv/route";
import { GET as exportJson } from "@/app/api/export/certificates.json/route";
import { GET as issuersRoute } from "@/app/api/issuers/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as secretsRoute } from "@/app/api/secrets/tls/route";
import { GET as bundlesRoute } from "@/app/api/trust/bundles/route";
import { GET as trustReportRoute } from "@/app/api/trust/report/route";
import { GET as trustGraphRoute } from "@/app/api/trust/route";
import type { BulkDryRunResult, BulkRunResult } from "@/lib/actions/types";
import type { StuckSummary } from "@/lib/doctor/summary";
import { resetEnvCache } from "@/lib/env";
import { applyFeed, type CertificateFeedDto } from "@/lib/inventory/row-feed";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { resetFleetFailures } from "@/lib/k8s/fleet";
import { stopAllWatches } from "@/lib/k8s/watch-cache";
import type { BundleRow } from "@/lib/trust/bundles";
import { groupKeys } from "@/lib/trust/layout";
import type { CertificateRow, IssuerRow, ListResponse, TlsSecretRow } from "@/lib/types";
import { KUBECONFIG, kubectl, until } from "./helpers/kubectl";
import { findChange, readEvents } from "./helpers/sse";

// Two local control planes side by side: the harness's plane (context trustdeck-admin) and a second
// one started here with `TRUSTDECK_CLUSTER_NAME=fleetit node scripts/cluster.mjs up` (etcd +
// kube-apiserver + CRDs), added to the fleet as the remote cluster "east" through
// TRUSTDECK_CLUSTERS_FILE (URL, token file, CA file). The oracle is kubectl against each plane.
const ROOT = path.resolve(__dirname, "../..");
const PLANE = "fleetit";
const PLANE_DIR = path.join(ROOT, `.cluster-${PLANE}`);
const PLANE_ENV = { ...process.env, TRUSTDECK_CLUSTER_NAME: PLANE, TRUSTDECK_CLUSTER_DIR: PLANE_DIR };
const WEST = "trustdeck-admin";
const EAST = "east";
const NS = `fleet-it-${Date.now().toString(36)}`;

const eastKubectl = (args: string[]): string =>
  execFileSync(
    "kubectl",
    ["--kubeconfig", path.join(PLANE_DIR, "kubeconfig"), "--context", `${PLANE}-admin`, ...args],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );

function plane(cmd: "up" | "down"): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, "scripts", "cluster.mjs"), cmd], {
    env: PLANE_ENV,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`cluster ${cmd} (${PLANE}) failed:\n${res.stdout}\n${res.stderr}`);
}

function certificate(name: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: NS },
    // An issuer that does not exist: nothing issues it (the second plane has no controller anyway).
    spec: {
      secretName: `${name}-tls`,
      dnsNames: [`${name}.fleet.test`],
      issuerRef: { name: "no-such-issuer" },
    },
  };
}

const apply = (run: (args: string[]) => string, obj: unknown) => {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(obj));
  run(["apply", "-f", file]);
};

const get = (url: string) => new Request(`http://127.0.0.1${url}`);
const post = (url: string, body: unknown) =>
  new Request(`http://127.0.0.1${url}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", origin: "http://127.0.0.1" },
  });

async function feedRows(): Promise<{ rows: CertificateRow[]; dto: CertificateFeedDto }> {
  const res = await certificateFeed(get("/api/certificates/feed"));
  expect(res.status, await res.clone().text()).toBe(200);
  const dto = (await res.json()) as CertificateFeedDto;
  return { rows: applyFeed(undefined, dto).rows, dto };
}

const keysIn = (rows: readonly { cluster?: string; namespace: string; name: string }[]) =>
  rows
    .filter((r) => r.namespace === NS)
    .map((r) => `${r.cluster}:${r.name}`)
    .sort();

/** `cluster:name` of the Certificates kubectl sees in NS on each plane. */
function kubectlKeys(): string[] {
  const names = (out: string) => out.split(/\s+/).filter(Boolean);
  const jp = ["get", "certificates", "-n", NS, "-o", "jsonpath={.items[*].metadata.name}"];
  return [
    ...names(kubectl(jp)).map((n) => `${WEST}:${n}`),
    ...names(eastKubectl(jp)).map((n) => `${EAST}:${n}`),
  ].sort();
}

let tmp = "";

type SseMessage = { event: string; data: unknown };

/** Opens `/api/events` (no ?cluster=: the whole fleet); `stop` aborts it and waits for the reader. */
async function openEvents(): Promise<{ received: SseMessage[]; stop: () => Promise<void> }> {
  const abort = new AbortController();
  const res = await eventsRoute(new Request("http://127.0.0.1/api/events", { signal: abort.signal }));
  expect(res.status).toBe(200);
  const received: SseMessage[] = [];
  const reading = readEvents(res.body!, received);
  return {
    received,
    stop: async () => {
      abort.abort();
      await reading;
    },
  };
}

const changeOf = (received: readonly SseMessage[], cluster: string, name: string) =>
  received.find(
    (m) =>
      m.event === "change" &&
      (m.data as { cluster?: string; name: string }).cluster === cluster &&
      (m.data as { name: string }).name === name,
  );

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-fleet-"));
  plane("down"); // a leftover of an interrupted run
  plane("up");
  const state = JSON.parse(fs.readFileSync(path.join(PLANE_DIR, "state.json"), "utf8")) as { server: string };
  const clustersFile = path.join(tmp, "clusters.yaml");
  fs.writeFileSync(
    clustersFile,
    [
      `- name: ${EAST}`,
      `  server: ${state.server}`,
      `  tokenFile: ${path.join(PLANE_DIR, "admin.token")}`,
      `  caFile: ${path.join(PLANE_DIR, "certs", "apiserver.crt")}`,
      "",
    ].join("\n"),
  );
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  process.env.TRUSTDECK_CONTEXT = WEST;
  process.env.TRUSTDECK_CLUSTERS_FILE = clustersFile;
  delete process.env.TRUSTDECK_AUTH;
  resetEnvCache();
  resetKubeConfigCache();
  resetFleetFailures();

  for (const run of [kubectl, eastKubectl]) {
    apply(run, { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    apply(run, certificate("shared"));
  }
  apply(kubectl, certificate("west-only"));
  apply(eastKubectl, certificate("east-only"));
  apply(eastKubectl, {
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "east-selfsigned", namespace: NS },
    spec: { selfSigned: {} },
  });
  // A TLS Secret in the second plane only (key made here, at run time, and never read back).
  execFileSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-days",
    "30",
    "-subj",
    "/CN=east.fleet.test",
    "-keyout",
    path.join(tmp, "k.pem"),
    "-out",
    path.join(tmp, "c.pem"),
  ]);
  for (const [run, name] of [
    [eastKubectl, "east-tls"],
    [kubectl, "west-tls"],
  ] as const) {
    run([
      "-n",
      NS,
      "create",
      "secret",
      "tls",
      name,
      `--cert=${path.join(tmp, "c.pem")}`,
      `--key=${path.join(tmp, "k.pem")}`,
    ]);
  }
});

afterAll(() => {
  stopAllWatches();
  plane("down");
  // Objects first (nothing collects a namespace's contents here), so later tests see no leftovers.
  kubectl(["delete", "certificates", "--all", "-n", NS, "--ignore-not-found"]);
  kubectl(["delete", "secrets", "--all", "-n", NS, "--ignore-not-found"]);
  kubectl(["delete", "events", "--all", "-n", NS, "--ignore-not-found"]);
  kubectl(["delete", "namespace", NS, "--wait=false", "--ignore-not-found"]);
  delete process.env.TRUSTDECK_CLUSTERS_FILE;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
  resetFleetFailures();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("two control planes in one view", () => {
  it("reports each cluster's health: reachable, its Kubernetes version (kubectl's), the CRDs served", async () => {
    const res = await clustersRoute(get("/api/clusters"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      fleet: boolean;
      clusters: {
        name: string;
        reachable: boolean;
        version?: string;
        certManager?: boolean;
        apisix?: boolean;
      }[];
    };
    expect(body.fleet).toBe(true);
    expect(body.clusters.map((c) => c.name)).toEqual([WEST, EAST]);
    const eastVersion = JSON.parse(eastKubectl(["version", "-o", "json"])).serverVersion.gitVersion;
    const east = body.clusters.find((c) => c.name === EAST);
    expect(east).toMatchObject({ reachable: true, version: eastVersion, certManager: true, apisix: true });
    expect(body.clusters.find((c) => c.name === WEST)).toMatchObject({ reachable: true, certManager: true });
  });

  it("merges the certificate feed: every Certificate of both planes, each with its own cluster", async () => {
    const { rows, dto } = await feedRows();
    expect(dto.clusterErrors).toBeUndefined();
    expect(keysIn(rows)).toEqual(kubectlKeys());
    expect(keysIn(rows)).toEqual([
      `${EAST}:east-only`,
      `${EAST}:shared`,
      `${WEST}:shared`,
      `${WEST}:west-only`,
    ]);
  });

  it("merges stuck issuance: each plane's stuck Certificates, each with its cluster", async () => {
    const res = await stuckRoute(get("/api/certificates/diagnoses"));
    expect(res.status, await res.clone().text()).toBe(200);
    const summary = (await res.json()) as StuckSummary;
    expect(summary.clusterErrors).toBeUndefined();
    // Every Certificate here names an issuer that does not exist (kubectl: none by that name on
    // either plane), so each is stuck, under its own cluster, and the two `shared` stay two items.
    expect(() => kubectl(["-n", NS, "get", "issuer", "no-such-issuer"])).toThrow(/NotFound/);
    expect(() => eastKubectl(["-n", NS, "get", "issuer", "no-such-issuer"])).toThrow(/NotFound/);
    expect(keysIn(summary.items)).toEqual(kubectlKeys());
    const ours = summary.items.filter((i) => i.namespace === NS);
    expect(new Set(ours.map((i) => i.step)).size).toBe(1);
    // Counts per step cover every item of every cluster.
    expect(summary.byStep.reduce((n, s) => n + s.count, 0)).toBe(summary.total);
    expect(summary.total).toBe(summary.items.length);
    // ?cluster= reads that cluster alone.
    const east = (await (
      await stuckRoute(get(`/api/certificates/diagnoses?cluster=${EAST}`))
    ).json()) as StuckSummary;
    expect(
      east.items
        .filter((i) => i.namespace === NS)
        .map((i) => i.name)
        .sort(),
    ).toEqual(["east-only", "shared"]);
    expect(east.items.every((i) => i.cluster === undefined)).toBe(true);
  });

  it("merges the Secrets and issuers lists with the cluster of each row", async () => {
    const secrets = (await (
      await secretsRoute(get(`/api/secrets/tls?namespace=${NS}`))
    ).json()) as ListResponse<TlsSecretRow>;
    expect(secrets.items.map((s) => `${s.cluster}:${s.name}`).sort()).toEqual([
      `${EAST}:east-tls`,
      `${WEST}:west-tls`,
    ]);
    const issuers = (await (
      await issuersRoute(get(`/api/issuers?namespace=${NS}`))
    ).json()) as ListResponse<IssuerRow>;
    expect(issuers.items.filter((i) => i.namespace === NS).map((i) => `${i.cluster}:${i.name}`)).toEqual([
      `${EAST}:east-selfsigned`,
    ]);
    // ClusterIssuers of both planes are listed, each under its own cluster.
    const clusterIssuerClusters = new Set(issuers.items.filter((i) => !i.namespace).map((i) => i.cluster));
    const westClusterIssuers = kubectl(["get", "clusterissuers", "-o", "name"]).trim();
    if (westClusterIssuers) expect(clusterIssuerClusters.has(WEST)).toBe(true);
    // The cluster filter: ?cluster= reads that cluster alone.
    const eastOnly = (await (
      await secretsRoute(get(`/api/secrets/tls?cluster=${EAST}`))
    ).json()) as ListResponse<TlsSecretRow>;
    expect(new Set(eastOnly.items.map((s) => s.cluster))).toEqual(new Set([EAST]));
    const unknown = await secretsRoute(get("/api/secrets/tls?cluster=nowhere"));
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain("cluster");
  });

  it("lists trust-manager Bundles of both planes, each with its cluster", async () => {
    // A cluster-scoped Bundle in the second plane only (its CRD is served there; no controller syncs it).
    const name = `${NS}-bundle`;
    apply(eastKubectl, {
      apiVersion: "trust.cert-manager.io/v1alpha1",
      kind: "Bundle",
      metadata: { name },
      spec: {
        sources: [{ useDefaultCAs: false }, { configMap: { name: "fleet-ca", key: "ca.crt" } }],
        target: { configMap: { key: "ca.crt" } },
      },
    });
    try {
      const bundles = (await (await bundlesRoute(get("/api/trust/bundles"))).json()) as ListResponse<
        BundleRow & { cluster: string }
      >;
      const ours = bundles.items.filter((b) => b.name === name);
      expect(ours.map((b) => b.cluster)).toEqual([EAST]);
      // Every row names its cluster, and each cluster's rows are the Bundles kubectl lists there.
      const eastNames = eastKubectl(["get", "bundles.trust.cert-manager.io", "-o", "name"])
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((n) => n.replace(/^.*\//, ""))
        .sort();
      expect(
        bundles.items
          .filter((b) => b.cluster === EAST)
          .map((b) => b.name)
          .sort(),
      ).toEqual(eastNames);
      expect(bundles.items.every((b) => b.cluster === EAST || b.cluster === WEST)).toBe(true);
    } finally {
      eastKubectl(["delete", "bundles.trust.cert-manager.io", name, "--ignore-not-found"]);
    }
  });

  it("labels every metric series with its cluster, and exports carry the cluster", async () => {
    const text = await (await metricsRoute(get("/api/metrics"))).text();
    const ready = (cluster: string, name: string) =>
      new RegExp(
        `^trustdeck_certificate_ready_status\\{cluster="${cluster}",name="${name}",namespace="${NS}",`,
        "m",
      );
    expect(text).toMatch(ready(EAST, "east-only"));
    expect(text).toMatch(ready(EAST, "shared"));
    expect(text).toMatch(ready(WEST, "shared"));
    expect(text).not.toMatch(ready(WEST, "east-only"));
    expect(text).toMatch(new RegExp(`^trustdeck_cluster_up\\{cluster="${EAST}"\\} 1$`, "m"));
    // Every series but Trustdeck's own HTTP metrics names its cluster.
    const unlabelled = text
      .split("\n")
      .filter((l) => l && !l.startsWith("#") && !l.startsWith("trustdeck_http_") && !l.includes('cluster="'));
    expect(unlabelled).toEqual([]);

    const csv = parse(await (await exportCsv(get(`/api/export/certificates.csv?namespace=${NS}`))).text(), {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.map((r) => `${r.cluster}:${r.name}`).sort()).toEqual(kubectlKeys());
    const json = (await (await exportJson(get(`/api/export/certificates.json?namespace=${NS}`))).json()) as {
      items: CertificateRow[];
    };
    expect(keysIn(json.items)).toEqual(kubectlKeys());
  });

  it("audits per cluster: the report names each cluster, its counts, and each row's cluster", async () => {
    const report = (await (await trustReportRoute(get("/api/trust/report"))).json()) as {
      rows: { cluster?: string; namespace: string; name: string }[];
      counts: Record<string, number>;
      clusters?: { cluster: string; counts: Record<string, number> }[];
    };
    expect(report.clusters?.map((c) => c.cluster)).toEqual([WEST, EAST]);
    const sum = (k: string) => (report.clusters ?? []).reduce((n, c) => n + (c.counts[k] ?? 0), 0);
    for (const k of Object.keys(report.counts)) expect(sum(k)).toBe(report.counts[k]);
    expect(report.rows.every((r) => r.cluster === WEST || r.cluster === EAST)).toBe(true);
  });

  it("draws the trust graph of both clusters side by side, grouped by cluster", async () => {
    const graph = (await (await trustGraphRoute(get(`/api/trust?namespace=${NS}`))).json()) as {
      nodes: { id: string; cluster?: string; kind: string; name: string; namespace?: string }[];
      edges: { id: string; from: string; to: string; kind: string }[];
    };
    const certs = graph.nodes.filter((n) => n.namespace === NS && n.kind.endsWith("certificate"));
    expect(certs.map((n) => `${n.cluster}:${n.name}`).sort()).toEqual(kubectlKeys());
    // The two `shared` Certificates stay two nodes; every edge stays inside its cluster.
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
    const clusterOf = new Map(graph.nodes.map((n) => [n.id, n.cluster]));
    for (const e of graph.edges) expect(clusterOf.get(e.from)).toBe(clusterOf.get(e.to));
    const groups = groupKeys(graph as never, "cluster");
    expect(new Set(groups.values())).toEqual(new Set([WEST, EAST]));
  });

  it("sends an action to the object's own cluster (kubectl on that plane sees it; the other has no such object)", async () => {
    const params = { params: Promise.resolve({ namespace: NS, name: "east-only" }) };
    const res = await renewRoute(
      post(`/api/certificates/${NS}/east-only/renew?cluster=${EAST}`, { message: "fleet-it" }),
      params,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const issuing = JSON.parse(
      eastKubectl(["-n", NS, "get", "certificate", "east-only", "-o", "jsonpath={.status.conditions}"]),
    ).find((c: { type: string }) => c.type === "Issuing");
    expect(issuing).toMatchObject({ status: "True", reason: "ManuallyTriggered" });
    // Without ?cluster= the action goes to the default cluster, where the object does not exist.
    const wrong = await renewRoute(post(`/api/certificates/${NS}/east-only/renew`, {}), params);
    expect(wrong.status).toBe(404);
  });

  it("bulk renew: plans across both planes and renews each Certificate in its own cluster (Event there)", async () => {
    const plan = await bulkRenewRoute(
      post("/api/certificates/renew", { selection: { filter: { namespace: NS } }, dryRun: true }),
    );
    expect(plan.status, await plan.clone().text()).toBe(200);
    const dry = (await plan.json()) as BulkDryRunResult;
    expect(keysIn(dry.items)).toEqual(kubectlKeys());
    // ?cluster= plans in that cluster alone.
    const eastPlan = (await (
      await bulkRenewRoute(
        post(`/api/certificates/renew?cluster=${EAST}`, {
          selection: { filter: { namespace: NS } },
          dryRun: true,
        }),
      )
    ).json()) as BulkDryRunResult;
    expect(keysIn(eastPlan.items)).toEqual([`${EAST}:east-only`, `${EAST}:shared`]);

    const message = `fleet-bulk-${Date.now().toString(36)}`;
    const res = await bulkRenewRoute(
      post("/api/certificates/renew", {
        selection: {
          names: [
            { cluster: EAST, namespace: NS, name: "shared" },
            { cluster: WEST, namespace: NS, name: "west-only" },
          ],
        },
        message,
      }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const run = (await res.json()) as BulkRunResult;
    expect(run.results.map((r) => `${r.cluster}:${r.name}:${r.ok}`).sort()).toEqual([
      `${EAST}:shared:true`,
      `${WEST}:west-only:true`,
    ]);
    // kubectl on each plane: the Event of this run is on the object in its own cluster, and only there.
    const renewEvents = (run: (args: string[]) => string, name: string) =>
      run([
        "-n",
        NS,
        "get",
        "events",
        "--field-selector",
        `involvedObject.name=${name},reason=TrustdeckRenew`,
        "-o",
        "jsonpath={.items[*].message}",
      ]);
    expect(renewEvents(eastKubectl, "shared")).toContain(message);
    expect(renewEvents(kubectl, "west-only")).toContain(message);
    expect(renewEvents(kubectl, "shared")).not.toContain(message);
    const issuing = JSON.parse(
      eastKubectl(["-n", NS, "get", "certificate", "shared", "-o", "jsonpath={.status.conditions}"]),
    ).find((c: { type: string }) => c.type === "Issuing");
    expect(issuing).toMatchObject({ status: "True", reason: "ManuallyTriggered" });

    // A name in a cluster that is not configured: 422 naming the field, nothing renewed.
    const bad = await bulkRenewRoute(
      post("/api/certificates/renew", {
        selection: { names: [{ cluster: "nowhere", namespace: NS, name: "shared" }] },
      }),
    );
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("selection.names[0].cluster");
  });

  it("lists ACME Orders of both planes (each with its cluster) and one cluster's with ?cluster=", async () => {
    // An Order in the second plane only (no controller there acts on it); kubectl is the oracle.
    apply(eastKubectl, {
      apiVersion: "acme.cert-manager.io/v1",
      kind: "Order",
      metadata: { name: "east-order", namespace: NS },
      spec: {
        request: Buffer.from("not a real CSR").toString("base64"),
        issuerRef: { name: "no-such-issuer" },
        dnsNames: ["east-only.fleet.test"],
      },
    });
    try {
      const orderKeys = (run: (args: string[]) => string, cluster: string) =>
        run(["get", "orders", "-n", NS, "-o", "jsonpath={.items[*].metadata.name}"])
          .split(/\s+/)
          .filter(Boolean)
          .map((n) => `${cluster}:${n}`);
      type OrderList = ListResponse<{ cluster?: string; namespace: string; name: string }>;
      const read = async () =>
        (await (await acmeOrdersRoute(get(`/api/acme/orders?namespace=${NS}`))).json()) as OrderList;
      // The live caches see the new Order within moments (a merged read may come first).
      let merged = await read();
      for (let i = 0; i < 100 && !keysIn(merged.items).includes(`${EAST}:east-order`); i++) {
        await new Promise((r) => setTimeout(r, 100));
        merged = await read();
      }
      expect(merged.clusterErrors).toBeUndefined();
      expect(keysIn(merged.items)).toEqual(
        [...orderKeys(kubectl, WEST), ...orderKeys(eastKubectl, EAST)].sort(),
      );
      expect(keysIn(merged.items)).toContain(`${EAST}:east-order`);
      const west = (await (
        await acmeOrdersRoute(get(`/api/acme/orders?namespace=${NS}&cluster=${WEST}`))
      ).json()) as ListResponse<{ namespace: string; name: string }>;
      expect(west.items.map((o) => o.name)).not.toContain("east-order");
    } finally {
      eastKubectl(["-n", NS, "delete", "order", "east-order", "--ignore-not-found"]);
    }
  });

  it("streams live changes of both planes, each change tagged with its cluster", async () => {
    const { received, stop } = await openEvents();
    try {
      const status = await until(() => received.find((m) => m.event === "status"), 5_000);
      expect((status.data as { clusters?: { cluster: string }[] }).clusters?.map((c) => c.cluster)).toEqual([
        WEST,
        EAST,
      ]);
      // Each plane's watches must be live before a change can arrive through them.
      await until(() => {
        const last = [...received].reverse().find((m) => m.event === "status")?.data as
          | { clusters?: { state: string }[] }
          | undefined;
        return last?.clusters?.every((c) => c.state === "live");
      }, 30_000);
      apply(eastKubectl, certificate("live-east"));
      apply(kubectl, certificate("live-west"));
      await until(() => changeOf(received, EAST, "live-east"), 10_000);
      await until(() => changeOf(received, WEST, "live-west"), 10_000);
      expect(changeOf(received, EAST, "live-east")?.data).toEqual({
        kind: "Certificate",
        type: "ADDED",
        namespace: NS,
        name: "live-east",
        cluster: EAST,
      });
      // Neither plane's object is reported under the other's name (kubectl: it is not there).
      expect(changeOf(received, WEST, "live-east")).toBeUndefined();
      expect(changeOf(received, EAST, "live-west")).toBeUndefined();
      expect(() => eastKubectl(["-n", NS, "get", "certificate", "live-west"])).toThrow(/NotFound/);
      // Deletions arrive the same way (and later tests see only the seeded objects).
      kubectl(["-n", NS, "delete", "certificate", "live-west"]);
      eastKubectl(["-n", NS, "delete", "certificate", "live-east"]);
      for (const [cluster, name] of [
        [WEST, "live-west"],
        [EAST, "live-east"],
      ] as const) {
        await until(
          () => findChange(received, { kind: "Certificate", type: "DELETED", namespace: NS, name, cluster }),
          10_000,
        );
      }
    } finally {
      await stop();
    }
  });

  it("keeps serving the first plane when the second stops, and shows the second unreachable", async () => {
    const { procs } = JSON.parse(fs.readFileSync(path.join(PLANE_DIR, "state.json"), "utf8")) as {
      procs: { pid: number; bin: string }[];
    };
    expect(procs.map((p) => path.basename(p.bin))).toEqual(["etcd", "kube-apiserver"]);
    plane("down");
    resetFleetFailures();
    // The metrics scrape started watches: the second plane's drop when their connections break.
    let { rows, dto } = await feedRows();
    for (let i = 0; i < 100 && keysIn(rows).some((k) => k.startsWith(`${EAST}:`)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      ({ rows, dto } = await feedRows());
    }
    expect(keysIn(rows)).toEqual([`${WEST}:shared`, `${WEST}:west-only`]);
    expect(dto.clusterErrors?.map((e) => e.cluster)).toEqual([EAST]);
    const secrets = (await (
      await secretsRoute(get("/api/secrets/tls"))
    ).json()) as ListResponse<TlsSecretRow>;
    expect(secrets.items.length).toBeGreaterThan(0);
    expect(secrets.clusterErrors?.map((e) => e.cluster)).toEqual([EAST]);
    const health = (await (await clustersRoute(get("/api/clusters"))).json()) as {
      clusters: { name: string; reachable: boolean; error?: string }[];
    };
    expect(health.clusters.find((c) => c.name === WEST)?.reachable).toBe(true);
    const east = health.clusters.find((c) => c.name === EAST);
    expect(east?.reachable).toBe(false);
    expect(east?.error).toBeTruthy();
    const text = await (await metricsRoute(get("/api/metrics"))).text();
    expect(text).toMatch(new RegExp(`^trustdeck_cluster_up\\{cluster="${EAST}"\\} 0$`, "m"));
    expect(text).toMatch(
      new RegExp(`^trustdeck_certificate_ready_status\\{cluster="${WEST}",name="west-only",`, "m"),
    );
    // `down` left nothing of the second plane behind: no process of it, no state folder.
    const running = (pid: number) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, "");
      } catch {
        return undefined;
      }
    };
    expect(procs.filter((p) => running(p.pid) === p.bin)).toEqual([]);
    expect(fs.existsSync(PLANE_DIR)).toBe(false);
  });

  it("keeps streaming the first plane's changes while the second is down", async () => {
    const { received, stop } = await openEvents();
    try {
      const status = (await until(() => received.find((m) => m.event === "status"), 5_000)).data as {
        state: string;
        clusters?: { cluster: string; state: string }[];
      };
      expect(status.clusters?.find((c) => c.cluster === WEST)?.state).toBe("live");
      expect(status.clusters?.find((c) => c.cluster === EAST)?.state).not.toBe("live");
      // The unreachable plane is reported in its own entry; the stream as a whole stays live.
      expect(status.state).toBe("live");
      apply(kubectl, certificate("live-west-after"));
      await until(() => changeOf(received, WEST, "live-west-after"), 10_000);
    } finally {
      await stop();
      kubectl(["-n", NS, "delete", "certificate", "live-west-after", "--ignore-not-found"]);
    }
  });
});
