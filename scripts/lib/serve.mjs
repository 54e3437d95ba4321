// @ts-check
// Build the app when needed and serve it with `next start`, forwarding signals to the server.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** @param {string} host */
export function isLoopback(host) {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Sign-in checks before anything starts: `TRUSTDECK_AUTH=none` only on a loopback interface, and in
 * local mode a sign-in token (TRUSTDECK_AUTH_TOKEN, generated here when unset) that the server
 * receives through its environment, so the sign-in URL is known before the first request.
 * @param {NodeJS.ProcessEnv} env the server's environment (TRUSTDECK_AUTH_TOKEN is set in it)
 * @param {string} host
 * @returns {{ error: string } | { mode: string, token?: string }}
 */
export function prepareAuth(env, host) {
  const mode = (env.TRUSTDECK_AUTH ?? "").trim().toLowerCase() || "local";
  if (!["local", "token", "oidc", "none"].includes(mode)) {
    return { error: `TRUSTDECK_AUTH must be local, token, oidc or none, got "${env.TRUSTDECK_AUTH}"` };
  }
  if (mode === "none" && !isLoopback(host)) {
    return {
      error: `refusing to start: TRUSTDECK_AUTH=none (no sign-in) on ${host}, which is not a loopback address. Anyone who can reach it would control your certificates. Use TRUSTDECK_AUTH=local (default) or token, or HOST=127.0.0.1.`,
    };
  }
  if (mode !== "local") return { mode };
  env.TRUSTDECK_AUTH_TOKEN ||= crypto.randomBytes(32).toString("base64url");
  return { mode, token: env.TRUSTDECK_AUTH_TOKEN };
}

/** @param {string} host @param {number} port @param {string} token */
export function signInUrl(host, port, token) {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}/api/auth/signin?token=${encodeURIComponent(token)}`;
}

/**
 * @param {string} root
 * @param {{ env: NodeJS.ProcessEnv, host: string, port: number, forceBuild?: boolean, onExit?: () => Promise<void> }} opts
 */
export async function buildAndServe(root, opts) {
  const auth = prepareAuth(opts.env, opts.host);
  if ("error" in auth) {
    console.error(`[trustdeck] ${auth.error}`);
    await opts.onExit?.();
    process.exit(1);
  }
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
  if (auth.token) {
    console.log(
      `[trustdeck] sign in (valid until the server stops): ${signInUrl(opts.host, opts.port, auth.token)}`,
    );
  } else if (auth.mode === "token") {
    console.log(
      `[trustdeck] sign in with a Kubernetes bearer token at http://${opts.host}:${opts.port}/signin`,
    );
  }
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
