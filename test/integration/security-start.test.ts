import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The production server (the `next build` output), started every way a person starts it. Servers
// that would listen beyond loopback run inside their own empty network namespace (`unshare -n`),
// so nothing is reachable from outside this test even for the second before they refuse.

const root = path.resolve(__dirname, "../..");
const distDir = process.env.TRUSTDECK_DIST_DIR ?? ".next";
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const standalone = path.join(root, distDir, "standalone", "server.js");
const children: ChildProcess[] = [];

function baseEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    TRUSTDECK_DIST_DIR: distDir,
  };
  for (const k of [
    "HOST",
    "HOSTNAME",
    "PORT",
    "TRUSTDECK_AUTH",
    "TRUSTDECK_AUTH_TOKEN",
    "TRUSTDECK_TRUSTED_PROXY_HOPS",
  ])
    delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs a server command; resolves with its exit code (null: still running after `ms`) and output. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = root, ms = 60_000) {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => {
    const timer = setTimeout(() => resolve({ code: null, output }), ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
  return { child, exited, output: () => output };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUp(base: string, log: () => string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    try {
      await fetch(`${base}/api/healthz`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`server did not start:\n${log()}`);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`no production build in ${distDir}: run \`next build\` first (npm test does)`);
  }
  if (!fs.existsSync(standalone)) {
    throw new Error(
      `no standalone server in ${distDir}: build with TRUSTDECK_STANDALONE=1 (npm test and the Dockerfile do)`,
    );
  }
});

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (c.exitCode === null) c.kill("SIGKILL");
    }
  }
});

describe("TRUSTDECK_AUTH=none without a loopback bind is refused, however the server is started", () => {
  const refusal = /refusing to serve: TRUSTDECK_AUTH=none .* not a loopback address/;
  const ways: { how: string; cmd: string; args: string[]; env: Record<string, string>; cwd?: string }[] = [
    { how: "next start without -H", cmd: nextBin, args: ["start", "-p", "3000"], env: {} },
    { how: "next start -H 0.0.0.0", cmd: nextBin, args: ["start", "-H", "0.0.0.0", "-p", "3000"], env: {} },
    { how: "next start -H ::", cmd: nextBin, args: ["start", "-H", "::", "-p", "3000"], env: {} },
    {
      how: "next start -H 0.0.0.0 with HOST=127.0.0.1 claiming loopback",
      cmd: nextBin,
      args: ["start", "-H", "0.0.0.0", "-p", "3000"],
      env: { HOST: "127.0.0.1", HOSTNAME: "127.0.0.1" },
    },
    { how: "standalone server.js, HOSTNAME unset", cmd: standalone, args: [], env: { PORT: "3000" } },
    {
      how: "standalone server.js, HOSTNAME=::",
      cmd: standalone,
      args: [],
      env: { PORT: "3000", HOSTNAME: "::" },
    },
  ];
  for (const way of ways) {
    it(way.how, async () => {
      const { exited } = run(
        "unshare",
        ["-n", process.execPath, way.cmd, ...way.args],
        baseEnv({ TRUSTDECK_AUTH: "none", ...way.env }),
        way.cwd ?? (way.cmd === standalone ? path.dirname(standalone) : root),
      );
      const { code, output } = await exited;
      expect(code, output).toBe(1);
      expect(output).toMatch(refusal);
    });
  }

  it("next start -H 127.0.0.1 serves, judging requests by their peer, not their Host header", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = run(
      nextBin,
      ["start", "-H", "127.0.0.1", "-p", String(port)],
      baseEnv({ TRUSTDECK_AUTH: "none" }),
    );
    await waitUp(base, server.output);
    const ok = await fetch(`${base}/api/auth/me`, { headers: { "x-trustdeck-peer": "forged 192.0.2.1" } });
    expect(ok.status).toBe(200);
    expect(await getFrom("127.0.0.1", `${base}/api/auth/me`, { host: "evil.example" })).toBe(403);
    expect(await getFrom("127.0.0.1", `${base}/api/auth/me`, { host: `localhost:${port}` })).toBe(200);
    server.child.kill("SIGTERM");
    await server.exited;
  });
});

/** GET from a chosen loopback source address (127.0.0.0/8 is all this machine's). */
function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
  });
}

describe("sign-in limits on a real server (local mode)", () => {
  async function start(hops: string) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const token = crypto.randomBytes(16).toString("hex");
    const server = run(
      nextBin,
      ["start", "-H", "127.0.0.1", "-p", String(port)],
      baseEnv({ TRUSTDECK_AUTH: "local", TRUSTDECK_AUTH_TOKEN: token, TRUSTDECK_TRUSTED_PROXY_HOPS: hops }),
    );
    await waitUp(base, server.output);
    return { base, token, server };
  }

  it("behind one trusted proxy: 60 bad sign-ins with distinct X-Forwarded-For values, then the right token from a new address succeeds", async () => {
    const { base, token, server } = await start("1");
    for (let i = 0; i < 60; i++) {
      const status = await getFrom("127.0.0.1", `${base}/api/auth/signin?token=wrong${i}`, {
        "x-forwarded-for": `198.18.0.${i}`,
      });
      expect(status, `attempt ${i + 1}`).toBe(401);
    }
    // The global failure budget is spent (lib/auth/sign-in-limit.test.ts checks who then waits,
    // with a fixed clock); a person with the right token from a new address still signs in.
    expect(
      await getFrom("127.0.0.1", `${base}/api/auth/signin?token=${token}`, {
        "x-forwarded-for": "192.0.2.10",
      }),
    ).toBe(303);
    server.child.kill("SIGTERM");
    await server.exited;
  });

  it("without trusted proxies X-Forwarded-For is ignored: the attacker's own address runs out, others do not", async () => {
    const { base, token, server } = await start("0");
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push(
        await getFrom("127.0.0.3", `${base}/api/auth/signin?token=wrong${i}`, {
          "x-forwarded-for": `198.18.1.${i}`,
        }),
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(await getFrom("127.0.0.2", `${base}/api/auth/signin?token=${token}`)).toBe(303);
    server.child.kill("SIGTERM");
    await server.exited;
  });
});

describe("the Docker image's way of starting (standalone server.js, local mode, no token given)", () => {
  it("prints a sign-in URL that works, and caps live-update streams per session", async () => {
    const port = await freePort();
    const server = run(
      process.execPath,
      [standalone],
      baseEnv({ HOSTNAME: "127.0.0.1", PORT: String(port), TRUSTDECK_MAX_STREAMS_PER_SESSION: "2" }),
      path.dirname(standalone),
    );
    const base = `http://127.0.0.1:${port}`;
    await waitUp(base, server.output);
    const url = /sign in \(valid until the server stops\): (http:\S+)/.exec(server.output())?.[1];
    expect(url, server.output()).toBeTruthy();
    const signIn = await fetch(url!, { redirect: "manual" });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const streams = [new AbortController(), new AbortController()];
    const open = await Promise.all(
      streams.map((ac) => fetch(`${base}/api/events`, { headers: { cookie }, signal: ac.signal })),
    );
    expect(open.map((r) => r.status)).toEqual([200, 200]);
    const third = await fetch(`${base}/api/events`, { headers: { cookie } });
    expect(third.status).toBe(429);
    expect((await third.json()).error.message).toMatch(/TRUSTDECK_MAX_STREAMS_PER_SESSION/);
    for (const ac of streams) ac.abort();
    await new Promise((r) => setTimeout(r, 500));
    const again = new AbortController();
    const reopened = await fetch(`${base}/api/events`, { headers: { cookie }, signal: again.signal });
    expect(reopened.status).toBe(200);
    again.abort();
    server.child.kill("SIGTERM");
    await server.exited;
  });
});
