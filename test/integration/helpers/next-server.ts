import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(__dirname, "../../..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** One `next start` of the built app (TRUSTDECK_DIST_DIR) on 127.0.0.1:`port`. */
export interface NextServer {
  base: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the production server on 127.0.0.1:`port` with `env` added to this process's environment
 * (sign-in settings of the caller's environment removed first) and waits for /api/healthz.
 * @throws when it does not answer within 60 s (with its output).
 */
export async function startNext(port: number, env: Record<string, string>): Promise<NextServer> {
  const full: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const k of Object.keys(full))
    if (k.startsWith("TRUSTDECK_AUTH") || k.startsWith("TRUSTDECK_OIDC")) delete full[k];
  Object.assign(full, env);
  full.TRUSTDECK_DIST_DIR ??= ".next";
  const child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: full,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/api/healthz`);
      if (res.ok) return { base, port, child, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer within 60 s:\n${output}`);
}
