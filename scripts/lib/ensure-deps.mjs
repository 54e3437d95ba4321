// @ts-check
// "Installs what is missing": run `npm ci` (or `npm install` without a lock) when node_modules is
// absent or older than the lock file, so every entry point works on a fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, statSync } from "node:fs";
import path from "node:path";

/** @param {string} root */
export function ensureDeps(root) {
  const modules = path.join(root, "node_modules");
  const lock = path.join(root, "package-lock.json");
  const marker = path.join(modules, ".package-lock.json");
  const fresh =
    existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs - 1000);
  if (existsSync(modules) && fresh) return;
  // A node_modules that is a symlink (a git worktree sharing another checkout's install) is never
  // reinstalled here: `npm ci` empties the folder the link points to before it replaces the link.
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    if (!existsSync(marker))
      console.warn(`[trustdeck] ${modules} is a symlink without an install: run npm ci there`);
    return;
  }
  const args = existsSync(lock) ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  console.log(`[trustdeck] installing npm dependencies (npm ${args[0]})...`);
  const t0 = Date.now();
  const res = spawnSync("npm", args, { cwd: root, stdio: "inherit", env: process.env });
  if (res.status !== 0) {
    console.error(`[trustdeck] npm ${args[0]} failed (exit ${res.status}); fix the error above and retry.`);
    process.exit(res.status ?? 1);
  }
  console.log(`[trustdeck] dependencies installed in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
}
