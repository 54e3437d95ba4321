import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { adminTarget, readState, STATE_DIR } from "../../scripts/cluster.mjs";
import { apply, call, request, waitFor } from "../../scripts/lib/kube-rest.mjs";

// The production server (the `next build` output) run the way a Pod runs it: in-cluster settings from
// KUBERNETES_SERVICE_HOST/PORT and a service-account folder holding a real token of a ServiceAccount
// bound to deploy/trustdeck.yaml's ClusterRole.
const root = path.resolve(__dirname, "../..");
const distDir = process.env.TRUSTDECK_DIST_DIR ?? ".next";
const ns = `it-incluster-${crypto.randomBytes(3).toString("hex")}`;
const authToken = crypto.randomBytes(16).toString("hex");
let server: ChildProcess | undefined;
let saRoot = "";
let base = "";
let serverLog = "";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`no production build in ${distDir}: run \`next build\` first (npm test does)`);
  }
  const target = adminTarget();
  await apply(target, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  await apply(target, {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "trustdeck", namespace: ns },
  });
  const role = YAML.parseAllDocuments(fs.readFileSync(path.join(root, "deploy/trustdeck.yaml"), "utf8"))
    .map((d) => d.toJSON())
    .find((o) => o?.kind === "ClusterRole");
  await apply(target, role);
  await apply(target, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: ns },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
    subjects: [{ kind: "ServiceAccount", name: "trustdeck", namespace: ns }],
  });
  const tr = await call(target, "POST", `/api/v1/namespaces/${ns}/serviceaccounts/trustdeck/token`, {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    spec: { expirationSeconds: 3600 },
  });
  saRoot = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-sa-"));
  const saDir = path.join(saRoot, "var/run/secrets/kubernetes.io/serviceaccount");
  fs.mkdirSync(saDir, { recursive: true });
  fs.writeFileSync(path.join(saDir, "token"), tr.status.token);
  fs.copyFileSync(path.join(STATE_DIR, "certs", "apiserver.crt"), path.join(saDir, "ca.crt"));
  fs.writeFileSync(path.join(saDir, "namespace"), ns);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const apiPort = String(readState()?.ports.apiserver);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["TRUSTDECK_KUBECONFIG", "KUBECONFIG", "TRUSTDECK_CONTEXT"]) delete env[k];
  server = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: root,
      env: {
        ...env,
        NEXT_TELEMETRY_DISABLED: "1",
        TRUSTDECK_DIST_DIR: distDir,
        KUBERNETES_SERVICE_HOST: "127.0.0.1",
        KUBERNETES_SERVICE_PORT: apiPort,
        TRUSTDECK_SERVICEACCOUNT_ROOT: saRoot,
        TRUSTDECK_AUTH: "local",
        TRUSTDECK_AUTH_TOKEN: authToken,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  server.stdout?.on("data", (d) => {
    serverLog += d;
  });
  server.stderr?.on("data", (d) => {
    serverLog += d;
  });
  await waitFor(
    "the production server to answer /api/healthz",
    async () => (await fetch(`${base}/api/healthz`)).ok,
    60_000,
  ).catch((err) => {
    throw new Error(`${err.message}\n${serverLog}`);
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once("exit", r));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  if (saRoot) fs.rmSync(saRoot, { recursive: true, force: true });
  const target = adminTarget();
  await request(target, "DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${ns}`);
  await request(target, "DELETE", `/api/v1/namespaces/${ns}`);
});

describe("production server with in-cluster settings", () => {
  it("reaches the API server through the service account", async () => {
    // Without a session /api/healthz says only { ok, version } (issue 16 item 8): sign in first.
    expect(Object.keys(await (await fetch(`${base}/api/healthz`)).json()).sort()).toEqual(["ok", "version"]);
    const signIn = await fetch(`${base}/api/auth/signin?token=${authToken}`, { redirect: "manual" });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const health = await (await fetch(`${base}/api/healthz`, { headers: { cookie } })).json();
    expect(health.cluster.reachable).toBe(true);
    expect(health.cluster.server).toContain("127.0.0.1");
  });

  it("serves the inventory as the ServiceAccount, with expiry read from the Secrets", async () => {
    const signIn = await fetch(`${base}/api/auth/signin?token=${authToken}`, { redirect: "manual" });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const res = await fetch(`${base}/api/certificates?namespace=tls`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.json();
    const names = body.items.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(["selfsigned-ca", "etcd-server", "apisix-server", "curl-client"]),
    );
    const etcd = body.items.find((r: { name: string }) => r.name === "etcd-server");
    // The ClusterRole lets it read TLS Secrets, so the expiry comes from the certificate itself.
    expect(etcd.secretProblem).toBeUndefined();
    expect(etcd.notAfter).toBeTruthy();
    expect(JSON.stringify(body)).not.toContain("PRIVATE KEY");
  });
});
