import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { PEER_HEADER, peerStamp } from "@/lib/auth/peer";
import { CSRF_COOKIE, CSRF_HEADER, createSession, resetSessions, SESSION_COOKIE } from "@/lib/auth/session";
import { READ_ONLY_MESSAGE, resetEnvCache } from "@/lib/env";
import { resetRateLimits } from "@/lib/security/rate-limit";
import { proxy } from "@/proxy";
import { apiRouteFiles, concretePath } from "./security-helpers";

// proxy.ts's decisions, called directly with NextRequest objects (no server needed).

const saved = { ...process.env };
const ORIGIN = "http://127.0.0.1:3000";

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

beforeEach(() => {
  setEnv({
    TRUSTDECK_AUTH: "local",
    TRUSTDECK_AUTH_TOKEN: "t".repeat(32),
    TRUSTDECK_READ_ONLY: undefined,
    HOST: undefined,
  });
});
afterEach(() => {
  resetRateLimits();
  resetSessions();
});
afterAll(() => {
  process.env = saved;
  resetEnvCache();
});

function req(pathname: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new NextRequest(`${ORIGIN}${pathname}`, {
    method: init.method ?? "GET",
    headers: { host: "127.0.0.1:3000", ...init.headers },
  });
}

async function signedIn() {
  const { session, cookie } = await createSession("local");
  return {
    session,
    headers: {
      cookie: `${SESSION_COOKIE}=${cookie}; ${CSRF_COOKIE}=${session.csrf}`,
      origin: ORIGIN,
      [CSRF_HEADER]: session.csrf,
      "content-type": "application/json",
    },
  };
}

const passed = (res: Response) => res.headers.get("x-middleware-next") === "1";

describe("sign-in gate", () => {
  const routes = apiRouteFiles().filter(
    (r) => r.urlPath !== "/api/healthz" && !r.urlPath.startsWith("/api/auth"),
  );

  it("finds the API routes", async () => {
    expect(routes.length).toBeGreaterThan(3);
  });

  it("answers 401 JSON to every API route without a session, for every method", async () => {
    for (const r of routes) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const res = await proxy(req(concretePath(r.urlPath), { method, headers: { origin: ORIGIN } }));
        expect(res.status, `${method} ${r.urlPath}`).toBe(401);
        expect(await res.json()).toEqual({
          error: { message: "Sign in first: open the sign-in URL printed by the server", status: 401 },
        });
      }
    }
  });

  it("refuses a forged or unknown session cookie", async () => {
    const { cookie } = await createSession("local");
    resetSessions();
    expect(
      (await proxy(req("/api/certificates", { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }))).status,
    ).toBe(401);
    expect(
      (await proxy(req("/api/certificates", { headers: { cookie: `${SESSION_COOKIE}=abc.def` } }))).status,
    ).toBe(401);
  });

  it("lets /api/healthz and /api/auth/* through, and a signed-in browser everywhere", async () => {
    expect(passed(await proxy(req("/api/healthz")))).toBe(true);
    expect(passed(await proxy(req("/api/auth/me")))).toBe(true);
    const { headers } = await signedIn();
    expect(passed(await proxy(req("/api/certificates", { headers })))).toBe(true);
    expect(passed(await proxy(req("/certificates", { headers })))).toBe(true);
  });

  it("redirects pages to /signin, keeping where the user was going", async () => {
    const root = await proxy(req("/"));
    expect(root.status).toBe(307);
    expect(root.headers.get("location")).toBe("http://127.0.0.1:3000/signin");
    const deep = await proxy(req("/certificates/tls/etcd-server?tab=chain"));
    expect(deep.headers.get("location")).toBe(
      `http://127.0.0.1:3000/signin?next=${encodeURIComponent("/certificates/tls/etcd-server?tab=chain")}`,
    );
    expect(passed(await proxy(req("/signin")))).toBe(true);
  });

  it("puts the security headers on its own answers", async () => {
    const res = await proxy(req("/api/certificates"));
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      passed(await proxy(req("/api/healthz"))) &&
        (await proxy(req("/api/healthz"))).headers.get("x-frame-options"),
    ).toBe("DENY");
  });
});

describe("__Host- cookies (https)", () => {
  it("a plain-named session or CSRF cookie planted by a sibling subdomain never wins over the __Host- one", async () => {
    const victim = await createSession("local");
    const attacker = await createSession("local");
    const cookie = [
      `${SESSION_COOKIE}=${attacker.cookie}`,
      `${CSRF_COOKIE}=${attacker.session.csrf}`,
      `__Host-${SESSION_COOKIE}=${victim.cookie}`,
      `__Host-${CSRF_COOKIE}=${victim.session.csrf}`,
    ].join("; ");
    const post = (csrf: string) =>
      proxy(
        req("/api/certificates/tls/x/renew", {
          method: "POST",
          headers: { cookie, origin: ORIGIN, [CSRF_HEADER]: csrf, "content-type": "application/json" },
        }),
      );
    // the victim's own token passes; the attacker's planted one does not
    expect(passed(await post(victim.session.csrf))).toBe(true);
    expect((await post(attacker.session.csrf)).status).toBe(403);
  });
});

describe("CSRF", () => {
  it("refuses a cross-origin POST with 403", async () => {
    const { headers } = await signedIn();
    const res = await proxy(
      req("/api/certificates/tls/x/renew", {
        method: "POST",
        headers: { ...headers, origin: "http://evil.example" },
      }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe("cross-origin request refused");
    const noOrigin = { ...headers } as Record<string, string>;
    delete noOrigin.origin;
    expect(
      (await proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers: noOrigin }))).status,
    ).toBe(403);
  });

  it("refuses a POST without the CSRF header, or with another session's token", async () => {
    const { headers } = await signedIn();
    const without = { ...headers } as Record<string, string>;
    delete without[CSRF_HEADER];
    const res = await proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers: without }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/CSRF token/);
    const other = await signedIn();
    const mixed = {
      ...headers,
      cookie: `${headers.cookie.split(";")[0]}; ${CSRF_COOKIE}=${other.session.csrf}`,
      [CSRF_HEADER]: other.session.csrf,
    };
    expect(
      (await proxy(req("/api/certificates/tls/x/renew", { method: "DELETE", headers: mixed }))).status,
    ).toBe(403);
    expect(passed(await proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers })))).toBe(true);
  });

  it("checks the Origin of sign-in too (login CSRF), without a CSRF token", async () => {
    expect(
      (await proxy(req("/api/auth/signin", { method: "POST", headers: { origin: "http://evil.example" } })))
        .status,
    ).toBe(403);
    expect(
      passed(await proxy(req("/api/auth/signin", { method: "POST", headers: { origin: ORIGIN } }))),
    ).toBe(true);
  });
});

describe("read-only mode", () => {
  it("refuses every mutation but sign-in/out and probes with 403", async () => {
    setEnv({ TRUSTDECK_READ_ONLY: "true" });
    const { headers } = await signedIn();
    const res = await proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(READ_ONLY_MESSAGE);
    expect((await proxy(req("/api/apisix/tls/tls/x/mtls", { method: "PUT", headers }))).status).toBe(403);
    expect(passed(await proxy(req("/api/certificates", { headers })))).toBe(true);
    expect(passed(await proxy(req("/api/probe", { method: "POST", headers })))).toBe(true);
    expect(passed(await proxy(req("/api/auth/signout", { method: "POST", headers })))).toBe(true);
  });

  it("lets through what changes nothing: previews, context switch, bulk renew (the route allows the dry run only)", async () => {
    setEnv({ TRUSTDECK_READ_ONLY: "true" });
    const { headers } = await signedIn();
    for (const path of ["/api/contexts", "/api/apisix/tls/tls/x/mtls/preview", "/api/certificates/renew"]) {
      expect(passed(await proxy(req(path, { method: "POST", headers }))), path).toBe(true);
    }
  });
});

describe("rate limits", () => {
  it("answers 429 after 30 probes a minute from one session", async () => {
    const { headers } = await signedIn();
    for (let i = 0; i < 30; i++)
      expect(passed(await proxy(req("/api/probe", { method: "POST", headers })))).toBe(true);
    expect((await proxy(req("/api/probe", { method: "POST", headers }))).status).toBe(429);
    expect(
      passed(await proxy(req("/api/probe", { method: "POST", headers: (await signedIn()).headers }))),
    ).toBe(true);
  });
});

describe("TRUSTDECK_AUTH=none", () => {
  const loopbackPeer = { [PEER_HEADER]: peerStamp("127.0.0.1") };

  it("serves a loopback peer without sign-in, and refuses other Host names (DNS rebinding)", async () => {
    setEnv({ TRUSTDECK_AUTH: "none" });
    expect(passed(await proxy(req("/api/certificates", { headers: loopbackPeer })))).toBe(true);
    const page = await proxy(req("/", { headers: loopbackPeer }));
    expect(page.cookies.get(CSRF_COOKIE)?.value).toBeTruthy();
    const rebound = await proxy(
      req("/api/certificates", { headers: { ...loopbackPeer, host: "attacker.example:3000" } }),
    );
    expect(rebound.status).toBe(403);
    setEnv({ HOST: "0.0.0.0" });
    const res = await proxy(req("/api/certificates", { headers: loopbackPeer }));
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toMatch(/refusing to serve: TRUSTDECK_AUTH=none/);
  });

  it("judges by the peer address, never the Host header: a remote peer naming 127.0.0.1 is refused", async () => {
    setEnv({ TRUSTDECK_AUTH: "none" });
    const remote = await proxy(
      req("/api/certificates", {
        method: "POST",
        headers: {
          [PEER_HEADER]: peerStamp("192.0.2.44"),
          host: "127.0.0.1",
          origin: "http://127.0.0.1",
          cookie: `${CSRF_COOKIE}=${"c".repeat(32)}`,
          [CSRF_HEADER]: "c".repeat(32),
        },
      }),
    );
    expect(remote.status).toBe(403);
    expect((await remote.json()).error.message).toMatch(/loopback interface/);
    // unstamped (the server hook did not run): refused too, fail closed
    expect((await proxy(req("/api/certificates"))).status).toBe(403);
    // a forged stamp
    expect(
      (await proxy(req("/api/certificates", { headers: { [PEER_HEADER]: "x 127.0.0.1" } }))).status,
    ).toBe(403);
  });
});

describe("DNS rebinding in local mode", () => {
  it("refuses Host: evil.example on public paths and pages, and answers loopback, IPs and HOST", async () => {
    for (const path of ["/api/healthz", "/api/auth/me", "/signin", "/api/auth/signin?token=x"]) {
      const res = await proxy(req(path, { headers: { host: "evil.example:3000" } }));
      expect(res.status, path).toBe(403);
    }
    expect(passed(await proxy(req("/api/healthz", { headers: { host: "localhost:3000" } })))).toBe(true);
    expect(passed(await proxy(req("/api/healthz", { headers: { host: "[::1]:3000" } })))).toBe(true);
    expect(passed(await proxy(req("/api/healthz", { headers: { host: "192.168.1.20:3000" } })))).toBe(true);
    setEnv({ HOST: "devbox.lan" });
    expect(passed(await proxy(req("/api/healthz", { headers: { host: "devbox.lan:3000" } })))).toBe(true);
    expect((await proxy(req("/api/healthz", { headers: { host: "evil.example" } }))).status).toBe(403);
    // token mode sits behind an ingress with real names: not refused there
    setEnv({ TRUSTDECK_AUTH: "token" });
    expect(passed(await proxy(req("/api/healthz", { headers: { host: "trustdeck.example.com" } })))).toBe(
      true,
    );
  });
});
