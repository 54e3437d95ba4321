import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcServerEnv } from "../../scripts/lib/oidc.mjs";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";
import { freePort, type NextServer, startNext } from "./helpers/next-server";
import { OIDC_DIR } from "./helpers/oidc";

// A real Prometheus (Debian's /usr/bin/prometheus) scrapes Trustdeck's /api/metrics with a
// ServiceAccount token (TokenRequest), which Trustdeck accepts the kube-rbac-proxy way: TokenReview
// says who it is, SubjectAccessReview says it may `get` the non-resource URL /metrics. Trustdeck
// runs in team mode (oidc), where a request without a session has no identity of its own.

const id = crypto.randomBytes(4).toString("hex");
const ns = `it-prom-${id}`;
const role = `it-prom-metrics-${id}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "it-prom-"));
let trustdeck: NextServer;
let prometheus: ChildProcess | undefined;
let promOutput = "";
let promBase = "";
let scraperToken = "";
let strangerToken = "";

function applyYaml(yaml: string): void {
  const file = path.join(tmp, `${crypto.randomBytes(4).toString("hex")}.yaml`);
  fs.writeFileSync(file, yaml);
  kubectl(["apply", "-f", file]);
}

beforeAll(async () => {
  applyYaml(`apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: prometheus, namespace: ${ns} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: stranger, namespace: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${role} }
rules:
  - nonResourceURLs: ["/metrics"]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${role} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects:
  - { kind: ServiceAccount, name: prometheus, namespace: ${ns} }
`);
  // TokenRequest, as a kubelet-projected token would be.
  scraperToken = kubectl(["create", "token", "prometheus", "-n", ns, "--duration", "1h"]).trim();
  strangerToken = kubectl(["create", "token", "stranger", "-n", ns, "--duration", "1h"]).trim();
  trustdeck = await startNext(await freePort(), {
    ...oidcServerEnv(OIDC_DIR),
    TRUSTDECK_KUBECONFIG: KUBECONFIG,
    TRUSTDECK_CONTEXT: "trustdeck-admin",
  });
}, 120_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus?.once("exit", r));
    prometheus.kill("SIGTERM");
    await exited;
  }
  await trustdeck?.stop();
  try {
    kubectl(["delete", "clusterrolebinding,clusterrole", role, "--ignore-not-found"]);
    kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
  } catch {
    // best effort
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}, 60_000);

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${promBase}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: never[] } };
  expect(body.status).toBe("success");
  return body.data.result;
}

describe("/api/metrics for Prometheus", () => {
  it("accepts only a token the cluster authenticates and allows to get /metrics", async () => {
    const get = (token?: string) =>
      fetch(`${trustdeck.base}/api/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get()).status).toBe(401);
    expect((await get("not-a-real-token")).status).toBe(401);
    const refused = await get(strangerToken);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain(
      `system:serviceaccount:${ns}:stranger may not get the non-resource URL /metrics`,
    );
    const ok = await get(scraperToken);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^# HELP trustdeck_/m);
  }, 60_000);

  it("a real Prometheus scrapes it with a ServiceAccount token: up == 1 and trustdeck_ series arrive", async () => {
    const port = await freePort();
    promBase = `http://127.0.0.1:${port}`;
    const tokenFile = path.join(tmp, "token");
    fs.writeFileSync(tokenFile, scraperToken, { mode: 0o600 });
    const config = path.join(tmp, "prometheus.yml");
    fs.writeFileSync(
      config,
      `global: { scrape_interval: 5s, scrape_timeout: 5s }
scrape_configs:
  - job_name: trustdeck
    metrics_path: /api/metrics
    authorization: { type: Bearer, credentials_file: ${tokenFile} }
    static_configs: [{ targets: ["127.0.0.1:${trustdeck.port}"] }]
`,
    );
    prometheus = spawn(
      "/usr/bin/prometheus",
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(tmp, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--web.console.templates=/dev/null",
        "--web.console.libraries=/dev/null",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    prometheus.stdout?.on("data", (d) => {
      promOutput += d;
    });
    prometheus.stderr?.on("data", (d) => {
      promOutput += d;
    });
    let up: string | undefined;
    let series = 0;
    const until = Date.now() + 150_000;
    while (Date.now() < until && (up !== "1" || series === 0)) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        up = (await query('up{job="trustdeck"}'))[0]?.value[1];
        series = Number(
          (await query('count({__name__=~"trustdeck_.+", job="trustdeck"})'))[0]?.value[1] ?? 0,
        );
      } catch {
        // Prometheus not ready yet
      }
    }
    expect(up, promOutput.slice(-2000)).toBe("1");
    expect(series).toBeGreaterThan(0);
    const watch = await query(
      'trustdeck_http_request_duration_seconds_count{job="trustdeck", route="/api/metrics"}',
    );
    expect(watch.length).toBeGreaterThan(0);
  }, 200_000);
});
