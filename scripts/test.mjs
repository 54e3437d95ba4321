#!/usr/bin/env node
// @ts-check
// `npm test`: installs what is missing, then lint, type-check, unit tests, the local control plane,
// integration tests and Playwright end-to-end tests. Stops whatever it started, pass or fail.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDeps } from "./lib/ensure-deps.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
ensureDeps(ROOT);
const cluster = await import("./cluster.mjs");

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  TRUSTDECK_KUBECONFIG: path.join(cluster.STATE_DIR, "kubeconfig"),
  // Tests build into their own folder so a running `npm run demo` is left alone.
  TRUSTDECK_DIST_DIR: ".next-test",
  // The standalone server too: the security tests start it the way the Docker image does.
  TRUSTDECK_STANDALONE: "1",
};
const bin = (/** @type {string} */ name) => path.join(ROOT, "node_modules", ".bin", name);

/** @type {{ step: string, ok: boolean, seconds: number }[]} */
const results = [];

/** @param {string} step @param {() => void | Promise<void>} fn */
async function run(step, fn) {
  console.log(`\n=== ${step} ===`);
  const t0 = Date.now();
  let ok = true;
  try {
    await fn();
  } catch (err) {
    ok = false;
    console.error(`${step} failed: ${err instanceof Error ? err.message : err}`);
  }
  results.push({ step, ok, seconds: (Date.now() - t0) / 1000 });
  return ok;
}

/** @param {string} cmd @param {string[]} args */
function sh(cmd, args) {
  const res = spawnSync(cmd, args, { stdio: "inherit", env, cwd: ROOT });
  if (res.status !== 0)
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${res.status ?? res.signal}`);
}

const startedCluster = !cluster.readState();
let failed = false;
/** @param {string} step @param {() => void | Promise<void>} fn */
const step = async (step, fn) => {
  const ok = await run(step, fn);
  if (!ok) failed = true;
  return ok;
};
const stopCluster = async () => {
  const state = cluster.readState();
  if (!startedCluster || !state) return;
  await step("stop the local control plane (no process left behind)", async () => {
    await cluster.down();
    const running = (/** @type {number} */ pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/exe`).length > 0;
      } catch {
        return false;
      }
    };
    const left = state.procs.filter((p) => running(p.pid));
    if (left.length > 0)
      throw new Error(`still running after down: ${left.map((p) => `${p.name} (${p.pid})`).join(", ")}`);
  });
};
for (const sig of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(sig, async () => {
    await stopCluster();
    process.exit(130);
  });
}
try {
  await step("lint (biome)", () => sh(bin("biome"), ["check", "."]));
  await step("type-check (tsc)", () => sh(bin("tsc"), ["--noEmit"]));
  await step("unit tests (vitest)", () => sh(bin("vitest"), ["run", "--project", "unit"]));
  const clusterOk = await step("local control plane (etcd + kube-apiserver + cert-manager)", async () => {
    await cluster.up();
    await cluster.seed();
  });
  // The production build comes first: integration tests run it with in-cluster settings.
  const built = await step("production build (next build)", () => sh(bin("next"), ["build"]));
  if (clusterOk) {
    await step("integration tests (vitest, real control plane)", () =>
      sh(bin("vitest"), ["run", "--project", "integration"]),
    );
    if (built) await step("end-to-end tests (Playwright, Chromium)", () => sh(bin("playwright"), ["test"]));
  }
} finally {
  await stopCluster();
  fs.rmSync(path.join(ROOT, ".next-test"), { recursive: true, force: true });
}

console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.step}  (${r.seconds.toFixed(0)}s)`);
const passed = results.filter((r) => r.ok).length;
console.log(`steps: ${passed} passed, ${results.length - passed} failed`);
process.exit(failed ? 1 : 0);
