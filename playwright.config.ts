import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// One sign-in token per run, shared by both servers and by the fixtures: the config is evaluated in
// the runner and again in each worker, and workers inherit the runner's environment.
process.env.TRUSTDECK_E2E_AUTH_TOKEN ??= crypto.randomBytes(16).toString("hex");
const authToken = process.env.TRUSTDECK_E2E_AUTH_TOKEN;

const port = Number(process.env.TRUSTDECK_E2E_PORT ?? 3217);
const unreachablePort = port + 1;
/** The team-mode instance (TRUSTDECK_AUTH=oidc): its origin is a registered redirect URI of the plane's provider. */
const oidcPort = port + 2;
const kubeconfig = process.env.TRUSTDECK_KUBECONFIG ?? path.join(__dirname, ".cluster", "kubeconfig");
const next = path.join(__dirname, "node_modules", "next", "dist", "bin", "next");
const serverEnv = {
  NEXT_TELEMETRY_DISABLED: "1",
  TRUSTDECK_DIST_DIR: process.env.TRUSTDECK_DIST_DIR ?? ".next",
  TRUSTDECK_AUTH: "local",
  TRUSTDECK_AUTH_TOKEN: authToken,
};

// The plane's OIDC provider (scripts/lib/oidc.mjs): issuer, client and CA for the oidc instance.
const oidcDir = path.join(path.dirname(kubeconfig), "oidc");
const oidc = fs.existsSync(path.join(oidcDir, "config.json"))
  ? JSON.parse(fs.readFileSync(path.join(oidcDir, "config.json"), "utf8"))
  : undefined;
const oidcEnv: Record<string, string> = oidc
  ? {
      TRUSTDECK_AUTH: "oidc",
      TRUSTDECK_OIDC_ISSUER: oidc.issuer,
      TRUSTDECK_OIDC_CLIENT_ID: oidc.client.id,
      TRUSTDECK_OIDC_CLIENT_SECRET: oidc.client.secret,
      TRUSTDECK_OIDC_CA_FILE: path.join(oidcDir, "ca.crt"),
      TRUSTDECK_OIDC_PROVIDER_NAME: "the local identity provider",
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  // One retry on CI, reported as "flaky" in the output (the 2-core CI machine under load has timed out one
  // of 106 tests once); locally a failure fails at once.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `node ${next} start -H 127.0.0.1 -p ${port}`,
      url: `http://127.0.0.1:${port}/api/healthz`,
      env: { ...serverEnv, TRUSTDECK_KUBECONFIG: kubeconfig, TRUSTDECK_CONTEXT: "trustdeck-admin" },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The same app pointed at a cluster that does not answer, for the unreachable-cluster banner.
      command: `node ${next} start -H 127.0.0.1 -p ${unreachablePort}`,
      url: `http://127.0.0.1:${unreachablePort}/api/healthz`,
      env: { ...serverEnv, TRUSTDECK_KUBECONFIG: path.join(__dirname, "e2e", "unreachable.kubeconfig") },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Team mode: people sign in through the plane's OIDC provider (e2e/team.spec.ts).
      command: `node ${next} start -H 127.0.0.1 -p ${oidcPort}`,
      url: `http://127.0.0.1:${oidcPort}/api/healthz`,
      env: {
        ...serverEnv,
        ...oidcEnv,
        TRUSTDECK_KUBECONFIG: kubeconfig,
        TRUSTDECK_CONTEXT: "trustdeck-admin",
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
