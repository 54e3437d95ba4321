#!/usr/bin/env node
// @ts-check
// `npm run bench`: Trustdeck against what users do without it, at N = 1,000 and 5,000 certificates.
// Runs its own control plane (state in .cluster-bench/, binaries from the same cache as
// `npm run demo`), seeds N Certificates with their Secrets directly (no controller: the status is
// written as cert-manager would), and measures side by side:
//   - the inventory API, cold (first request after start) and warm (watch cache), p50/p95;
//   - the same warm inventory in team mode (TRUSTDECK_AUTH=token): a non-admin person (a ServiceAccount
//     token) reading the one shared watch set through the per-person filter (SelfSubjectAccessReviews
//     kept 60 s), once with a cluster-wide list grant and once with one RoleBinding per namespace;
//   - `kubectl get certificates -A -o json` + `kubectl get secrets -A --field-selector type=kubernetes.io/tls -o json`
//     and parsing every certificate with node's crypto.X509Certificate;
//   - X.509 parse + chain verification: Trustdeck's engine vs node's native X509Certificate;
//   - the browser: navigation to first table rows, and a filter applying (Playwright, Chromium);
//   - server memory (RSS) with the cache full.
// Prints a table with ratios and writes bench/results.json.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDeps } from "./lib/ensure-deps.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
process.env.TRUSTDECK_CLUSTER_DIR ??= path.join(ROOT, ".cluster-bench");
ensureDeps(ROOT);
const cluster = await import("./cluster.mjs");
const { apply, call } = await import("./lib/kube-rest.mjs");
await import("reflect-metadata");
const x509 = await import("@peculiar/x509");
x509.cryptoProvider.set(crypto.webcrypto);

const SIZES = (process.env.BENCH_SIZES ?? "1000,5000").split(",").map(Number);
const NAMESPACES = 10;
const DIST = ".next-bench";
const log = (/** @type {string} */ m) => console.log(`[bench] ${m}`);

/** @param {number[]} xs @param {number} p */
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const ms = (/** @type {number} */ t0) => performance.now() - t0;

/** @template T @param {T[]} items @param {number} width @param {(t: T) => Promise<void>} fn */
async function pool(items, width, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (i < items.length) await fn(/** @type {T} */ (items[i++]));
    }),
  );
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

// ------------------------------------------------------------------------------------------------
// certificates: one CA and N leaves, made with WebCrypto (fast enough for thousands)

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const caKeys = /** @type {CryptoKeyPair} */ (
  await crypto.webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])
);
const caNotBefore = new Date(Date.now() - 86400_000);
const caCert = await x509.X509CertificateGenerator.createSelfSigned({
  serialNumber: "01",
  name: "CN=bench-ca",
  notBefore: caNotBefore,
  notAfter: new Date(Date.now() + 5 * 365 * 86400_000),
  keys: caKeys,
  signingAlgorithm: alg,
  extensions: [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ],
});
const caPem = caCert.toString("pem");

/** @param {number} i */
async function makeLeaf(i) {
  const keys = /** @type {CryptoKeyPair} */ (
    await crypto.webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])
  );
  const notBefore = new Date(Date.now() - (i % 60) * 86400_000);
  const notAfter = new Date(notBefore.getTime() + (30 + (i % 400)) * 86400_000);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (i + 2).toString(16).padStart(4, "0"),
    subject: `CN=svc-${i}.bench.local`,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: `svc-${i}.bench.local` }]),
    ],
  });
  return { pem: cert.toString("pem"), notBefore, notAfter };
}

// ------------------------------------------------------------------------------------------------
// seeding: Secrets and Certificates (+ status) straight into the API server

/** @param {any} target @param {number} from @param {number} to */
async function seed(target, from, to) {
  for (let n = 0; n < NAMESPACES; n++)
    await apply(target, { apiVersion: "v1", kind: "Namespace", metadata: { name: `bench-${n}` } });
  const ids = Array.from({ length: to - from }, (_, k) => from + k);
  const t0 = performance.now();
  await pool(ids, 16, async (i) => {
    const ns = `bench-${i % NAMESPACES}`;
    const name = `svc-${i}`;
    const leaf = await makeLeaf(i);
    const b64 = (/** @type {string} */ s) => Buffer.from(s).toString("base64");
    await apply(target, {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/tls",
      metadata: {
        name: `${name}-tls`,
        namespace: ns,
        annotations: { "cert-manager.io/certificate-name": name, "cert-manager.io/issuer-name": "bench-ca" },
      },
      // The key is not part of what is measured; a placeholder keeps the Secret small.
      data: { "tls.crt": b64(leaf.pem), "ca.crt": b64(caPem), "tls.key": b64("bench placeholder") },
    });
    const cert = await apply(target, {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name, namespace: ns, labels: { "bench.trustdeck.dev/size": "n" } },
      spec: {
        secretName: `${name}-tls`,
        dnsNames: [`svc-${i}.bench.local`],
        issuerRef: { name: "bench-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    });
    const lifetime = leaf.notAfter.getTime() - leaf.notBefore.getTime();
    cert.status = {
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "Ready",
          message: "Certificate is up to date and has not expired",
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        },
      ],
      notBefore: leaf.notBefore.toISOString().replace(/\.\d+Z$/, "Z"),
      notAfter: leaf.notAfter.toISOString().replace(/\.\d+Z$/, "Z"),
      renewalTime: new Date(leaf.notAfter.getTime() - lifetime / 3).toISOString().replace(/\.\d+Z$/, "Z"),
      revision: 1,
    };
    await call(target, "PUT", `/apis/cert-manager.io/v1/namespaces/${ns}/certificates/${name}/status`, cert);
  });
  log(`seeded certificates ${from}..${to - 1} in ${(ms(t0) / 1000).toFixed(1)}s`);
}

// ------------------------------------------------------------------------------------------------
// the app

const authToken = crypto.randomBytes(16).toString("hex");

/**
 * Starts the built app. Single-user mode (default): local sign-in. Team mode (`personToken`):
 * TRUSTDECK_AUTH=token, the shared cache runs as the admin context, the person signs in with their
 * bearer token and every read passes the per-person filter.
 * @param {{ personToken?: string }} [opts]
 */
async function startServer(opts = {}) {
  const port = await freePort();
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    TRUSTDECK_DIST_DIR: DIST,
    TRUSTDECK_KUBECONFIG: path.join(cluster.STATE_DIR, "kubeconfig"),
    TRUSTDECK_CONTEXT: "trustdeck-admin",
    TRUSTDECK_AUTH_TOKEN: authToken,
    NODE_ENV: "production",
    ...(opts.personToken ? { TRUSTDECK_AUTH: "token" } : {}),
  };
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  const signIn = opts.personToken
    ? await fetch(`${base}/api/auth/signin`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ token: opts.personToken }),
      })
    : await fetch(`${base}/api/auth/signin?token=${authToken}`, { redirect: "manual" });
  if (signIn.status >= 400) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
  const cookies = signIn.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  return { child, base, cookie: cookies.join("; "), cookies };
}

/** Resident memory of a process and its descendants, in MB. @param {number} pid */
function rssMb(pid) {
  /** @type {number[]} */
  const all = [pid];
  for (let k = 0; k < all.length; k++) {
    try {
      const kids = fs
        .readFileSync(`/proc/${all[k]}/task/${all[k]}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      all.push(...kids);
    } catch {}
  }
  let kb = 0;
  for (const p of all) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

/** @param {{ base: string, cookie: string }} s @param {number} n */
async function inventory(s, n) {
  const t0 = performance.now();
  const res = await fetch(`${s.base}/api/certificates?limit=5000`, { headers: { cookie: s.cookie } });
  const body = await res.json();
  const t = ms(t0);
  if (!res.ok || body.total < n)
    throw new Error(`inventory answered ${res.status} with ${body.total} rows (expected ${n})`);
  return t;
}

function kubectlWay() {
  const kubeconfig = path.join(cluster.STATE_DIR, "kubeconfig");
  const t0 = performance.now();
  const certs = spawnSync(
    "kubectl",
    ["--kubeconfig", kubeconfig, "get", "certificates", "-A", "-o", "json"],
    { maxBuffer: 1 << 30, encoding: "utf8" },
  );
  const secrets = spawnSync(
    "kubectl",
    [
      "--kubeconfig",
      kubeconfig,
      "get",
      "secrets",
      "-A",
      "--field-selector",
      "type=kubernetes.io/tls",
      "-o",
      "json",
    ],
    { maxBuffer: 1 << 30, encoding: "utf8" },
  );
  if (certs.status !== 0 || secrets.status !== 0)
    throw new Error(`kubectl failed: ${certs.stderr}${secrets.stderr}`);
  const items = JSON.parse(certs.stdout).items;
  let parsed = 0;
  for (const s of JSON.parse(secrets.stdout).items) {
    const crt = s.data?.["tls.crt"];
    if (!crt) continue;
    const c = new crypto.X509Certificate(Buffer.from(crt, "base64"));
    if (c.validTo) parsed++;
  }
  return { ms: ms(t0), certificates: items.length, parsed };
}

/**
 * Two non-admin people for team mode, as ServiceAccounts with TokenRequest tokens: `bench-reader`
 * may get/list every kind Trustdeck reads cluster-wide (no watch, no write); `bench-ns-reader` the
 * same through one RoleBinding per bench namespace (the filter then decides per namespace).
 * @param {any} target
 * @returns {Promise<{ clusterWide: string, perNamespace: string }>}
 */
async function teamPeople(target) {
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "bench-reader" },
    rules: [
      {
        apiGroups: ["cert-manager.io"],
        resources: ["certificates", "certificaterequests", "issuers", "clusterissuers"],
        verbs: ["get", "list"],
      },
      { apiGroups: ["acme.cert-manager.io"], resources: ["orders", "challenges"], verbs: ["get", "list"] },
      {
        apiGroups: ["apisix.apache.org"],
        resources: ["apisixtlses", "apisixroutes", "apisixupstreams"],
        verbs: ["get", "list"],
      },
      { apiGroups: [""], resources: ["secrets", "events"], verbs: ["get", "list"] },
    ],
  };
  await apply(target, role);
  for (let n = 0; n < NAMESPACES; n++)
    await apply(target, { apiVersion: "v1", kind: "Namespace", metadata: { name: `bench-${n}` } });
  /** @param {string} name */
  const account = async (name) => {
    await apply(target, {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name, namespace: "default" },
    });
    const req = await call(target, "POST", `/api/v1/namespaces/default/serviceaccounts/${name}/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 7200 },
    });
    return /** @type {string} */ (req.status.token);
  };
  const subject = (/** @type {string} */ name) => ({ kind: "ServiceAccount", name, namespace: "default" });
  const roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "bench-reader" };
  await apply(target, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "bench-reader" },
    roleRef,
    subjects: [subject("bench-reader")],
  });
  for (let n = 0; n < NAMESPACES; n++)
    await apply(target, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "bench-ns-reader", namespace: `bench-${n}` },
      roleRef,
      subjects: [subject("bench-ns-reader")],
    });
  return { clusterWide: await account("bench-reader"), perNamespace: await account("bench-ns-reader") };
}

/**
 * Warm inventory p50/p95 of a team-mode server for `personToken` (20 requests after the cache synced).
 * @param {string} personToken @param {number} n
 */
async function teamWarm(personToken, n) {
  const server = await startServer({ personToken });
  try {
    await inventory(server, n);
    await new Promise((r) => setTimeout(r, 3000)); // let the watch cache sync
    await inventory(server, n); // the person's access answers are kept from here (60 s)
    /** @type {number[]} */
    const warm = [];
    for (let k = 0; k < 20; k++) warm.push(await inventory(server, n));
    return { p50: pct(warm, 50), p95: pct(warm, 95) };
  } finally {
    server.child.kill("SIGTERM");
  }
}

/** @param {{ base: string, cookies: string[] }} s @param {number} n */
async function browser(s, n) {
  const { chromium } = await import("@playwright/test");
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const ctx = await b.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addCookies(
      s.cookies.map((c) => {
        const [name, ...v] = c.split("=");
        return { name: name ?? "", value: v.join("="), url: s.base };
      }),
    );
    const page = await ctx.newPage();
    // Warm the route once (the first compile of a page is not what users wait for in production).
    await page.goto(`${s.base}/certificates`);
    await page.getByTestId("certificate-row").first().waitFor({ timeout: 60_000 });
    /** @type {number[]} */
    const firstRows = [];
    /** @type {number[]} */
    const filters = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      await page.goto(`${s.base}/certificates`);
      await page.getByTestId("certificate-row").first().waitFor({ timeout: 60_000 });
      firstRows.push(ms(t0));
      await page
        .getByTestId("certificate-count")
        .filter({ hasText: `${n} certificates` })
        .waitFor({ timeout: 60_000 });
      const t1 = performance.now();
      await page.getByTestId("filter-namespace").selectOption("bench-3");
      await page
        .getByTestId("certificate-count")
        .filter({ hasText: `${n / NAMESPACES} certificates` })
        .waitFor({ timeout: 60_000 });
      filters.push(ms(t1));
    }
    return { firstRowsMs: pct(firstRows, 50), filterMs: pct(filters, 50) };
  } finally {
    await b.close();
  }
}

// ------------------------------------------------------------------------------------------------

/** @type {any} */
const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  sizes: {},
};

log(`control plane for the benchmark in ${cluster.STATE_DIR}`);
await cluster.down({ quiet: true });
try {
  await cluster.up({ certManager: false });
  const target = cluster.adminTarget();
  log("building the app (next build)...");
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TRUSTDECK_DIST_DIR: DIST },
  });
  if (build.status !== 0) throw new Error("next build failed");

  const people = await teamPeople(target);
  let seeded = 0;
  for (const n of SIZES) {
    await seed(target, seeded, n);
    seeded = n;
    const server = await startServer();
    try {
      const cold = await inventory(server, n);
      await new Promise((r) => setTimeout(r, 3000)); // let the watch cache sync
      /** @type {number[]} */
      const warm = [];
      for (let k = 0; k < 20; k++) warm.push(await inventory(server, n));
      /** @type {number[]} */
      const kubectl = [];
      for (let k = 0; k < 5; k++) kubectl.push(kubectlWay().ms);
      const rss = rssMb(/** @type {number} */ (server.child.pid));
      const ui = await browser(server, n);
      results.sizes[n] = {
        inventoryColdMs: cold,
        inventoryWarmP50Ms: pct(warm, 50),
        inventoryWarmP95Ms: pct(warm, 95),
        kubectlP50Ms: pct(kubectl, 50),
        kubectlP95Ms: pct(kubectl, 95),
        serverRssMb: rss,
        browserFirstRowsMs: ui.firstRowsMs,
        browserFilterMs: ui.filterMs,
      };
    } finally {
      server.child.kill("SIGTERM");
    }
    const team = await teamWarm(people.clusterWide, n);
    const teamNs = await teamWarm(people.perNamespace, n);
    Object.assign(results.sizes[n], {
      teamWarmP50Ms: team.p50,
      teamWarmP95Ms: team.p95,
      teamPerNamespaceWarmP50Ms: teamNs.p50,
      teamPerNamespaceWarmP95Ms: teamNs.p95,
    });
    log(`N=${n}: ${JSON.stringify(results.sizes[n])}`);
  }

  // X.509 engine vs native, on the largest set's certificates.
  const leaves = [];
  for (let i = 0; i < Math.max(...SIZES); i++) {
    const s = await call(target, "GET", `/api/v1/namespaces/bench-${i % NAMESPACES}/secrets/svc-${i}-tls`);
    leaves.push(Buffer.from(s.data["tls.crt"], "base64").toString());
  }
  const input = path.join(os.tmpdir(), `trustdeck-bench-${process.pid}.json`);
  fs.writeFileSync(input, JSON.stringify({ ca: caPem, leaves }));
  const tsx = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/x509.ts", input], {
    cwd: ROOT,
    encoding: "utf8",
  });
  fs.rmSync(input, { force: true });
  if (tsx.status !== 0) throw new Error(`bench/x509.ts failed: ${tsx.stderr}`);
  results.x509 = JSON.parse(tsx.stdout);
} finally {
  await cluster.down({ quiet: true });
  fs.rmSync(path.join(ROOT, DIST), { recursive: true, force: true });
}

// ------------------------------------------------------------------------------------------------
// report

const big = results.sizes[Math.max(...SIZES)];
const x = results.x509;
const ratio = (/** @type {number} */ a, /** @type {number} */ b) => (a / b).toFixed(2);
const targets = [
  [
    "warm inventory < 10% of kubectl way (N=5000)",
    big.inventoryWarmP50Ms / big.kubectlP50Ms < 0.1,
    `${((100 * big.inventoryWarmP50Ms) / big.kubectlP50Ms).toFixed(1)}%`,
  ],
  [
    "cold inventory < 1.5x kubectl way (N=5000)",
    big.inventoryColdMs / big.kubectlP50Ms < 1.5,
    `${ratio(big.inventoryColdMs, big.kubectlP50Ms)}x`,
  ],
  [
    "parse+verify within 3x native",
    x.trustdeckVerify.ms / x.nativeVerify.ms <= 3,
    `${ratio(x.trustdeckVerify.ms, x.nativeVerify.ms)}x`,
  ],
  [
    "team mode warm inventory <= 1.5x single-user (N=5000, cluster-wide reader)",
    big.teamWarmP50Ms / big.inventoryWarmP50Ms <= 1.5,
    `${ratio(big.teamWarmP50Ms, big.inventoryWarmP50Ms)}x`,
  ],
  [
    "team mode warm inventory <= 1.5x single-user (N=5000, per-namespace reader)",
    big.teamPerNamespaceWarmP50Ms / big.inventoryWarmP50Ms <= 1.5,
    `${ratio(big.teamPerNamespaceWarmP50Ms, big.inventoryWarmP50Ms)}x`,
  ],
  ["first rows < 1 s at 5,000", big.browserFirstRowsMs < 1000, `${big.browserFirstRowsMs.toFixed(0)} ms`],
  ["filter < 200 ms at 5,000", big.browserFilterMs < 200, `${big.browserFilterMs.toFixed(0)} ms`],
  ["server RSS < 400 MB", big.serverRssMb < 400, `${big.serverRssMb.toFixed(0)} MB`],
];
results.targets = targets.map(([name, met, value]) => ({ name, met, value }));

const rows = [["measure", ...SIZES.map((n) => `N=${n}`)]];
const line = (/** @type {string} */ label, /** @type {(s: any) => string} */ f) =>
  rows.push([label, ...SIZES.map((n) => f(results.sizes[n]))]);
line("inventory API cold (ms)", (s) => s.inventoryColdMs.toFixed(0));
line(
  "inventory API warm p50 / p95 (ms)",
  (s) => `${s.inventoryWarmP50Ms.toFixed(0)} / ${s.inventoryWarmP95Ms.toFixed(0)}`,
);
line(
  "kubectl get x2 + parse p50 / p95 (ms)",
  (s) => `${s.kubectlP50Ms.toFixed(0)} / ${s.kubectlP95Ms.toFixed(0)}`,
);
line(
  "team mode warm p50 / p95, cluster-wide reader (ms)",
  (s) => `${s.teamWarmP50Ms.toFixed(0)} / ${s.teamWarmP95Ms.toFixed(0)}`,
);
line(
  "team mode warm p50 / p95, per-namespace reader (ms)",
  (s) => `${s.teamPerNamespaceWarmP50Ms.toFixed(0)} / ${s.teamPerNamespaceWarmP95Ms.toFixed(0)}`,
);
line("team / single-user warm (cluster-wide reader)", (s) => ratio(s.teamWarmP50Ms, s.inventoryWarmP50Ms));
line("team / single-user warm (per-namespace reader)", (s) =>
  ratio(s.teamPerNamespaceWarmP50Ms, s.inventoryWarmP50Ms),
);
line("warm / kubectl", (s) => ratio(s.inventoryWarmP50Ms, s.kubectlP50Ms));
line("cold / kubectl", (s) => ratio(s.inventoryColdMs, s.kubectlP50Ms));
line("browser: first rows (ms)", (s) => s.browserFirstRowsMs.toFixed(0));
line("browser: namespace filter (ms)", (s) => s.browserFilterMs.toFixed(0));
line("server RSS, cache full (MB)", (s) => s.serverRssMb.toFixed(0));
const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length))) ?? [];
console.log("");
for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c] ?? 0)).join("  "));
console.log("");
console.log(`X.509 on ${x.count} certificates (µs per certificate):`);
console.log(
  `  parse:         trustdeck ${x.trustdeckParse.perCertUs.toFixed(1)}  native ${x.nativeParse.perCertUs.toFixed(1)}  ratio ${ratio(x.trustdeckParse.ms, x.nativeParse.ms)}x`,
);
console.log(
  `  parse+verify:  trustdeck ${x.trustdeckVerify.perCertUs.toFixed(1)}  native ${x.nativeVerify.perCertUs.toFixed(1)}  ratio ${ratio(x.trustdeckVerify.ms, x.nativeVerify.ms)}x`,
);
console.log("");
for (const t of results.targets) console.log(`${t.met ? "MET   " : "MISSED"}  ${t.name}: ${t.value}`);
fs.mkdirSync(path.join(ROOT, "bench"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
log("wrote bench/results.json");
