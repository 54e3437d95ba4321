#!/usr/bin/env node
// @ts-check
// `npm run bench`: Trustdeck against what users do without it, at N = 1,000 / 5,000 / 20,000 /
// 50,000 certificates (BENCH_SIZES=1000,5000 to run fewer). Runs its own control plane (state in
// .cluster-bench/, binaries from the same cache as `npm run demo`), seeds N Certificates with their
// Secrets directly (no controller: the status is written as cert-manager would; 64 generated leaf
// certificates are reused across the N Secrets so seeding 50,000 takes minutes, not hours), and
// measures side by side, both sides reading all N:
//   - the inventory API (`/api/certificates/feed`: every row), cold (first request after start)
//     and warm (watch cache), p50/p95;
//   - the same warm inventory in team mode (TRUSTDECK_AUTH=token): a non-admin person (a ServiceAccount
//     token) reading the one shared watch set through the per-person filter (SelfSubjectAccessReviews
//     kept 60 s), once with a cluster-wide list grant and once with one RoleBinding per namespace;
//   - `kubectl get certificates -A -o json` + `kubectl get secrets -A --field-selector type=kubernetes.io/tls -o json`
//     and parsing every certificate with node's crypto.X509Certificate;
//   - X.509 parse + chain verification: Trustdeck's engine (first parse, and steady state: the
//     parse-once memo and the signature memo) vs node's native X509Certificate;
//   - the browser (Playwright, Chromium): navigation to first table rows; a text search, a
//     namespace filter and a sort by expiry applying (measured inside the page, from the input
//     event to the changed list painted); the trust graph's first paint; the JS heap;
//   - server memory (RSS) with the cache full.
//   - the trust graph's API: the page's first answer (`/api/trust?view=auto`: the graph whole up to
//     SUMMARY_AT objects, else a summary with every group collapsed, lib/trust/summary.ts) and the
//     largest group's answer (`?group=`, what expanding it downloads).
//   - the fleet case: from N = 20,000 (BENCH_FLEET_FROM) the N certificates are spread over two control
//     planes (the second one `bench-east`, state in .cluster-bench-east/), the app shows both as one
//     fleet (TRUSTDECK_CLUSTERS), and the kubectl way reads both planes one after the other.
// Prints a table with ratios and writes bench/results.json.
// Iterating on the list (no effect unless set):
//   - BENCH_KEEP=1 leaves the plane(s) up at the end and reuses them on the next run: the objects
//     already seeded are not seeded again (their count is kept in `<state dir>/bench-seeded`).
//     Stop them yourself afterwards: `TRUSTDECK_CLUSTER_DIR=$PWD/.cluster-bench node scripts/cluster.mjs down`
//     (and .cluster-bench-east).
//   - BENCH_ONLY=list measures only the certificate list in Chromium (first rows, search, filter,
//     sort, JS heap) at each size, prints it and writes nothing (with BENCH_DIST, no build either).
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

const SIZES = (process.env.BENCH_SIZES ?? "1000,5000,20000,50000").split(",").map(Number);
/** Distinct leaf certificates generated; Secret i carries leaf i % LEAF_POOL. */
const LEAF_POOL = 64;
const NAMESPACES = 10;
/** From this N on, the certificates are spread over two control planes (the fleet case). */
const FLEET_FROM = Number(process.env.BENCH_FLEET_FROM ?? 20_000);
const EAST = "bench-east";
const EAST_DIR = path.join(ROOT, ".cluster-bench-east");
// BENCH_DIST=<dir>: measure an existing production build (e.g. `npm test`'s .next-test) instead of building one.
const REUSED_DIST = process.env.BENCH_DIST;
const DIST = REUSED_DIST ?? ".next-bench";
const log = (/** @type {string} */ m) => console.log(`[bench] ${m}`);
const KEEP = process.env.BENCH_KEEP === "1";
const ONLY_LIST = process.env.BENCH_ONLY === "list";

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

/**
 * fetch, retried once when the server had already closed the kept-alive socket it reused (its
 * keep-alive timeout is 5 s; the kubectl measures in between take longer).
 * @param {string} url @param {RequestInit} [init]
 */
async function get(url, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      const code = /** @type {any} */ (err)?.cause?.code;
      if (attempt >= 4 || !["UND_ERR_SOCKET", "EPIPE", "ECONNRESET"].includes(code)) throw err;
    }
  }
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

const leaves = await Promise.all(Array.from({ length: LEAF_POOL }, (_, i) => makeLeaf(i)));

/**
 * Seeds certificates `from`..`to - 1` (names `svc-<offset + i>`; the second plane uses an offset so
 * every name in the fleet is distinct). @param {any} target @param {number} from @param {number} to
 * @param {number} [offset]
 */
async function seed(target, from, to, offset = 0) {
  // BENCH_KEEP: a kept plane already holds the first `kept` certificates of this run's numbering.
  const mark = path.join(offset ? EAST_DIR : cluster.STATE_DIR, "bench-seeded");
  const kept = KEEP && fs.existsSync(mark) ? Number(fs.readFileSync(mark, "utf8")) : 0;
  from = Math.max(from, kept);
  if (to <= from) return;
  for (let n = 0; n < NAMESPACES; n++)
    await apply(target, { apiVersion: "v1", kind: "Namespace", metadata: { name: `bench-${n}` } });
  const ids = Array.from({ length: to - from }, (_, k) => offset + from + k);
  const t0 = performance.now();
  await pool(ids, 64, async (i) => {
    const ns = `bench-${i % NAMESPACES}`;
    const name = `svc-${i}`;
    const leaf = /** @type {{ pem: string, notBefore: Date, notAfter: Date }} */ (leaves[i % LEAF_POOL]);
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
  log(`seeded certificates ${offset + from}..${offset + to - 1} in ${(ms(t0) / 1000).toFixed(1)}s`);
  fs.writeFileSync(mark, String(to));
}

// ------------------------------------------------------------------------------------------------
// the app

const authToken = crypto.randomBytes(16).toString("hex");

/**
 * Starts the built app. Single-user mode (default): local sign-in. Team mode (`personToken`):
 * TRUSTDECK_AUTH=token, the shared cache runs as the admin context, the person signs in with their
 * bearer token and every read passes the per-person filter.
 * With `fleet`, the app serves both control planes as one fleet.
 * @param {{ personToken?: string, fleet?: boolean }} [opts]
 */
async function startServer(opts = {}) {
  const port = await freePort();
  /** @type {Record<string, string | undefined>} */
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    TRUSTDECK_DIST_DIR: DIST,
    TRUSTDECK_KUBECONFIG: path.join(cluster.STATE_DIR, "kubeconfig"),
    TRUSTDECK_CONTEXT: "trustdeck-admin",
    // The fleet case: both planes' kubeconfigs, one admin context of each.
    ...(opts.fleet
      ? {
          TRUSTDECK_KUBECONFIG: [
            path.join(cluster.STATE_DIR, "kubeconfig"),
            path.join(EAST_DIR, "kubeconfig"),
          ].join(path.delimiter),
          TRUSTDECK_CONTEXT: undefined,
          TRUSTDECK_CLUSTERS: `trustdeck-admin,${EAST}-admin`,
        }
      : {}),
    TRUSTDECK_AUTH_TOKEN: authToken,
    // A shared 2-core machine answers a 50,000-object list page slowly; the default 10 s would fail it.
    TRUSTDECK_REQUEST_TIMEOUT_MS: "120000",
    NODE_ENV: "production",
    ...(opts.personToken ? { TRUSTDECK_AUTH: "token" } : {}),
  };
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: ROOT,
      env,
      // The server's own output goes to a file beside the bench's cluster state (read it when a measure fails).
      stdio: [
        "ignore",
        fs.openSync(path.join(cluster.STATE_DIR, "..", `.bench-server-${port}.log`), "w"),
        "inherit",
      ],
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
    await waitLive(server);
    await inventory(server, n); // the person's access answers are kept from here (60 s)
    /** @type {number[]} */
    const warm = [];
    for (let k = 0; k < (n >= 20_000 ? 10 : 20); k++) warm.push(await inventory(server, n));
    return { p50: pct(warm, 50), p95: pct(warm, 95) };
  } finally {
    server.child.kill("SIGTERM");
  }
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
  // Every row (no page limit), as the certificates page loads it.
  const res = await get(`${s.base}/api/certificates/feed`, { headers: { cookie: s.cookie } });
  const body = await res.json();
  const t = ms(t0);
  if (!res.ok || body.total < n || body.rows.rows.length < n)
    throw new Error(`inventory answered ${res.status} with ${body.total} rows (expected ${n})`);
  return t;
}

/**
 * The fleet's cold inventory: ms from the first request after start until an answer holds every
 * row of both clusters. A cluster slower than the fleet's per-cluster wait is left out of the first
 * answers (and named in `clusterErrors`), so this polls, as the page's refresh does.
 * @param {{ base: string, cookie: string }} s @param {number} n
 */
async function coldFleet(s, n) {
  const t0 = performance.now();
  for (;;) {
    const res = await get(`${s.base}/api/certificates/feed`, { headers: { cookie: s.cookie } });
    const body = await res.json();
    if (res.ok && body.total >= n && body.rows.rows.length >= n) return ms(t0);
    if (ms(t0) > 900_000) throw new Error(`fleet inventory still ${body.total} of ${n} rows after 15 min`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Waits until the server's watch cache is live (its SSE status says so). @param {{ base: string, cookie: string }} s */
async function waitLive(s) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 600_000);
  try {
    const res = await get(`${s.base}/api/events`, { headers: { cookie: s.cookie }, signal: ac.signal });
    const reader = /** @type {ReadableStreamDefaultReader<Uint8Array>} */ (res.body?.getReader());
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("event stream ended before the cache was live");
      buf += dec.decode(value, { stream: true });
      for (const m of buf.matchAll(/event: status\ndata: (.*)\n/g)) {
        // Certificates and Secrets are what is measured; another kind may still be syncing.
        const kinds = /** @type {{ kind: string, state: string }[]} */ (JSON.parse(m[1] ?? "{}").kinds ?? []);
        // A fleet's status lists each kind once per cluster: every entry of both kinds must be live.
        const mine = kinds.filter((k) => k.kind === "Certificate" || k.kind === "Secret");
        const both = new Set(mine.map((k) => k.kind)).size === 2;
        if (both && mine.every((k) => k.state === "live")) return;
      }
    }
  } catch (err) {
    if (ac.signal.aborted)
      throw new Error("the watch cache was not live after 10 min (no live status on /api/events)");
    throw err;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

/**
 * The kubectl way, over every plane that holds bench certificates (one after the other, as one
 * person at a terminal would), parsing every certificate. @param {boolean} [fleet]
 */
function kubectlWay(fleet = false) {
  const t0 = performance.now();
  let certificates = 0;
  let parsed = 0;
  const configs = [
    path.join(cluster.STATE_DIR, "kubeconfig"),
    ...(fleet ? [path.join(EAST_DIR, "kubeconfig")] : []),
  ];
  for (const kubeconfig of configs) {
    const one = kubectlOnce(kubeconfig);
    certificates += one.certificates;
    parsed += one.parsed;
  }
  return { ms: ms(t0), certificates, parsed };
}

/** @param {string} kubeconfig */
function kubectlOnce(kubeconfig) {
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
  return { certificates: items.length, parsed };
}

/**
 * Runs `action` inside the page and resolves with the ms from it to the first painted frame in which
 * `done()` holds (checked after each DOM change). Measured with the page's own clock, so Playwright's
 * polling adds nothing. @param {import("@playwright/test").Page} page @param {string} action @param {string} done
 */
async function timeInPage(page, action, done) {
  return page.evaluate(
    ([actionSrc, doneSrc]) =>
      new Promise((resolve, reject) => {
        const act = new Function(actionSrc);
        const check = /** @type {() => boolean} */ (new Function(`return (${doneSrc});`));
        const timeout = setTimeout(() => reject(new Error(`not done after 60 s: ${doneSrc}`)), 60_000);
        let t0 = 0;
        const finish = () => {
          observer.disconnect();
          requestAnimationFrame(() => {
            clearTimeout(timeout);
            resolve(performance.now() - t0);
          });
        };
        const observer = new MutationObserver(() => {
          if (check()) finish();
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
        t0 = performance.now();
        act();
      }),
    [action, done],
  );
}

const COUNT = `(document.querySelector('[data-testid="certificate-count"]')?.textContent ?? "")`;

/**
 * With BENCH_SCREENSHOTS=1: the certificate list and the grouped trust graph at this size, at 1440
 * and 390 px, light and dark, into docs/screenshots/scale-*.png.
 * @param {import("@playwright/test").Page} page @param {number} n
 */
async function screenshots(page, n) {
  const dir = path.join(ROOT, "docs", "screenshots");
  const base = new URL(page.url()).origin;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const scheme of /** @type {const} */ (["light", "dark"])) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${base}/certificates?sort=expires`);
      await page
        .getByTestId("certificate-count")
        .filter({ hasText: `${n} certificates` })
        .waitFor({ timeout: 120_000 });
      await page.screenshot({ path: path.join(dir, `scale-certificates-${n}-${width}-${scheme}.png`) });
      await page.goto(`${base}/trust`);
      await page.locator(".react-flow__node").first().waitFor({ timeout: 180_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(dir, `scale-trust-${n}-${width}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
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
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Performance.enable");
    // Warm the route once (the first compile of a page is not what users wait for in production).
    await page.goto(`${s.base}/certificates`);
    await page.getByTestId("certificate-row").first().waitFor({ timeout: 120_000 });
    /** @type {number[]} */
    const firstRows = [];
    /** @type {number[]} */
    const searches = [];
    /** @type {number[]} */
    const filters = [];
    /** @type {number[]} */
    const sorts = [];
    const all = `${n} certificates`;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      await page.goto(`${s.base}/certificates`);
      await page.getByTestId("certificate-row").first().waitFor({ timeout: 120_000 });
      firstRows.push(ms(t0));
      await page.getByTestId("certificate-count").filter({ hasText: all }).waitFor({ timeout: 120_000 });
      // A text search: one keystroke's worth of input (the list filters as you type).
      searches.push(
        await timeInPage(
          page,
          `const el = document.querySelector('[data-testid="certificate-search"]');
           Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, "svc-4242");
           el.dispatchEvent(new Event("input", { bubbles: true }));`,
          `${COUNT} !== "${all}" && ${COUNT} !== ""`,
        ),
      );
      await page.goto(`${s.base}/certificates`);
      await page.getByTestId("certificate-count").filter({ hasText: all }).waitFor({ timeout: 120_000 });
      filters.push(
        await timeInPage(
          page,
          `const el = document.querySelector('[data-testid="filter-namespace"]');
           el.value = "bench-3";
           el.dispatchEvent(new Event("change", { bubbles: true }));`,
          `${COUNT} === "${n / NAMESPACES} certificates"`,
        ),
      );
      await page.goto(`${s.base}/certificates`);
      await page.getByTestId("certificate-count").filter({ hasText: all }).waitFor({ timeout: 120_000 });
      sorts.push(
        await timeInPage(
          page,
          `[...document.querySelectorAll('[role="columnheader"] button')].find((b) => b.textContent.trim().startsWith("Expires")).click();`,
          `document.querySelector('[role="columnheader"][aria-sort="ascending"]')?.textContent.trim().startsWith("Expires") === true`,
        ),
      );
    }
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heapMb = (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN) / 2 ** 20;

    if (ONLY_LIST)
      return {
        firstRowsMs: pct(firstRows, 50),
        searchMs: pct(searches, 50),
        filterMs: pct(filters, 50),
        sortMs: pct(sorts, 50),
        heapMb,
        runs: { firstRows, searches, filters, sorts },
      };
    // The trust graph: navigation to its first painted node (groups collapsed at this size).
    /** @type {number[]} */
    const trust = [];
    let trustError;
    let trustEngine = "";
    for (let run = 0; run < 2; run++) {
      try {
        const t0 = performance.now();
        await page.goto(`${s.base}/trust`);
        await page.locator(".react-flow__node").first().waitFor({ timeout: 180_000 });
        trust.push(ms(t0));
        const canvas = page.getByTestId("trust-canvas");
        trustEngine = `${await canvas.getAttribute("data-layout-engine")} (${await canvas.getAttribute("data-layout-ms")} ms)`;
      } catch (err) {
        trustError = err instanceof Error ? err.message.split("\n")[0] : String(err);
        break;
      }
    }
    const trustMetrics = (await cdp.send("Performance.getMetrics")).metrics;
    if (process.env.BENCH_SCREENSHOTS === "1" && n === Math.max(...SIZES)) await screenshots(page, n);
    const trustHeapMb =
      (trustMetrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN) / 2 ** 20;
    return {
      firstRowsMs: pct(firstRows, 50),
      searchMs: pct(searches, 50),
      filterMs: pct(filters, 50),
      sortMs: pct(sorts, 50),
      heapMb,
      trustFirstPaintMs: trust.length ? pct(trust, 50) : null,
      trustHeapMb,
      trustLayout: trustEngine,
      ...(trustError ? { trustError } : {}),
    };
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

/**
 * The second plane of the fleet case, run by the cluster script in its own process (its state folder
 * and context names come from its environment). @param {"up" | "down"} verb
 */
function eastPlane(verb) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "scripts", "cluster.mjs"), verb], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, TRUSTDECK_CLUSTER_NAME: EAST, TRUSTDECK_CLUSTER_DIR: EAST_DIR },
  });
  if (res.status !== 0) throw new Error(`the second plane (${EAST}) did not come ${verb}`);
}

/** Admin target of the second plane (its state file, admin token and serving CA). */
function eastTarget() {
  const state = JSON.parse(fs.readFileSync(path.join(EAST_DIR, "state.json"), "utf8"));
  return {
    server: state.server,
    token: fs.readFileSync(path.join(EAST_DIR, "admin.token"), "utf8").trim(),
    ca: fs.readFileSync(path.join(EAST_DIR, "certs", "apiserver.crt"), "utf8"),
  };
}

const EAST_OFFSET = 1_000_000;
for (let k = 1; k < SIZES.length; k++) {
  if ((SIZES[k] ?? 0) <= (SIZES[k - 1] ?? 0)) throw new Error("BENCH_SIZES must be ascending");
}
const fleetSizes = SIZES.filter((n) => n >= FLEET_FROM);
for (const n of fleetSizes) {
  const before = SIZES.filter((m) => m < FLEET_FROM).at(-1) ?? 0;
  if (Math.ceil(n / 2) < before || n % (2 * NAMESPACES) !== 0)
    throw new Error(`fleet size ${n}: must be a multiple of ${2 * NAMESPACES} and at least twice ${before}`);
}

log(`control plane for the benchmark in ${cluster.STATE_DIR}`);
if (!KEEP) {
  await cluster.down({ quiet: true });
  if (fleetSizes.length) eastPlane("down");
}
try {
  await cluster.up({ certManager: false });
  const target = cluster.adminTarget();
  log(REUSED_DIST ? `measuring the existing build in ${REUSED_DIST}` : "building the app (next build)...");
  const build = REUSED_DIST
    ? { status: 0 }
    : spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TRUSTDECK_DIST_DIR: DIST },
      });
  if (build.status !== 0) throw new Error("next build failed");

  const people = ONLY_LIST ? undefined : await teamPeople(target);
  if (fleetSizes.length) eastPlane("up");
  const east = fleetSizes.length ? eastTarget() : undefined;
  let seeded = 0;
  let seededEast = 0;
  for (const n of SIZES) {
    const fleet = n >= FLEET_FROM;
    // The fleet case: half of N on each plane.
    const here = fleet ? n / 2 : n;
    await seed(target, seeded, here);
    seeded = here;
    if (fleet && east) {
      await seed(east, seededEast, n - here, EAST_OFFSET);
      seededEast = n - here;
    }
    const server = await startServer({ fleet });
    if (ONLY_LIST) {
      try {
        await inventory(server, n); // every row built once
        await waitLive(server); // and the watch cache synced, as in the full run before its browser measures
        log(`N=${n} (list only): ${JSON.stringify(await browser(server, n))}`);
      } finally {
        server.child.kill("SIGTERM");
      }
      continue;
    }
    try {
      const cold = fleet ? await coldFleet(server, n) : await inventory(server, n);
      const tLive = performance.now();
      await waitLive(server); // the watch cache synced (and parsed every Secret once)
      const syncMs = ms(tLive);
      /** @type {number[]} */
      const warm = [];
      for (let k = 0; k < (n >= 20_000 ? 10 : 20); k++) warm.push(await inventory(server, n));
      /** @type {number[]} */
      const kubectl = [];
      for (let k = 0; k < (n >= 20_000 ? 3 : 5); k++) kubectl.push(kubectlWay(fleet).ms);
      const rss = rssMb(/** @type {number} */ (server.child.pid));
      // The trust graph's API answer (what the page downloads before its first paint: the graph
      // whole up to SUMMARY_AT objects, else its summary, lib/trust/summary.ts), then the largest
      // group's answer (what expanding it downloads).
      const tTrust = performance.now();
      const trustRes = await get(`${server.base}/api/trust?view=auto`, {
        headers: { cookie: server.cookie },
      });
      const trustBody = await trustRes.arrayBuffer();
      const trustBytes = trustBody.byteLength;
      const trustApiMs = ms(tTrust);
      const trustGroups = JSON.parse(Buffer.from(trustBody).toString("utf8")).summary?.groups ?? [];
      const biggest = [...trustGroups].sort((a, b) => b.size - a.size)[0];
      let trustGroup;
      if (biggest) {
        const tGroup = performance.now();
        const res = await get(`${server.base}/api/trust?group=${encodeURIComponent(biggest.key)}`, {
          headers: { cookie: server.cookie },
        });
        const bytes = (await res.arrayBuffer()).byteLength;
        trustGroup = { ms: ms(tGroup), mb: bytes / 2 ** 20, size: biggest.size, groups: trustGroups.length };
      }
      const ui = await browser(server, n);
      results.sizes[n] = {
        inventoryColdMs: cold,
        inventoryWarmP50Ms: pct(warm, 50),
        inventoryWarmP95Ms: pct(warm, 95),
        kubectlP50Ms: pct(kubectl, 50),
        kubectlP95Ms: pct(kubectl, 95),
        cacheSyncMs: syncMs,
        serverRssMb: rss,
        browserFirstRowsMs: ui.firstRowsMs,
        browserSearchMs: ui.searchMs,
        browserFilterMs: ui.filterMs,
        browserSortMs: ui.sortMs,
        browserHeapMb: ui.heapMb,
        trustApiMs,
        trustApiMb: trustBytes / 2 ** 20,
        ...(trustGroup ? { trustGroup } : {}),
        trustFirstPaintMs: ui.trustFirstPaintMs,
        trustHeapMb: ui.trustHeapMb,
        trustLayout: ui.trustLayout,
        ...(ui.trustError ? { trustError: ui.trustError } : {}),
        serverRssAfterBrowserMb: rssMb(/** @type {number} */ (server.child.pid)),
      };
      server.child.kill("SIGTERM");
      results.sizes[n].clusters = fleet ? 2 : 1;
      // Team mode reads one cluster per person (a person's token goes to one API server), so it is
      // measured on single-plane sizes only.
      if (!fleet) {
        const team = await teamWarm(/** @type {any} */ (people).clusterWide, n);
        const teamNs = await teamWarm(/** @type {any} */ (people).perNamespace, n);
        Object.assign(results.sizes[n], {
          teamWarmP50Ms: team.p50,
          teamWarmP95Ms: team.p95,
          teamPerNamespaceWarmP50Ms: teamNs.p50,
          teamPerNamespaceWarmP95Ms: teamNs.p95,
        });
      }
      log(`N=${n}: ${JSON.stringify(results.sizes[n])}`);
      // Kept as each size finishes, so a failure at a larger N keeps the smaller ones.
      fs.mkdirSync(path.join(ROOT, "bench"), { recursive: true });
      fs.writeFileSync(
        path.join(ROOT, "bench", "results.partial.json"),
        `${JSON.stringify(results, null, 2)}\n`,
      );
    } finally {
      server.child.kill("SIGTERM");
    }
  }

  if (!ONLY_LIST) {
    // X.509 engine vs native, on 2,000 distinct certificates.
    const distinct = [];
    for (let i = 0; i < 2000; i++) distinct.push((await makeLeaf(i)).pem);
    const input = path.join(os.tmpdir(), `trustdeck-bench-${process.pid}.json`);
    fs.writeFileSync(input, JSON.stringify({ ca: caPem, leaves: distinct }));
    const tsx = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/x509.ts", input], {
      cwd: ROOT,
      encoding: "utf8",
    });
    fs.rmSync(input, { force: true });
    if (tsx.status !== 0) throw new Error(`bench/x509.ts failed: ${tsx.stderr}`);
    results.x509 = JSON.parse(tsx.stdout);
  }
} finally {
  if (!KEEP) {
    await cluster.down({ quiet: true });
    if (fleetSizes.length) eastPlane("down");
  }
  if (!REUSED_DIST) fs.rmSync(path.join(ROOT, DIST), { recursive: true, force: true });
}

// ------------------------------------------------------------------------------------------------
// report

if (ONLY_LIST) process.exit(0);

const big = results.sizes[Math.max(...SIZES)];
const bigN = Math.max(...SIZES);
const at5k = results.sizes[5000];
const x = results.x509;
const ratio = (/** @type {number | undefined} */ a, /** @type {number | undefined} */ b) =>
  typeof a === "number" && typeof b === "number" ? (a / b).toFixed(2) : "n/a";
const f0 = (/** @type {number | null | undefined} */ v) => (typeof v === "number" ? v.toFixed(0) : "n/a");
const le = (/** @type {number | null | undefined} */ v, /** @type {number} */ max) =>
  typeof v === "number" && v <= max;
const targets = [
  [
    `warm inventory <= 2% of kubectl way (N=${bigN})`,
    big.inventoryWarmP50Ms / big.kubectlP50Ms <= 0.02,
    `${((100 * big.inventoryWarmP50Ms) / big.kubectlP50Ms).toFixed(1)}%`,
  ],
  [`first rows <= 500 ms (N=${bigN})`, le(big.browserFirstRowsMs, 500), `${f0(big.browserFirstRowsMs)} ms`],
  [`text search <= 50 ms (N=${bigN})`, le(big.browserSearchMs, 50), `${f0(big.browserSearchMs)} ms`],
  [`namespace filter <= 50 ms (N=${bigN})`, le(big.browserFilterMs, 50), `${f0(big.browserFilterMs)} ms`],
  [`sort by expiry <= 50 ms (N=${bigN})`, le(big.browserSortMs, 50), `${f0(big.browserSortMs)} ms`],
  [
    `server RSS <= 1 GB (N=${bigN})`,
    le(big.serverRssAfterBrowserMb, 1024),
    `${f0(big.serverRssAfterBrowserMb)} MB`,
  ],
  [
    "parse+verify <= 1.5x native in steady state",
    x.trustdeckSteady.ms / x.nativeVerify.ms <= 1.5,
    `${ratio(x.trustdeckSteady.ms, x.nativeVerify.ms)}x`,
  ],
  ...(at5k
    ? [
        [
          "team mode warm inventory <= 1.5x single-user (N=5000, cluster-wide reader)",
          at5k.teamWarmP50Ms / at5k.inventoryWarmP50Ms <= 1.5,
          `${ratio(at5k.teamWarmP50Ms, at5k.inventoryWarmP50Ms)}x`,
        ],
        [
          "team mode warm inventory <= 1.5x single-user (N=5000, per-namespace reader)",
          at5k.teamPerNamespaceWarmP50Ms / at5k.inventoryWarmP50Ms <= 1.5,
          `${ratio(at5k.teamPerNamespaceWarmP50Ms, at5k.inventoryWarmP50Ms)}x`,
        ],
        [
          "trust graph first paint <= 1 s (N=5000)",
          le(at5k.trustFirstPaintMs, 1000),
          `${f0(at5k.trustFirstPaintMs)} ms`,
        ],
      ]
    : []),
];
results.targets = targets.map(([name, met, value]) => ({ name, met, value }));

const rows = [["measure", ...SIZES.map((n) => `N=${n}`)]];
const line = (/** @type {string} */ label, /** @type {(s: any) => string} */ f) =>
  rows.push([label, ...SIZES.map((n) => f(results.sizes[n]))]);
line("control planes (the fleet case: N spread over both)", (s) => String(s.clusters ?? 1));
line("inventory API cold, all rows (ms)", (s) => s.inventoryColdMs.toFixed(0));
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
  (s) => `${f0(s.teamWarmP50Ms)} / ${f0(s.teamWarmP95Ms)}`,
);
line(
  "team mode warm p50 / p95, per-namespace reader (ms)",
  (s) => `${f0(s.teamPerNamespaceWarmP50Ms)} / ${f0(s.teamPerNamespaceWarmP95Ms)}`,
);
line("team / single-user warm (cluster-wide reader)", (s) => ratio(s.teamWarmP50Ms, s.inventoryWarmP50Ms));
line("team / single-user warm (per-namespace reader)", (s) =>
  ratio(s.teamPerNamespaceWarmP50Ms, s.inventoryWarmP50Ms),
);
line("warm / kubectl", (s) => ratio(s.inventoryWarmP50Ms, s.kubectlP50Ms));
line("cold / kubectl", (s) => ratio(s.inventoryColdMs, s.kubectlP50Ms));
line("watch cache sync + parse all (ms)", (s) => f0(s.cacheSyncMs));
line("browser: first rows (ms)", (s) => f0(s.browserFirstRowsMs));
line("browser: text search (ms)", (s) => f0(s.browserSearchMs));
line("browser: namespace filter (ms)", (s) => f0(s.browserFilterMs));
line("browser: sort by expiry (ms)", (s) => f0(s.browserSortMs));
line("browser: JS heap, list (MB)", (s) => f0(s.browserHeapMb));
line("trust graph API: answer (ms / MB)", (s) => `${f0(s.trustApiMs)} / ${s.trustApiMb.toFixed(1)}`);
line("trust graph API: largest group (ms / MB / objects of groups)", (s) =>
  s.trustGroup
    ? `${f0(s.trustGroup.ms)} / ${s.trustGroup.mb.toFixed(1)} / ${s.trustGroup.size} of ${s.trustGroup.groups}`
    : "whole graph",
);
line("trust graph: first paint (ms)", (s) => (s.trustError ? "failed" : f0(s.trustFirstPaintMs)));
line("trust graph: layout (where, ms)", (s) => s.trustLayout || "n/a");
line("browser: JS heap, trust graph (MB)", (s) => f0(s.trustHeapMb));
line("server RSS, cache full (MB)", (s) => f0(s.serverRssMb));
line("server RSS after the browser (MB)", (s) => f0(s.serverRssAfterBrowserMb));
const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length))) ?? [];
console.log("");
for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c] ?? 0)).join("  "));
console.log("");
console.log(`X.509 on ${x.count} certificates (µs per certificate):`);
console.log(
  `  parse:                      trustdeck ${x.trustdeckParse.perCertUs.toFixed(1)}  native ${x.nativeParse.perCertUs.toFixed(1)}  ratio ${ratio(x.trustdeckParse.ms, x.nativeParse.ms)}x`,
);
console.log(
  `  parse+verify, first:        trustdeck ${x.trustdeckVerify.perCertUs.toFixed(1)}  native ${x.nativeVerify.perCertUs.toFixed(1)}  ratio ${ratio(x.trustdeckVerify.ms, x.nativeVerify.ms)}x`,
);
console.log(
  `  parse+verify, steady state: trustdeck ${x.trustdeckSteady.perCertUs.toFixed(1)}  native ${x.nativeVerify.perCertUs.toFixed(1)}  ratio ${ratio(x.trustdeckSteady.ms, x.nativeVerify.ms)}x`,
);
for (const n of SIZES)
  if (results.sizes[n].trustError) console.log(`trust graph at N=${n}: ${results.sizes[n].trustError}`);
console.log("");
for (const t of results.targets) console.log(`${t.met ? "MET   " : "MISSED"}  ${t.name}: ${t.value}`);
fs.mkdirSync(path.join(ROOT, "bench"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
log("wrote bench/results.json");
