import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcServerEnv } from "../../scripts/lib/oidc.mjs";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";
import { freePort, type NextServer, startNext } from "./helpers/next-server";
import { browser, OIDC_DIR, signInToTrustdeck } from "./helpers/oidc";

// Sessions that survive replicas and restarts (issue 15 point 4): two `next start` processes of the
// built app share one session key and one sign-out list (a ConfigMap), behind one URL served by a
// tiny proxy that alternates between them. Alice signs in through the real OIDC provider.

const NAMESPACE = "default";
const revocations = `trustdeck-it-sessions-${crypto.randomBytes(4).toString("hex")}`;
const key = crypto.randomBytes(32).toString("hex");
const ports: number[] = [];
const servers: (NextServer | undefined)[] = [undefined, undefined];
const served = [0, 0];
let proxy: http.Server;
let base = "";

function env(): Record<string, string> {
  return {
    ...oidcServerEnv(OIDC_DIR),
    TRUSTDECK_KUBECONFIG: KUBECONFIG,
    TRUSTDECK_CONTEXT: "trustdeck-admin",
    TRUSTDECK_SESSION_KEY: key,
    TRUSTDECK_SESSION_REVOCATIONS: `${NAMESPACE}/${revocations}`,
    // The redirect URI registered with the provider; the test delivers the callback to the proxy.
    TRUSTDECK_PUBLIC_URL: "http://127.0.0.1:3219",
  };
}

async function startBoth(): Promise<void> {
  const started = await Promise.all(ports.map((p) => startNext(p, env())));
  started.forEach((s, i) => {
    servers[i] = s;
  });
}

async function stopBoth(): Promise<void> {
  await Promise.all(servers.map((s) => s?.stop()));
}

/** Forwards each request to the next backend in turn (round robin), as a load balancer would. */
function startProxy(port: number): Promise<void> {
  let turn = 0;
  proxy = http.createServer((req, res) => {
    const i = turn++ % 2;
    served[i] = (served[i] ?? 0) + 1;
    const upstream = http.request(
      { host: "127.0.0.1", port: ports[i], path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(port, "127.0.0.1", () => resolve()));
}

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function meAt(
  serverBase: string,
  jar: Jar,
): Promise<{ signedIn: boolean; user: { username: string } | null }> {
  const res = await fetch(`${serverBase}/api/auth/me`, { headers: { cookie: cookieHeader(jar) } });
  return res.json();
}

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

beforeAll(async () => {
  ports.push(await freePort(), await freePort());
  await startBoth();
  const proxyPort = await freePort();
  await startProxy(proxyPort);
  base = `http://127.0.0.1:${proxyPort}`;
}, 180_000);

afterAll(async () => {
  await stopBoth();
  await new Promise((r) => proxy?.close(r));
  try {
    kubectl(["-n", NAMESPACE, "delete", "configmap", revocations, "--ignore-not-found"]);
  } catch {
    // nothing to clean
  }
}, 60_000);

describe("sealed sessions across two replicas", () => {
  it("one sign-in serves both replicas, survives restarting both, and a sign-out holds on both", async () => {
    const b = browser();
    const { res } = await signInToTrustdeck(base, "alice", { browser: b });
    expect(res.status).toBe(303);
    // The session is a sealed cookie: HttpOnly, SameSite=Lax (the browser comes from the provider).
    const sessionCookie = res.setCookies.find((c) => c.startsWith("trustdeck-session="));
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=lax/i);
    expect((sessionCookie ?? "").length).toBeLessThan(4096);
    const jar = new Map(b.cookies(base));
    expect(jar.get("trustdeck-session")?.split(".")).toHaveLength(5); // compact JWE

    // Through the one URL: both replicas answer as alice.
    served[0] = 0;
    served[1] = 0;
    for (let i = 0; i < 4; i++) {
      const me = JSON.parse((await b.request(`${base}/api/auth/me`)).body);
      expect(me).toMatchObject({ signedIn: true, user: { username: "oidc:alice" } });
    }
    expect(served[0]).toBeGreaterThanOrEqual(2);
    expect(served[1]).toBeGreaterThanOrEqual(2);
    // And each replica directly.
    for (const s of servers) expect((await meAt(s?.base ?? "", jar)).user?.username).toBe("oidc:alice");

    // Restart both: nothing lives in a process's memory.
    await stopBoth();
    await startBoth();
    for (const s of servers) expect((await meAt(s?.base ?? "", jar)).user?.username).toBe("oidc:alice");
    const afterRestart = JSON.parse((await b.request(`${base}/api/auth/me`)).body);
    expect(afterRestart.user?.username).toBe("oidc:alice");

    // Sign out through the one URL (one replica), then replay the old cookie at both.
    const out = await b.post(`${base}/api/auth/signout`);
    expect(out.status).toBe(200);
    const body = JSON.parse(out.body);
    expect(body.problem).toBeUndefined();
    expect(body.logoutUrl).toMatch(/\/session\/end\?/); // RP-initiated logout at the provider
    expect(b.cookies(base).has("trustdeck-session")).toBe(false);
    for (const s of servers) {
      const refused = await eventually(async () => !(await meAt(s?.base ?? "", jar)).signedIn);
      expect(refused, `replica ${s?.base} still accepts the signed-out cookie`).toBe(true);
      const api = await fetch(`${s?.base}/api/certificates`, { headers: { cookie: cookieHeader(jar) } });
      expect(api.status).toBe(401);
    }
    // The sign-out list is in the cluster: it holds after another restart of both.
    expect(kubectl(["-n", NAMESPACE, "get", "configmap", revocations, "-o", "jsonpath={.data}"])).toMatch(
      /^\{".+":"\d+"\}$/,
    );
    await stopBoth();
    await startBoth();
    for (const s of servers) {
      expect(await eventually(async () => !(await meAt(s?.base ?? "", jar)).signedIn)).toBe(true);
    }
  }, 240_000);

  it("a tampered session cookie opens on neither replica", async () => {
    const b = browser();
    await signInToTrustdeck(base, "bob", { browser: b });
    const jar = new Map(b.cookies(base));
    const sealed = jar.get("trustdeck-session") ?? "";
    const parts = sealed.split(".");
    const flipped = `${parts[3]?.[0] === "A" ? "B" : "A"}${parts[3]?.slice(1)}`;
    const tampered = new Map(jar).set(
      "trustdeck-session",
      [...parts.slice(0, 3), flipped, parts[4]].join("."),
    );
    for (const s of servers) {
      expect((await meAt(s?.base ?? "", jar)).user?.username).toBe("oidc:bob");
      expect((await meAt(s?.base ?? "", tampered)).signedIn).toBe(false);
    }
  }, 120_000);
});
