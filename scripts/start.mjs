#!/usr/bin/env node
// @ts-check
// `npm start`: serve the dashboard against your own cluster (TRUSTDECK_KUBECONFIG, KUBECONFIG or
// ~/.kube/config; in a Pod, the service account). Builds first when no build exists.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDeps } from "./lib/ensure-deps.mjs";
import { buildAndServe } from "./lib/serve.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
ensureDeps(ROOT);
const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);
console.log(`[trustdeck] serving on http://${host}:${port}`);
await buildAndServe(ROOT, {
  host,
  port,
  forceBuild: process.argv.includes("--build"),
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
