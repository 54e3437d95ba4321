#!/usr/bin/env node
// @ts-check
// The local control plane: real etcd + kube-apiserver + cert-manager controller, built from Go
// modules by our wrapper modules under test/cluster/ and run on 127.0.0.1.
//
//   npm run cluster -- build    build missing binaries into the cache
//   npm run cluster -- up       build if needed, start everything, write .cluster/kubeconfig
//   npm run cluster -- seed     apply the "mTLS everywhere" scenario and wait until it is issued
//   npm run cluster -- status   what runs, on which ports, since when
//   npm run cluster -- down     stop exactly what `up` started and remove the state folder
//   npm run cluster -- env      print `export TRUSTDECK_KUBECONFIG=...` for a shell
//
// A second (third, ...) plane runs side by side under its own name and state folder, e.g.
//   TRUSTDECK_CLUSTER_NAME=east npm run cluster -- up     (state in .cluster-east/, contexts east-admin, east-viewer)
//   TRUSTDECK_CLUSTER_NAME=east npm run cluster -- down
// A named plane runs only etcd + kube-apiserver + the CRDs (no OIDC provider, no cert-manager, no
// ACME servers) unless TRUSTDECK_CLUSTER_CERT_MANAGER=true; the default plane runs everything.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDeps } from "./lib/ensure-deps.mjs";
import { OIDC_PEOPLE, prepareOidc } from "./lib/oidc.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/**
 * The plane's name (`TRUSTDECK_CLUSTER_NAME`, a DNS label), or "" for the default plane. It names the
 * state folder (`.cluster-<name>`, unless TRUSTDECK_CLUSTER_DIR says otherwise) and the kubeconfig
 * contexts (`<name>-admin`, `<name>-viewer`; the default plane keeps `trustdeck-admin`, `trustdeck-viewer`).
 */
export const CLUSTER_NAME = (process.env.TRUSTDECK_CLUSTER_NAME ?? "").trim();
if (CLUSTER_NAME && !/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(CLUSTER_NAME)) {
  throw new Error(
    `TRUSTDECK_CLUSTER_NAME: expected a DNS label (lower-case letters, digits, '-'), got "${CLUSTER_NAME}"`,
  );
}
export const STATE_DIR = path.resolve(
  process.env.TRUSTDECK_CLUSTER_DIR ??
    path.join(ROOT, CLUSTER_NAME ? `.cluster-${CLUSTER_NAME}` : ".cluster"),
);
/** Kubeconfig context names of this plane. */
export const CONTEXTS = {
  admin: `${CLUSTER_NAME || "trustdeck"}-admin`,
  viewer: `${CLUSTER_NAME || "trustdeck"}-viewer`,
};
/** A named plane runs the cert-manager controller (and OIDC, ACME) only when asked. */
const FULL_PLANE =
  !CLUSTER_NAME || /^(1|true|yes|on)$/i.test(process.env.TRUSTDECK_CLUSTER_CERT_MANAGER ?? "");
const BIN_ROOT = path.resolve(
  process.env.TRUSTDECK_BIN_DIR ?? path.join(os.homedir(), ".cache", "trustdeck", "bin"),
);

/** @typedef {{ name: string, version: string, module: string, pkg: string, bin: string, ldflags?: string }} Component */
/** What we build, from which wrapper module, and which package. @type {Component[]} */
export const COMPONENTS = [
  {
    name: "etcd",
    version: "v3.6.16",
    module: "test/cluster/etcd",
    pkg: "go.etcd.io/etcd/server/v3",
    bin: "etcd",
  },
  {
    name: "kube-apiserver",
    version: "v1.35.4",
    module: "test/cluster/kube-apiserver",
    pkg: "k8s.io/kubernetes/cmd/kube-apiserver",
    bin: "kube-apiserver",
    // What `make` would stamp in; without it /version answers "v0.0.0-master+$Format:%H$".
    ldflags: [
      "-X k8s.io/component-base/version.gitVersion=v1.35.4",
      "-X k8s.io/component-base/version.gitMajor=1",
      "-X k8s.io/component-base/version.gitMinor=35",
      "-X k8s.io/component-base/version.gitTreeState=clean",
    ].join(" "),
  },
  {
    name: "cert-manager",
    version: "v1.21.2",
    module: "test/cluster/cert-manager",
    pkg: ".",
    bin: "cert-manager-controller",
  },
  {
    name: "trust-manager",
    version: "v0.25.0",
    module: "test/cluster/trust-manager",
    pkg: ".",
    bin: "trust-manager",
  },
  {
    name: "pebble",
    version: "v2.10.3",
    module: "test/cluster/pebble",
    pkg: "github.com/letsencrypt/pebble/v2/cmd/pebble",
    bin: "pebble",
  },
];
const CERT_MANAGER_MODULE = "github.com/cert-manager/cert-manager@v1.21.2";
const TRUST_MANAGER_MODULE = "github.com/cert-manager/trust-manager@v0.25.0";
const APISIX_MODULE = "github.com/apache/apisix-ingress-controller@v1.8.4";
const APISIX_CRDS = ["ApisixTls.yaml", "ApisixRoute.yaml", "ApisixUpstream.yaml", "ApisixPluginConfig.yaml"];
const CLUSTER_RESOURCE_NAMESPACE = "cert-manager";

const log = (/** @type {string} */ msg) => console.log(`[cluster] ${msg}`);
const secs = (/** @type {number} */ t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/**
 * Where a component's binary is cached: keyed by version and by a hash of our wrapper module, so a
 * change to the wrapper (say, cert-manager's main.go) rebuilds it.
 * @param {(typeof COMPONENTS)[number]} c
 */
export function binaryPath(c) {
  const dir = path.join(ROOT, c.module);
  const hash = crypto.createHash("sha256");
  if (c.ldflags) hash.update(c.ldflags);
  for (const f of fs.readdirSync(dir).sort()) {
    if (f === "go.mod" || f === "go.sum" || f.endsWith(".go"))
      hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  return path.join(BIN_ROOT, `${c.name}-${c.version}-${hash.digest("hex").slice(0, 8)}`, c.bin);
}

// ---------------------------------------------------------------------------------------------
// build

/** Build every binary that is missing from the cache. */
export async function build({ only = /** @type {string[] | undefined} */ (undefined) } = {}) {
  for (const c of COMPONENTS) {
    if (only && !only.includes(c.name)) continue;
    const out = binaryPath(c);
    if (fs.existsSync(out)) {
      log(`${c.name} ${c.version}: cached at ${out}`);
      continue;
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.building-${process.pid}`;
    log(`building ${c.name} ${c.version} (go build ${c.pkg}) — the first build takes minutes...`);
    const t0 = Date.now();
    const ticker = setInterval(() => log(`  still building ${c.name}... ${secs(t0)}`), 30_000);
    const code = await new Promise((resolve) => {
      const args = ["build", "-trimpath", ...(c.ldflags ? ["-ldflags", c.ldflags] : []), "-o", tmp, c.pkg];
      const child = spawn("go", args, {
        cwd: path.join(ROOT, c.module),
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" },
      });
      child.on("error", (err) => resolve(err.message));
      child.on("exit", (status, signal) => resolve(status ?? signal));
    });
    clearInterval(ticker);
    if (code !== 0) {
      fs.rmSync(tmp, { force: true });
      throw new Error(
        `build step "go build ${c.pkg}" for ${c.name} ${c.version} failed (${code}) in ${c.module}; see the compiler output above`,
      );
    }
    fs.renameSync(tmp, out);
    log(`built ${c.name} ${c.version} in ${secs(t0)} -> ${out}`);
  }
}

/** @param {string} mod */
function moduleDir(mod) {
  const res = spawnSync("go", ["mod", "download", "-json", mod], { cwd: ROOT, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`go mod download ${mod} failed: ${res.stderr || res.stdout}`);
  return JSON.parse(res.stdout).Dir;
}

// ---------------------------------------------------------------------------------------------
// state

/**
 * @typedef {{ name: string, pid: number, bin: string, log: string, args?: string[] }} Proc
 * @typedef {{ zone: string, nameserver: string, directory: string, caBundleFile: string, rootFile: string, tsigKeyName: string, tsigKeyFile: string }} AcmeState
 * @typedef {{ startedAt: string, ports: Record<string, number>, procs: Proc[], server: string, acme?: AcmeState }} State
 */
const statePath = () => path.join(STATE_DIR, "state.json");

/** @returns {State | undefined} */
export function readState() {
  try {
    return JSON.parse(fs.readFileSync(statePath(), "utf8"));
  } catch {
    return undefined;
  }
}

/** @param {State} s */
function writeState(s) {
  fs.writeFileSync(statePath(), JSON.stringify(s, null, 2));
}

/** Is `pid` alive and still running the binary we started (guards against PID reuse)? */
function isOurs(/** @type {Proc} */ p) {
  try {
    const exe = fs.readlinkSync(`/proc/${p.pid}/exe`);
    return exe.replace(/ \(deleted\)$/, "") === p.bin;
  } catch {
    return false;
  }
}

/**
 * Origins Trustdeck is served from locally (demo/start, Playwright's local-mode server on 3217 and its
 * OIDC-mode server on 3219): the OIDC client's redirect URIs.
 */
const OIDC_ORIGINS = [
  "http://127.0.0.1:3000",
  "http://localhost:3000",
  "http://127.0.0.1:3217",
  "http://127.0.0.1:3219",
];

/** Status of a GET over HTTPS trusting `ca` only (0 when the connection fails). @param {string} url @param {string} ca */
function httpsGet(url, ca) {
  return new Promise((resolve) => {
    const req = https.get(url, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
  });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/**
 * @param {string} name @param {string} bin @param {string[]} args
 * @param {Record<string, string>} [env] added to this process's environment
 * @returns {Proc}
 */
function startProcess(name, bin, args, env) {
  const logFile = path.join(STATE_DIR, "logs", `${name}.log`);
  const fd = fs.openSync(logFile, "a");
  const child = spawn(bin, args, {
    detached: true,
    stdio: ["ignore", fd, fd],
    cwd: STATE_DIR,
    env: env ? { ...process.env, ...env } : process.env,
  });
  fs.closeSync(fd);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${name} (${bin})`);
  return { name, pid: child.pid, bin, log: logFile, args };
}

/** @param {Proc} p */
function tail(p, lines = 15) {
  try {
    return fs.readFileSync(p.log, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------------------------------------
// down

/** Stop exactly the processes `up` started (by PID), then remove the state folder. Idempotent. */
export async function down({ quiet = false } = {}) {
  const state = readState();
  if (state) {
    for (const p of [...state.procs].reverse()) {
      if (!isOurs(p)) continue;
      try {
        process.kill(p.pid, "SIGTERM");
      } catch {}
      const deadline = Date.now() + 10_000;
      while (isOurs(p) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (isOurs(p)) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {}
        while (isOurs(p)) await new Promise((r) => setTimeout(r, 50));
      }
      if (!quiet) log(`stopped ${p.name} (pid ${p.pid})`);
    }
  }
  if (fs.existsSync(STATE_DIR)) {
    fs.rmSync(STATE_DIR, { recursive: true, force: true });
    if (!quiet) log(`removed ${path.relative(ROOT, STATE_DIR) || STATE_DIR}`);
  } else if (!quiet) {
    log("nothing to stop");
  }
}

// ---------------------------------------------------------------------------------------------
// up

/** Target for the scripts' REST client, from the state folder. */
export function adminTarget() {
  const state = readState();
  if (!state) throw new Error("the local cluster is not up: run `npm run cluster -- up`");
  return {
    server: state.server,
    token: fs.readFileSync(path.join(STATE_DIR, "admin.token"), "utf8").trim(),
    ca: fs.readFileSync(path.join(STATE_DIR, "certs", "apiserver.crt"), "utf8"),
  };
}

/**
 * Start the plane. `certManager: false` leaves the controller out (the benchmark seeds Certificates
 * with their status written directly, which a running controller would re-issue).
 */
export async function up({ certManager = FULL_PLANE } = {}) {
  const existing = readState();
  if (existing) {
    if (existing.procs.every(isOurs)) {
      log(`already up: ${existing.server} (kubeconfig ${path.join(STATE_DIR, "kubeconfig")})`);
      return;
    }
    log("found stale state from an earlier run (a process is gone): cleaning up first");
    await down({ quiet: true });
  } else if (fs.existsSync(STATE_DIR)) {
    fs.rmSync(STATE_DIR, { recursive: true, force: true });
  }
  await build();
  ensureDeps(ROOT);
  const { call, request, apply, waitFor } = await import("./lib/kube-rest.mjs");
  const YAML = await import("yaml");

  const t0 = Date.now();
  for (const d of ["logs", "certs", "etcd-data"]) fs.mkdirSync(path.join(STATE_DIR, d), { recursive: true });
  const ports = {
    etcd: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    oidc: await freePort(),
  };
  const server = `https://127.0.0.1:${ports.apiserver}`;
  /** @type {State} */
  const state = { startedAt: new Date().toISOString(), ports, procs: [], server };
  writeState(state);

  // Identities: static tokens (admin = system:masters; viewer = read-only group; the controller).
  const tokens = {
    admin: crypto.randomBytes(24).toString("hex"),
    viewer: crypto.randomBytes(24).toString("hex"),
    controller: crypto.randomBytes(24).toString("hex"),
  };
  fs.writeFileSync(
    path.join(STATE_DIR, "tokens.csv"),
    [
      `${tokens.admin},trustdeck-admin,trustdeck-admin,"system:masters"`,
      `${tokens.viewer},trustdeck-viewer,trustdeck-viewer,"trustdeck:viewers"`,
      `${tokens.controller},cert-manager,cert-manager,"system:masters"`,
    ].join("\n"),
    { mode: 0o600 },
  );
  fs.writeFileSync(path.join(STATE_DIR, "admin.token"), tokens.admin, { mode: 0o600 });
  fs.writeFileSync(path.join(STATE_DIR, "viewer.token"), tokens.viewer, { mode: 0o600 });
  const sa = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  fs.writeFileSync(path.join(STATE_DIR, "certs", "sa.pub"), sa.publicKey);
  fs.writeFileSync(path.join(STATE_DIR, "certs", "sa.key"), sa.privateKey, { mode: 0o600 });

  const [etcdC, apiC, cmC, tmC] = /** @type {[Component, Component, Component, Component]} */ (COMPONENTS);
  log(`starting etcd on 127.0.0.1:${ports.etcd}`);
  state.procs.push(
    startProcess("etcd", binaryPath(etcdC), [
      "--name=trustdeck",
      `--data-dir=${path.join(STATE_DIR, "etcd-data")}`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-cluster=trustdeck=http://127.0.0.1:${ports.etcdPeer}`,
      "--unsafe-no-fsync=true",
      "--log-level=warn",
    ]),
  );
  writeState(state);
  await waitFor(
    "etcd /health",
    async () => {
      const etcdProc = /** @type {Proc} */ (state.procs[0]);
      if (!isOurs(etcdProc)) throw new Error(`etcd exited:\n${tail(etcdProc)}`);
      const res = await fetch(`http://127.0.0.1:${ports.etcd}/health`);
      return res.ok;
    },
    30_000,
  );

  // The identity provider first: kube-apiserver fetches its discovery document at start. A named
  // plane without cert-manager leaves it out (etcd + kube-apiserver + CRDs only).
  const oidc = FULL_PLANE ? await startOidc(state, ports) : undefined;

  log(`starting kube-apiserver on ${server}`);
  state.procs.push(
    startProcess("kube-apiserver", binaryPath(apiC), [
      `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
      `--cert-dir=${path.join(STATE_DIR, "certs")}`,
      `--secure-port=${ports.apiserver}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      "--service-cluster-ip-range=10.0.0.0/24",
      "--allow-privileged=true",
      "--disable-admission-plugins=ServiceAccount",
      "--authorization-mode=RBAC",
      `--token-auth-file=${path.join(STATE_DIR, "tokens.csv")}`,
      ...(oidc ? [`--authentication-config=${oidc.authConfigFile}`] : []),
      `--service-account-issuer=${server}/`,
      `--service-account-key-file=${path.join(STATE_DIR, "certs", "sa.pub")}`,
      `--service-account-signing-key-file=${path.join(STATE_DIR, "certs", "sa.key")}`,
      "--profiling=false",
      "--v=0",
    ]),
  );
  writeState(state);
  const apiProc = /** @type {Proc} */ (state.procs.find((p) => p.name === "kube-apiserver"));
  const caFile = path.join(STATE_DIR, "certs", "apiserver.crt");
  await waitFor(
    "kube-apiserver /readyz",
    async () => {
      if (!isOurs(apiProc)) throw new Error(`kube-apiserver exited:\n${tail(apiProc)}`);
      if (!fs.existsSync(caFile)) return false;
      const res = await request(adminTarget(), "GET", "/readyz", undefined, { timeoutMs: 2000 });
      return res.status === 200;
    },
    90_000,
    500,
  ).catch((err) => {
    throw new Error(`${err.message}\n--- kube-apiserver log ---\n${tail(apiProc, 30)}`);
  });
  log(`kube-apiserver ready after ${secs(t0)}`);
  const target = adminTarget();

  writeKubeconfig(server, caFile, tokens);

  // RBAC for the viewer: read cert-manager and APISIX objects, Events and Namespaces; no Secrets.
  for (const doc of YAML.parseAllDocuments(
    fs.readFileSync(path.join(ROOT, "scripts/seed/viewer-rbac.yaml"), "utf8"),
  )) {
    await apply(target, doc.toJSON());
  }

  // RBAC for the people of the OIDC provider: alice (platform-admins), bob (team-payments), carol.
  for (const doc of YAML.parseAllDocuments(
    fs.readFileSync(path.join(ROOT, "scripts/seed/team-rbac.yaml"), "utf8"),
  )) {
    await apply(target, doc.toJSON());
  }

  // CRDs from the module cache: cert-manager's own, and APISIX's.
  /** @type {string[]} */
  const crdFiles = [];
  const cmDir = moduleDir(CERT_MANAGER_MODULE);
  for (const f of fs.readdirSync(path.join(cmDir, "deploy", "crds")).sort()) {
    if (f.endsWith(".yaml")) crdFiles.push(path.join(cmDir, "deploy", "crds", f));
  }
  crdFiles.push(
    path.join(moduleDir(TRUST_MANAGER_MODULE), "deploy", "crds", "trust.cert-manager.io_bundles.yaml"),
  );
  const apisixDir = moduleDir(APISIX_MODULE);
  for (const f of APISIX_CRDS) crdFiles.push(path.join(apisixDir, "samples", "deploy", "crd", "v1", f));
  /** @type {string[]} */
  const crdNames = [];
  for (const file of crdFiles) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
      const obj = doc.toJSON();
      if (obj?.kind !== "CustomResourceDefinition") continue;
      await apply(target, obj);
      crdNames.push(obj.metadata.name);
    }
  }
  await waitFor(
    `CRDs Established (${crdNames.length})`,
    async () => {
      for (const name of crdNames) {
        const crd = await call(
          target,
          "GET",
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
        );
        const est = crd.status?.conditions?.find((/** @type {any} */ c) => c.type === "Established");
        if (est?.status !== "True") return false;
      }
      return true;
    },
    60_000,
  );
  log(
    `applied ${crdNames.length} CRDs (cert-manager ${CERT_MANAGER_MODULE.split("@")[1]}, trust-manager ${TRUST_MANAGER_MODULE.split("@")[1]}, APISIX ${APISIX_MODULE.split("@")[1]})`,
  );

  await apply(target, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: CLUSTER_RESOURCE_NAMESPACE },
  });
  if (!certManager) {
    log(`up in ${secs(t0)} without the cert-manager controller: ${server}`);
    log(`kubeconfig: ${path.join(STATE_DIR, "kubeconfig")} (contexts ${CONTEXTS.admin}, ${CONTEXTS.viewer})`);
    return;
  }
  const acme = await startAcme(state);
  log("starting cert-manager controller");
  const cmProc = startProcess("cert-manager", binaryPath(cmC), [
    `--kubeconfig=${path.join(STATE_DIR, "controller.kubeconfig")}`,
    `--cluster-resource-namespace=${CLUSTER_RESOURCE_NAMESPACE}`,
    // BIND is the only nameserver cert-manager asks, for DNS-01 propagation and HTTP-01 self checks.
    `--dns01-recursive-nameservers=${acme.nameserver}`,
    "--dns01-recursive-nameservers-only",
    `--acme-http01-solver-nameservers=${acme.nameserver}`,
    "--dns01-check-retry-period=2s",
    "--v=1",
  ]);
  state.procs.push(cmProc);
  writeState(state);
  await waitUntilIssuing(target, cmProc);
  // trust-manager's Bundle controller: sources from the cluster resource namespace, ConfigMap and
  // Secret targets in every namespace.
  log("starting trust-manager");
  const tmProc = startProcess("trust-manager", binaryPath(tmC), [
    `--kubeconfig=${path.join(STATE_DIR, "controller.kubeconfig")}`,
    `--trust-namespace=${CLUSTER_RESOURCE_NAMESPACE}`,
    "--secret-targets-enabled=true",
    "--leader-elect=false",
    "--log-level=1",
  ]);
  state.procs.push(tmProc);
  writeState(state);
  await new Promise((r) => setTimeout(r, 500));
  if (!isOurs(tmProc)) throw new Error(`trust-manager exited:\n${tail(tmProc)}`);
  log(`up in ${secs(t0)}: ${server}`);
  log(`kubeconfig: ${path.join(STATE_DIR, "kubeconfig")} (contexts ${CONTEXTS.admin}, ${CONTEXTS.viewer})`);
  log(
    `OIDC provider: ${oidc?.issuer}, people ${OIDC_PEOPLE.map((p) => p.username).join(", ")} (passwords in ${path.join(STATE_DIR, "oidc", "config.json")})`,
  );
}

/**
 * Start the plane's OIDC provider (kube-apiserver fetches its discovery document at start).
 * @param {State} state @param {{ oidc: number }} ports
 */
async function startOidc(state, ports) {
  const { waitFor } = await import("./lib/kube-rest.mjs");
  const oidc = prepareOidc({ dir: path.join(STATE_DIR, "oidc"), port: ports.oidc, origins: OIDC_ORIGINS });
  log(`starting the OIDC provider on ${oidc.issuer}`);
  const oidcProc = startProcess("oidc-provider", process.execPath, [
    path.join(ROOT, "scripts", "oidc-provider.mjs"),
    path.join(STATE_DIR, "oidc"),
  ]);
  state.procs.push(oidcProc);
  writeState(state);
  const oidcCa = fs.readFileSync(oidc.caFile, "utf8");
  await waitFor(
    "OIDC provider discovery",
    async () => {
      if (!isOurs(oidcProc)) throw new Error(`oidc-provider exited:\n${tail(oidcProc)}`);
      const res = await httpsGet(`${oidc.issuer}/.well-known/openid-configuration`, oidcCa);
      return res === 200;
    },
    30_000,
  );

  return oidc;
}

/**
 * Start BIND 9 (authoritative for the ACME zone, RFC 2136 updates with a TSIG key) and Pebble
 * (ACME server validating DNS-01 against that BIND), and record how to reach them in the state.
 * @param {State} state
 * @returns {Promise<AcmeState>}
 */
async function startAcme(state) {
  const { waitFor } = await import("./lib/kube-rest.mjs");
  const plane = await import("./lib/acme-plane.mjs");
  const t0 = Date.now();
  const { named, tsigKeygen } = plane.ensureBind(log);
  const ports = {
    dns: await freePort(),
    acme: await freePort(),
    acmeManagement: await freePort(),
    http01: await freePort(),
    tlsAlpn01: await freePort(),
  };
  Object.assign(state.ports, ports);
  const bindDir = path.join(STATE_DIR, "bind");
  const { conf } = plane.writeBindConfig(bindDir, ports.dns, tsigKeygen);
  log(`starting BIND 9 (named) for ${plane.ACME_ZONE} on 127.0.0.1:${ports.dns}`);
  const bind = startProcess("bind", named, ["-g", "-4", "-c", conf]);
  state.procs.push(bind);
  writeState(state);

  const pebbleDir = path.join(STATE_DIR, "pebble");
  const tls = plane.writePebbleTls(pebbleDir);
  const config = plane.writePebbleConfig(pebbleDir, ports, tls);
  const pebbleC = /** @type {Component} */ (COMPONENTS.find((c) => c.name === "pebble"));
  log(`starting Pebble (ACME) on https://127.0.0.1:${ports.acme}/dir`);
  const pebble = startProcess(
    "pebble",
    binaryPath(pebbleC),
    ["-config", config, "-dnsserver", `127.0.0.1:${ports.dns}`],
    plane.PEBBLE_ENV,
  );
  state.procs.push(pebble);
  writeState(state);

  await waitFor(
    "BIND 9 to listen",
    async () => {
      if (!isOurs(bind)) throw new Error(`named exited:\n${tail(bind)}`);
      return fs.readFileSync(bind.log, "utf8").includes("running") && (await plane.tcpOpen(ports.dns));
    },
    30_000,
  );
  const ca = fs.readFileSync(tls.ca, "utf8");
  const directory = `https://127.0.0.1:${ports.acme}/dir`;
  /** @type {string} */
  let root = "";
  await waitFor(
    "Pebble's directory and its root CA",
    async () => {
      if (!isOurs(pebble)) throw new Error(`pebble exited:\n${tail(pebble)}`);
      const dir = await plane.httpsGet(directory, ca).catch(() => undefined);
      if (dir?.status !== 200) return false;
      // The issuing root is made per start: read it from the management interface.
      const r = await plane.httpsGet(`https://127.0.0.1:${ports.acmeManagement}/roots/0`, ca);
      root = r.text;
      return r.status === 200;
    },
    30_000,
  );
  const rootFile = path.join(pebbleDir, "root.pem");
  fs.writeFileSync(rootFile, root);
  /** @type {AcmeState} */
  const acme = {
    zone: plane.ACME_ZONE,
    nameserver: `127.0.0.1:${ports.dns}`,
    directory,
    caBundleFile: tls.ca,
    rootFile,
    tsigKeyName: plane.TSIG_KEY_NAME,
    tsigKeyFile: path.join(bindDir, "tsig.key"),
  };
  state.acme = acme;
  writeState(state);
  log(`BIND 9 and Pebble up in ${secs(t0)}`);
  return acme;
}

/**
 * @param {string} server @param {string} caFile
 * @param {{ admin: string, viewer: string, controller: string }} tokens
 */
function writeKubeconfig(server, caFile, tokens) {
  const ca = fs.readFileSync(caFile).toString("base64");
  /** @param {Record<string, string>} users @param {string} current */
  const config = (users, current) =>
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `  - name: ${CLUSTER_NAME ? `trustdeck-${CLUSTER_NAME}` : "trustdeck-local"}`,
      "    cluster:",
      `      server: ${server}`,
      `      certificate-authority-data: ${ca}`,
      "contexts:",
      ...Object.keys(users).flatMap((u) => [
        `  - name: ${u}`,
        "    context:",
        `      cluster: ${CLUSTER_NAME ? `trustdeck-${CLUSTER_NAME}` : "trustdeck-local"}`,
        `      user: ${u}`,
      ]),
      `current-context: ${current}`,
      "users:",
      ...Object.entries(users).flatMap(([u, t]) => [`  - name: ${u}`, "    user:", `      token: ${t}`]),
      "",
    ].join("\n");
  fs.writeFileSync(
    path.join(STATE_DIR, "kubeconfig"),
    config({ [CONTEXTS.admin]: tokens.admin, [CONTEXTS.viewer]: tokens.viewer }, CONTEXTS.admin),
    { mode: 0o600 },
  );
  fs.writeFileSync(
    path.join(STATE_DIR, "controller.kubeconfig"),
    config({ "cert-manager": tokens.controller }, "cert-manager"),
    { mode: 0o600 },
  );
}

/** A canary Certificate proves the controller issues; it is removed again afterwards. */
async function waitUntilIssuing(/** @type {any} */ target, /** @type {Proc} */ proc) {
  const { call, request, apply, waitFor } = await import("./lib/kube-rest.mjs");
  const ns = CLUSTER_RESOURCE_NAMESPACE;
  const base = `/apis/cert-manager.io/v1/namespaces/${ns}`;
  const t0 = Date.now();
  await apply(target, {
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "trustdeck-canary", namespace: ns },
    spec: { selfSigned: {} },
  });
  await apply(target, {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "trustdeck-canary", namespace: ns },
    spec: {
      secretName: "trustdeck-canary",
      commonName: "canary",
      issuerRef: { name: "trustdeck-canary", kind: "Issuer" },
    },
  });
  await waitFor(
    "the cert-manager controller to issue a canary certificate",
    async () => {
      if (!isOurs(proc)) throw new Error(`cert-manager controller exited:\n${tail(proc)}`);
      const cert = await call(target, "GET", `${base}/certificates/trustdeck-canary`);
      return cert.status?.conditions?.some(
        (/** @type {any} */ c) => c.type === "Ready" && c.status === "True",
      );
    },
    120_000,
    500,
  ).catch((err) => {
    throw new Error(`${err.message}\n--- cert-manager log ---\n${tail(proc, 30)}`);
  });
  // No kube-controller-manager here means no garbage collector: delete the dependents ourselves.
  await request(target, "DELETE", `${base}/certificates/trustdeck-canary`);
  await request(target, "DELETE", `${base}/certificaterequests`);
  await request(target, "DELETE", `/api/v1/namespaces/${ns}/secrets/trustdeck-canary`);
  await request(target, "DELETE", `${base}/issuers/trustdeck-canary`);
  log(`cert-manager controller issues (canary Ready in ${secs(t0)})`);
}

/**
 * Stop kube-apiserver and start it again with the same flags (etcd keeps the data), for tests of
 * what the app does while the API server is away. Resolves once it is ready again.
 * @param {{ downMs?: number }} [opts] how long it stays down
 */
export async function restartApiServer({ downMs = 3000 } = {}) {
  const { request, waitFor } = await import("./lib/kube-rest.mjs");
  const state = readState();
  const i = state?.procs.findIndex((p) => p.name === "kube-apiserver") ?? -1;
  const old = state?.procs[i];
  if (!state || !old?.args) throw new Error("no kube-apiserver started by `up` to restart");
  // SIGKILL, as a crash or a lost node would: a graceful stop keeps existing watches open while it drains.
  if (isOurs(old)) process.kill(old.pid, "SIGKILL");
  while (isOurs(old)) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, downMs));
  const next = startProcess("kube-apiserver", old.bin, old.args);
  state.procs[i] = next;
  writeState(state);
  await waitFor(
    "kube-apiserver /readyz after restart",
    async () =>
      (await request(adminTarget(), "GET", "/readyz", undefined, { timeoutMs: 2000 })).status === 200,
    90_000,
    500,
  );
}

// ---------------------------------------------------------------------------------------------
// seed

const SEEDED_READY = [
  ["tls", "selfsigned-ca"],
  ["tls", "etcd-server"],
  ["tls", "apisix-client"],
  ["tls", "apisix-server"],
  ["tls", "curl-client"],
  ["tls", "upstream-server"],
  ["payments", "payments-ca"],
  ["payments", "short-lived"],
  ["payments", "payments-api"],
];

/** Apply the scenario and wait until cert-manager has issued every certificate that can be. */
export async function seed() {
  ensureDeps(ROOT);
  const { call, apply, waitFor } = await import("./lib/kube-rest.mjs");
  const YAML = await import("yaml");
  const target = adminTarget();
  const t0 = Date.now();
  const docs = YAML.parseAllDocuments(
    fs.readFileSync(path.join(ROOT, "scripts/seed/mtls-everywhere.yaml"), "utf8"),
  );
  for (const doc of docs) {
    const obj = doc.toJSON();
    if (obj) await apply(target, obj);
  }

  // A TLS Secret nobody manages (as left behind by a hand-made `kubectl create secret tls`).
  const legacy = await call(target, "GET", "/api/v1/namespaces/payments/secrets/legacy-unmanaged-tls").catch(
    () => undefined,
  );
  if (!legacy) {
    const { cert, key } = selfSignedWithOpenssl("legacy.payments.local", 400);
    await apply(target, {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/tls",
      metadata: { name: "legacy-unmanaged-tls", namespace: "payments" },
      data: {
        "tls.crt": Buffer.from(cert).toString("base64"),
        "tls.key": Buffer.from(key).toString("base64"),
      },
    });
  }

  // CertificateRequests for an external issuer group: the built-in approver leaves them alone,
  // so they wait for a human to approve or deny them.
  for (const name of ["pending-approval", "pending-deny"]) {
    const existing = await call(
      target,
      "GET",
      `/apis/cert-manager.io/v1/namespaces/payments/certificaterequests/${name}`,
    ).catch(() => undefined);
    if (existing) continue;
    const csr = csrWithOpenssl(`${name}.payments.local`);
    await apply(target, {
      apiVersion: "cert-manager.io/v1",
      kind: "CertificateRequest",
      metadata: { name, namespace: "payments" },
      spec: {
        request: Buffer.from(csr).toString("base64"),
        issuerRef: { group: "issuers.example.com", kind: "ExternalIssuer", name: "external-ca" },
        usages: ["digital signature", "key encipherment", "server auth"],
        duration: "2160h",
      },
    });
  }

  await waitFor(
    `the ${SEEDED_READY.length} seeded certificates to be Ready`,
    async () => {
      for (const [ns, name] of SEEDED_READY) {
        const c = await call(target, "GET", `/apis/cert-manager.io/v1/namespaces/${ns}/certificates/${name}`);
        const ready = c.status?.conditions?.some(
          (/** @type {any} */ x) => x.type === "Ready" && x.status === "True",
        );
        if (!ready) return false;
      }
      return true;
    },
    180_000,
    500,
  );
  log(`seeded the "mTLS everywhere" scenario in ${secs(t0)} (namespaces tls, payments)`);

  const state = readState();
  if (state?.acme) {
    const { seedAcme } = await import("./seed/acme.mjs");
    await seedAcme(target, state.acme, {
      log,
      // The certificate of one key pair with the private key of another.
      mismatchedPair: () => ({
        cert: selfSignedWithOpenssl("mismatch.acme.example.local", 90).cert,
        key: selfSignedWithOpenssl("mismatch.acme.example.local", 90).key,
      }),
    });
  }
}

/** @param {string} cn @param {number} days */
function selfSignedWithOpenssl(cn, days) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-seed-"));
  try {
    const res = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        String(days),
        "-subj",
        `/CN=${cn}/O=Legacy Ops`,
        "-addext",
        `subjectAltName=DNS:${cn}`,
        "-keyout",
        path.join(dir, "k.pem"),
        "-out",
        path.join(dir, "c.pem"),
      ],
      { encoding: "utf8" },
    );
    if (res.status !== 0) throw new Error(`openssl req -x509 failed: ${res.stderr}`);
    return {
      cert: fs.readFileSync(path.join(dir, "c.pem"), "utf8"),
      key: fs.readFileSync(path.join(dir, "k.pem"), "utf8"),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {string} cn */
function csrWithOpenssl(cn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-seed-"));
  try {
    const res = spawnSync(
      "openssl",
      [
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        `/CN=${cn}`,
        "-addext",
        `subjectAltName=DNS:${cn}`,
        "-keyout",
        path.join(dir, "k.pem"),
        "-out",
        path.join(dir, "r.pem"),
      ],
      { encoding: "utf8" },
    );
    if (res.status !== 0) throw new Error(`openssl req -new failed: ${res.stderr}`);
    return fs.readFileSync(path.join(dir, "r.pem"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// status

export async function status() {
  const state = readState();
  if (!state) {
    log("down (no state folder)");
    return false;
  }
  const since = new Date(state.startedAt);
  const mins = Math.round((Date.now() - since.getTime()) / 60000);
  log(`state: ${STATE_DIR}, started ${state.startedAt} (${mins} min ago)`);
  const portOf = {
    etcd: state.ports.etcd,
    "kube-apiserver": state.ports.apiserver,
    "cert-manager": undefined,
    bind: state.ports.dns,
    pebble: state.ports.acme,
  };
  let ok = true;
  for (const p of state.procs) {
    const alive = isOurs(p);
    ok &&= alive;
    const port = portOf[/** @type {keyof typeof portOf} */ (p.name)];
    log(
      `  ${p.name.padEnd(15)} pid ${String(p.pid).padEnd(8)} ${alive ? "running" : "NOT RUNNING"}${port ? `  127.0.0.1:${port}` : ""}`,
    );
  }
  if (state.acme) {
    log(`  ACME directory: ${state.acme.directory} (management 127.0.0.1:${state.ports.acmeManagement})`);
    log(`  DNS-01 zone: ${state.acme.zone} at ${state.acme.nameserver} (TSIG key ${state.acme.tsigKeyName})`);
  }
  log(`  kubeconfig: ${path.join(STATE_DIR, "kubeconfig")}`);
  return ok;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const cmd = process.argv[2];
  try {
    switch (cmd) {
      case "build":
        // `build [name...]` builds only the named components (default: every one).
        await build({ only: process.argv.length > 3 ? process.argv.slice(3) : undefined });
        break;
      case "up":
        await up(process.argv.includes("--no-cert-manager") ? { certManager: false } : {});
        break;
      case "seed":
        await seed();
        break;
      case "down":
        await down();
        break;
      case "status":
        process.exitCode = (await status()) ? 0 : 1;
        break;
      case "restart-apiserver":
        await restartApiServer({ downMs: Number(process.argv[3] ?? 3000) });
        log("kube-apiserver restarted");
        break;
      case "env":
        console.log(`export TRUSTDECK_KUBECONFIG=${path.join(STATE_DIR, "kubeconfig")}`);
        break;
      default:
        console.error(
          "usage: npm run cluster -- build | up | seed | status | down | env | restart-apiserver [down-ms]",
        );
        process.exitCode = 2;
    }
  } catch (err) {
    console.error(`[cluster] ${cmd} failed: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
