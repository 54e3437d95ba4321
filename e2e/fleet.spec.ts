import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, expect, test } from "@playwright/test";
import { authToken } from "./fixtures";
import { shots } from "./screenshots";

// Many clusters in one view: a second local control plane (etcd + kube-apiserver + CRDs, started
// here by the cluster script under its own name and state folder) and an app instance of its own
// whose kubeconfig path lists both planes' kubeconfigs: every context is a cluster, one per API
// server (trustdeck-admin and fleete2e-admin). The suite's own servers stay single-cluster.
const ROOT = path.join(__dirname, "..");
const PLANE = "fleete2e";
const PLANE_DIR = path.join(ROOT, `.cluster-${PLANE}`);
const MAIN_KUBECONFIG = process.env.TRUSTDECK_KUBECONFIG ?? path.join(ROOT, ".cluster", "kubeconfig");
const EAST_KUBECONFIG = path.join(PLANE_DIR, "kubeconfig");
const WEST = "trustdeck-admin";
const EAST = `${PLANE}-admin`;
const PORT = Number(process.env.TRUSTDECK_E2E_PORT ?? 3217) + 3;
const BASE = `http://127.0.0.1:${PORT}`;
// Per run: the local plane has no namespace controller, so a deleted namespace stays Terminating.
const NS = `fleet-e2e-${Date.now().toString(36)}`;

let server: ChildProcess | undefined;
let context: BrowserContext | undefined;

function plane(cmd: "up" | "down"): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, "scripts", "cluster.mjs"), cmd], {
    env: { ...process.env, TRUSTDECK_CLUSTER_NAME: PLANE, TRUSTDECK_CLUSTER_DIR: PLANE_DIR },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`cluster ${cmd} (${PLANE}) failed:\n${res.stdout}\n${res.stderr}`);
}

function kubectlOn(kubeconfig: string, ctx: string, args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", kubeconfig, "--context", ctx, ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

function certificate(name: string): string {
  return JSON.stringify({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: NS },
    spec: {
      secretName: `${name}-tls`,
      dnsNames: [`${name}.fleet.test`],
      issuerRef: { name: "no-such-issuer" },
    },
  });
}

async function signedIn(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: BASE });
  const res = await ctx.request.get(`${BASE}/api/auth/signin?token=${encodeURIComponent(authToken())}`, {
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  return ctx;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  plane("down");
  plane("up");
  for (const [kc, ctx] of [
    [MAIN_KUBECONFIG, WEST],
    [EAST_KUBECONFIG, EAST],
  ] as const) {
    kubectlOn(
      kc,
      ctx,
      ["apply", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } }),
    );
  }
  kubectlOn(MAIN_KUBECONFIG, WEST, ["apply", "-f", "-"], certificate("west-api"));
  kubectlOn(EAST_KUBECONFIG, EAST, ["apply", "-f", "-"], certificate("east-api"));
  kubectlOn(EAST_KUBECONFIG, EAST, ["apply", "-f", "-"], certificate("east-payments"));
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  server = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TRUSTDECK_DIST_DIR: process.env.TRUSTDECK_DIST_DIR ?? ".next",
      TRUSTDECK_AUTH: "local",
      TRUSTDECK_AUTH_TOKEN: authToken(),
      TRUSTDECK_KUBECONFIG: [MAIN_KUBECONFIG, EAST_KUBECONFIG].join(path.delimiter),
      TRUSTDECK_CONTEXT: "",
    },
    stdio: "ignore",
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${BASE}/api/healthz`)).ok) break;
    } catch {}
    if (i > 240) throw new Error("the fleet instance did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
});

// Each test opens its own page; close them after it, or their live streams (one connection each)
// use up Chromium's six connections per host and later pages' requests wait forever.
test.afterEach(async () => {
  for (const p of context?.pages() ?? []) await p.close();
});

test.afterAll(async () => {
  await context?.close();
  if (server?.pid) {
    server.kill("SIGTERM");
    await new Promise((r) => server?.once("exit", r));
  }
  kubectlOn(MAIN_KUBECONFIG, WEST, ["delete", "certificates", "--all", "-n", NS, "--ignore-not-found"]);
  kubectlOn(MAIN_KUBECONFIG, WEST, ["delete", "secrets", "--all", "-n", NS, "--ignore-not-found"]);
  kubectlOn(MAIN_KUBECONFIG, WEST, ["delete", "namespace", NS, "--wait=false", "--ignore-not-found"]);
  plane("down");
  expect(fs.existsSync(PLANE_DIR)).toBe(false);
});

test("the overview shows each cluster's health and totals", async ({ browser }) => {
  context = await signedIn(browser);
  const page = await context.newPage();
  await page.goto("/");
  const strip = page.getByTestId("cluster-strip");
  await expect(strip.getByTestId("cluster-card")).toHaveCount(2);
  const east = strip.locator(`[data-cluster="${EAST}"]`);
  await expect(east).toHaveAttribute("data-reachable", "true");
  // The version kubectl reads from that plane.
  const version = JSON.parse(kubectlOn(EAST_KUBECONFIG, EAST, ["version", "-o", "json"])).serverVersion
    .gitVersion;
  await expect(east).toContainText(version);
  await expect(east).toContainText("cert-manager");
  await expect(east.getByTestId("cluster-totals")).toContainText("2 certificates");
  await expect(page.getByTestId("cluster-strip-total")).toContainText("2 clusters");
  await shots(page, "fleet-overview");
});

test("the certificate list has a Cluster column and filter, and a row opens in its own cluster", async () => {
  const page = await (context as BrowserContext).newPage();
  await page.goto(`/certificates?namespace=${NS}`);
  const rows = page.getByTestId("certificate-row");
  await expect(rows).toHaveCount(3);
  await expect(page.locator(`[data-testid="certificate-row"][data-cluster="${EAST}"]`)).toHaveCount(2);
  await expect(page.locator(`[data-testid="certificate-row"][data-cluster="${WEST}"]`)).toHaveCount(1);
  await expect(page.getByRole("columnheader", { name: /Cluster · Namespace/ })).toBeVisible();
  await shots(page, "fleet-certificates");
  await page.getByTestId("filter-cluster").selectOption(EAST);
  await expect(rows).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`cluster=${EAST}`));
  await page.locator(`[data-testid="certificate-row"][data-name="east-payments"]`).click();
  await expect(page).toHaveURL(new RegExp(`/certificates/${NS}/east-payments\\?cluster=${EAST}`));
  // The detail page reads from the second plane: the object exists only there.
  await expect(page.getByText("east-payments.fleet.test").first()).toBeVisible();
  // Its permission check asks that cluster (the admin may renew there).
  await expect(page.getByTestId("renew-button")).toBeEnabled();
  // Links from the page to related objects stay in its cluster.
  await expect(page.getByTestId("fact-issuer").getByTestId("issuer-link")).toHaveAttribute(
    "href",
    `/issuers/${NS}/no-such-issuer?cluster=${EAST}`,
  );
});

test("the trust graph draws both clusters, grouped by cluster", async () => {
  const page = await (context as BrowserContext).newPage();
  await page.goto(`/trust?namespace=${NS}`);
  await expect(page.getByTestId("group-cluster")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(`[data-testid="trust-node"][data-id^="${EAST}|"]`).first()).toBeVisible();
  await expect(page.locator(`[data-testid="trust-node"][data-id^="${WEST}|"]`).first()).toBeVisible();
  // The Certificates of the second plane are nodes of their own cluster only.
  await expect(
    page.locator(`[data-testid="trust-node"][data-id="${EAST}|leaf-certificate:${NS}/east-api"]`),
  ).toHaveCount(1);
  await expect(
    page.locator(`[data-testid="trust-node"][data-id="${WEST}|leaf-certificate:${NS}/east-api"]`),
  ).toHaveCount(0);
  await shots(page, "fleet-trust");
});

test("a summarised fleet graph opens with one collapsed group per cluster; expanding one loads only that cluster", async () => {
  const page = await (context as BrowserContext).newPage();
  await page.goto(`/trust?namespace=${NS}&summaryAt=1`);
  await expect(page.getByTestId("group-cluster")).toHaveAttribute("aria-pressed", "true");
  const east = page.locator(`[data-testid="trust-node"][data-id="group:${EAST}"]`);
  await expect(east).toHaveAttribute("data-kind", "group");
  await expect(page.locator(`[data-testid="trust-node"][data-id="group:${WEST}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="trust-node"][data-id^="${EAST}|"]`)).toHaveCount(0);
  await east.click();
  await expect(
    page.locator(`[data-testid="trust-node"][data-id="${EAST}|leaf-certificate:${NS}/east-api"]`),
  ).toBeVisible();
  // The other cluster stays one collapsed group: none of its objects are drawn.
  await expect(page.locator(`[data-testid="trust-node"][data-id^="${WEST}|"]`)).toHaveCount(0);
  await expect(page.locator(`[data-testid="trust-node"][data-id="group:${WEST}"]`)).toBeVisible();
  // Each open page holds a live-events stream: closed, so later pages keep a free connection.
  await page.close();
});

test("a Certificate made in the second plane arrives live in the merged list, stuck marker and all", async () => {
  const page = await (context as BrowserContext).newPage();
  await page.goto(`/certificates?namespace=${NS}`);
  const rows = page.getByTestId("certificate-row");
  await expect(rows).toHaveCount(3);
  // The second plane's rows carry the issuance doctor's verdict of their own cluster.
  await expect(
    page
      .locator(`[data-testid="certificate-row"][data-cluster="${EAST}"][data-name="east-api"]`)
      .getByTestId("stuck-at"),
  ).toBeVisible();
  // The header counts each cluster's live watches (both planes are up).
  await expect(page.getByTestId("live-status-clusters")).toHaveAttribute("data-live", "2", {
    timeout: 45_000,
  });
  await expect(page.getByTestId("live-status-clusters")).toHaveAttribute("data-total", "2");
  // No reload: the change reaches the page through the live stream of the second plane.
  kubectlOn(EAST_KUBECONFIG, EAST, ["apply", "-f", "-"], certificate("east-live"));
  await expect(
    page.locator(`[data-testid="certificate-row"][data-cluster="${EAST}"][data-name="east-live"]`),
  ).toBeVisible();
  await expect(rows).toHaveCount(4);
  kubectlOn(EAST_KUBECONFIG, EAST, ["-n", NS, "delete", "certificate", "east-live"]);
  await expect(rows).toHaveCount(3);
});

test("Needs attention names each problem's cluster and opens it there; the audit page has a Cluster column", async () => {
  const page = await (context as BrowserContext).newPage();
  await page.goto("/");
  const card = page.getByTestId("needs-attention");
  const showAll = card.getByTestId("attention-show-all");
  if (await showAll.isVisible()) await showAll.click();
  const eastRow = card.locator(
    `[data-testid="attention-row"][data-title="${NS}/east-api"][data-cluster="${EAST}"]`,
  );
  await expect(eastRow).toHaveCount(1);
  await expect(eastRow.getByRole("link")).toHaveAttribute("href", new RegExp(`\\?cluster=${EAST}$`));

  await page.goto("/audit");
  await expect(page.getByTestId("audit-table")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Cluster" })).toBeVisible();
  const clusters = await page
    .getByTestId("audit-row")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-cluster")));
  expect(clusters.length).toBeGreaterThan(0);
  expect(clusters.every((c) => c === WEST || c === EAST)).toBe(true);
  await page.getByTestId("filter-cluster").selectOption(WEST);
  await expect(page).toHaveURL(new RegExp(`cluster=${WEST}`));
  await expect(page.locator(`[data-testid="audit-row"][data-cluster="${EAST}"]`)).toHaveCount(0);
  await shots(page, "fleet-audit");
});

test("the gateway shows one cluster at a time, and the Bundles list has a Cluster column", async () => {
  const page = await (context as BrowserContext).newPage();
  await page.goto("/gateway");
  const picker = page.getByTestId("gateway-cluster");
  // Without ?cluster= the page shows the default cluster (the current context).
  await expect(picker).toHaveValue(WEST);
  const westRoutes = kubectlOn(MAIN_KUBECONFIG, WEST, ["get", "apisixroutes", "-A", "-o", "name"]).trim();
  if (westRoutes) await expect(page.getByTestId("gateway-row").first()).toBeVisible();
  await shots(page, "fleet-gateway");
  await picker.selectOption(EAST);
  await expect(page).toHaveURL(new RegExp(`/gateway\\?cluster=${EAST}$`));
  // The second plane has no ApisixRoutes (kubectl there agrees): its own, empty matrix.
  expect(kubectlOn(EAST_KUBECONFIG, EAST, ["get", "apisixroutes", "-A", "-o", "name"]).trim()).toBe("");
  // (The first read of a cluster's APISIX objects starts its watches: allow for a loaded machine.)
  await expect(page.getByText("No ApisixRoutes")).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId("gateway-row")).toHaveCount(0);

  // A Bundle in the second plane only (its CRD is served there; no controller syncs it).
  const bundle = `${NS}-bundle`;
  kubectlOn(
    EAST_KUBECONFIG,
    EAST,
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "trust.cert-manager.io/v1alpha1",
      kind: "Bundle",
      metadata: { name: bundle },
      spec: {
        sources: [{ configMap: { name: "fleet-ca", key: "ca.crt" } }],
        target: { configMap: { key: "ca.crt" } },
      },
    }),
  );
  try {
    await page.goto("/trust/bundles");
    await expect(page.getByRole("columnheader", { name: "Cluster" })).toBeVisible();
    await expect(page.locator(`[data-testid="bundle-row"][data-name="${bundle}"]`)).toHaveAttribute(
      "data-cluster",
      EAST,
    );
    await page.getByTestId("filter-cluster").selectOption(WEST);
    await expect(page.locator(`[data-testid="bundle-row"][data-name="${bundle}"]`)).toHaveCount(0);
  } finally {
    kubectlOn(EAST_KUBECONFIG, EAST, [
      "delete",
      "bundles.trust.cert-manager.io",
      bundle,
      "--ignore-not-found",
    ]);
  }
});
