import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { signInThroughProvider } from "../test/integration/helpers/oidc";

// Issue 15 point 3 in the browser: Trustdeck in token sign-in mode (its own watch set runs as the
// admin context), bob and carol sign in with the ID tokens the real OIDC provider gave them, and each
// page shows only what `kubectl get` as them lists; a Certificate made in `payments` reaches bob's
// open page live, one made elsewhere never does.

const ROOT = path.join(__dirname, "..");
const KUBECONFIG = process.env.TRUSTDECK_KUBECONFIG ?? path.join(ROOT, ".cluster", "kubeconfig");
const suffix = crypto.randomBytes(3).toString("hex");
const inside = `e2e-team-in-${suffix}`;
const outside = `e2e-team-out-${suffix}`;

function kubectl(args: string[], opts: { token?: string; input?: string } = {}): string {
  return execFileSync(
    "kubectl",
    [
      "--kubeconfig",
      KUBECONFIG,
      "--context",
      "trustdeck-admin",
      ...(opts.token ? ["--token", opts.token] : []),
      ...args,
    ],
    { encoding: "utf8", input: opts.input, stdio: ["pipe", "pipe", "pipe"] },
  );
}

/** What `kubectl get <resource> -n <ns>` as the token lists (ns/name), or [] when forbidden. */
function listedAs(token: string, resource: string, namespace: string, extra: string[] = []): string[] {
  try {
    return kubectl(
      [
        "get",
        resource,
        "-n",
        namespace,
        ...extra,
        "-o",
        'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
      ],
      { token },
    )
      .split("\n")
      .filter(Boolean);
  } catch (err) {
    if (/forbidden/i.test(String((err as { stderr?: string }).stderr))) return [];
    throw err;
  }
}

function certificate(namespace: string, name: string): string {
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

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

let server: ChildProcess | undefined;
let base = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        TRUSTDECK_DIST_DIR: process.env.TRUSTDECK_DIST_DIR ?? ".next",
        TRUSTDECK_AUTH: "token",
        TRUSTDECK_KUBECONFIG: KUBECONFIG,
        TRUSTDECK_CONTEXT: "trustdeck-admin",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the token-mode server did not start");
});

test.afterAll(() => {
  server?.kill("SIGTERM");
  for (const [ns, name] of [
    ["payments", inside],
    ["tls", outside],
  ] as const) {
    try {
      kubectl(["delete", "certificate", name, "-n", ns, "--ignore-not-found", "--wait=false"]);
      kubectl(["delete", "secret", `${name}-tls`, "-n", ns, "--ignore-not-found", "--wait=false"]);
    } catch {
      // best effort
    }
  }
});

/** A fresh browser signed in on the token-mode server with the person's ID token, pasted on /signin. */
async function signedIn(browser: Browser, person: string): Promise<{ page: Page; token: string }> {
  const s = await signInThroughProvider(person);
  if (s.refused) throw new Error(`${person} was refused by the provider`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.getByLabel("Kubernetes bearer token").fill(s.idToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  return { page, token: s.idToken };
}

test("bob sees only payments, and a Certificate made there arrives live; one made elsewhere never shows", async ({
  browser,
}) => {
  const { page, token } = await signedIn(browser, "bob");
  await page.goto(`${base}/certificates`);
  // live updates are on in token mode too
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  const his = listedAs(token, "certificates.cert-manager.io", "payments");
  expect(his.length).toBeGreaterThan(0);
  const rows = page.getByTestId("certificate-row");
  await expect(page.getByTestId("certificate-count")).toHaveText(`${his.length} certificates`);
  await expect(rows).toHaveCount(his.length);
  for (const ns of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-namespace"))))
    expect(ns).toBe("payments");
  // kubectl as bob refuses what the page leaves out
  expect(listedAs(token, "certificates.cert-manager.io", "tls")).toEqual([]);

  // TLS Secrets: payments only (no Secrets elsewhere for bob)
  await page.goto(`${base}/secrets`);
  const secrets = listedAs(token, "secrets", "payments", ["--field-selector", "type=kubernetes.io/tls"]);
  await expect(page.getByTestId("secret-count")).toHaveText(`${secrets.length} secrets`);
  expect(listedAs(token, "secrets", "tls")).toEqual([]);

  // live: one Certificate inside his namespace, one outside, without a reload
  await page.goto(`${base}/certificates`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  let navigations = 0;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  kubectl(["apply", "-f", "-"], { input: certificate("tls", outside) });
  kubectl(["apply", "-f", "-"], { input: certificate("payments", inside) });
  await expect(rows.filter({ hasText: inside })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("certificate-count")).toHaveText(`${his.length + 1} certificates`);
  await expect(rows.filter({ hasText: outside })).toHaveCount(0);
  expect(navigations).toBe(0);
  await page.context().close();
});

test("carol, with no rights, sees no certificate, Secret or request, with live updates on", async ({
  browser,
}) => {
  const { page, token } = await signedIn(browser, "carol");
  expect(listedAs(token, "certificates.cert-manager.io", "payments")).toEqual([]);
  expect(listedAs(token, "certificates.cert-manager.io", "tls")).toEqual([]);
  await page.goto(`${base}/certificates`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  await expect(page.getByTestId("certificate-count")).toHaveText("0 certificates");
  await expect(page.getByTestId("certificate-row")).toHaveCount(0);
  await page.goto(`${base}/secrets`);
  await expect(page.getByTestId("secret-count")).toHaveText("0 secrets");
  await page.goto(`${base}/requests`);
  await expect(page.getByTestId("request-count")).toHaveText("0 of 0");
  await page.context().close();
});
