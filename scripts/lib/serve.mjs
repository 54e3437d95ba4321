// @ts-check
// Build the app when needed and serve it with `next start`, forwarding signals to the server.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * @param {string} root
 * @param {{ env: NodeJS.ProcessEnv, host: string, port: number, forceBuild?: boolean, onExit?: () => Promise<void> }} opts
 */
export async function buildAndServe(root, opts) {
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const distDir = opts.env.TRUSTDECK_DIST_DIR ?? ".next";
  if (opts.forceBuild || !fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    console.log("[trustdeck] building the dashboard (next build)...");
    const res = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: opts.env });
    if (res.status !== 0) {
      console.error("[trustdeck] next build failed; see the output above.");
      await opts.onExit?.();
      process.exit(1);
    }
  }
  const server = spawn(process.execPath, [next, "start", "-H", opts.host, "-p", String(opts.port)], {
    cwd: root,
    stdio: "inherit",
    env: opts.env,
  });
  let stopping = false;
  const stop = async (/** @type {number} */ code) => {
    if (stopping) return;
    stopping = true;
    server.kill("SIGTERM");
    await opts.onExit?.();
    process.exit(code);
  };
  process.on("SIGINT", () => stop(130));
  process.on("SIGTERM", () => stop(143));
  server.on("exit", (code) => stop(code ?? 0));
}
