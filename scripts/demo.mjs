#!/usr/bin/env node
// @ts-check
// `npm run demo`: install what is missing, build and start the local control plane, seed the
// "mTLS everywhere" scenario and serve the dashboard on http://127.0.0.1:3000 in team mode:
// people sign in with the plane's OIDC provider as alice, bob or carol (printed at start), each
// with their own RBAC (TRUSTDECK_AUTH=local keeps the one-person sign-in URL instead).
// Ctrl-C stops the dashboard and the control plane this command started.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDeps } from "./lib/ensure-deps.mjs";
import { oidcServerEnv, signInInstructions } from "./lib/oidc.mjs";
import { buildAndServe } from "./lib/serve.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
ensureDeps(ROOT);
const cluster = await import("./cluster.mjs");

const startedCluster = !cluster.readState();
try {
  await cluster.up();
  await cluster.seed();
} catch (err) {
  console.error(`[demo] ${err instanceof Error ? err.message : err}`);
  if (startedCluster) await cluster.down();
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
const oidcDir = path.join(cluster.STATE_DIR, "oidc");
const oidc = (process.env.TRUSTDECK_AUTH ?? "oidc") === "oidc";
console.log(
  `[demo] dashboard: http://127.0.0.1:${port}  (Ctrl-C stops it${startedCluster ? " and the local cluster" : ""})`,
);
if (oidc) {
  for (const line of signInInstructions(oidcDir, `http://127.0.0.1:${port}`)) console.log(`[demo] ${line}`);
  if (port !== 3000) {
    console.log(`[demo] note: the provider knows only port 3000 as a redirect target (scripts/cluster.mjs)`);
  }
}
await buildAndServe(ROOT, {
  host: "127.0.0.1",
  port,
  forceBuild: process.env.TRUSTDECK_SKIP_BUILD !== "1",
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    TRUSTDECK_KUBECONFIG: path.join(cluster.STATE_DIR, "kubeconfig"),
    TRUSTDECK_CONTEXT: process.env.TRUSTDECK_CONTEXT ?? "trustdeck-admin",
    ...(oidc ? oidcServerEnv(oidcDir) : {}),
  },
  onExit: async () => {
    if (startedCluster) await cluster.down();
  },
});
