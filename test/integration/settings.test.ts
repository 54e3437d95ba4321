import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The production server (the `next build` output) parses every setting at start
// (instrumentation.ts): an invalid one stops it, naming the variable, before it serves anything.
const root = path.resolve(__dirname, "../..");
const distDir = process.env.TRUSTDECK_DIST_DIR ?? ".next";

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`no production build in ${distDir}: run \`next build\` first (npm test does)`);
  }
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", "0"],
      {
        cwd: root,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TRUSTDECK_DIST_DIR: distDir, ...env },
      },
    );
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("settings at server start", () => {
  it.each([
    ["TRUSTDECK_WATCH_CACHE", "sometimes"],
    ["TRUSTDECK_REQUEST_TIMEOUT_MS", "soon"],
    ["TRUSTDECK_PROBE_ALLOW", "no-port"],
  ])("an invalid %s=%s stops the server, naming the variable", async (name, value) => {
    const { code, output } = await start({ [name]: value });
    expect(code).toBe(1);
    expect(output).toContain(`${name}:`);
  });
});
