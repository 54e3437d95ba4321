import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
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

function signedIn() {
  const { session, cookie } = createSession("local");
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

  it("finds the API routes", () => {
    expect(routes.length).toBeGreaterThan(3);
  });

  it("answers 401 JSON to every API route without a session, for every method", async () => {
    for (const r of routes) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const res = proxy(req(concretePath(r.urlPath), { method, headers: { origin: ORIGIN } }));
        expect(res.status, `${method} ${r.urlPath}`).toBe(401);
        expect(await res.json()).toEqual({
          error: { message: "Sign in first: open the sign-in URL printed by the server", status: 401 },
        });
      }
    }
  });

  it("refuses a forged or unknown session cookie", () => {
    const { cookie } = createSession("local");
    resetSessions();
    expect(
      proxy(req("/api/certificates", { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).status,
    ).toBe(401);
    expect(proxy(req("/api/certificates", { headers: { cookie: `${SESSION_COOKIE}=abc.def` } })).status).toBe(
      401,
    );
  });

  it("lets /api/healthz and /api/auth/* through, and a signed-in browser everywhere", () => {
    expect(passed(proxy(req("/api/healthz")))).toBe(true);
    expect(passed(proxy(req("/api/auth/me")))).toBe(true);
    const { headers } = signedIn();
    expect(passed(proxy(req("/api/certificates", { headers })))).toBe(true);
    expect(passed(proxy(req("/certificates", { headers })))).toBe(true);
  });

  it("redirects pages to /signin, keeping where the user was going", () => {
    const root = proxy(req("/"));
    expect(root.status).toBe(307);
    expect(root.headers.get("location")).toBe("http://127.0.0.1:3000/signin");
    const deep = proxy(req("/certificates/tls/etcd-server?tab=chain"));
    expect(deep.headers.get("location")).toBe(
      `http://127.0.0.1:3000/signin?next=${encodeURIComponent("/certificates/tls/etcd-server?tab=chain")}`,
    );
    expect(passed(proxy(req("/signin")))).toBe(true);
  });

  it("puts the security headers on its own answers", () => {
    const res = proxy(req("/api/certificates"));
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      passed(proxy(req("/api/healthz"))) && proxy(req("/api/healthz")).headers.get("x-frame-options"),
    ).toBe("DENY");
  });
});

describe("CSRF", () => {
  it("refuses a cross-origin POST with 403", async () => {
    const { headers } = signedIn();
    const res = proxy(
      req("/api/certificates/tls/x/renew", {
        method: "POST",
        headers: { ...headers, origin: "http://evil.example" },
      }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe("cross-origin request refused");
    const noOrigin = { ...headers } as Record<string, string>;
    delete noOrigin.origin;
    expect(proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers: noOrigin })).status).toBe(
      403,
    );
  });

  it("refuses a POST without the CSRF header, or with another session's token", async () => {
    const { headers } = signedIn();
    const without = { ...headers } as Record<string, string>;
    delete without[CSRF_HEADER];
    const res = proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers: without }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/CSRF token/);
    const other = signedIn();
    const mixed = {
      ...headers,
      cookie: `${headers.cookie.split(";")[0]}; ${CSRF_COOKIE}=${other.session.csrf}`,
      [CSRF_HEADER]: other.session.csrf,
    };
    expect(proxy(req("/api/certificates/tls/x/renew", { method: "DELETE", headers: mixed })).status).toBe(
      403,
    );
    expect(passed(proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers })))).toBe(true);
  });

  it("checks the Origin of sign-in too (login CSRF), without a CSRF token", () => {
    expect(
      proxy(req("/api/auth/signin", { method: "POST", headers: { origin: "http://evil.example" } })).status,
    ).toBe(403);
    expect(passed(proxy(req("/api/auth/signin", { method: "POST", headers: { origin: ORIGIN } })))).toBe(
      true,
    );
  });
});

describe("read-only mode", () => {
  it("refuses every mutation but sign-in/out and probes with 403", async () => {
    setEnv({ TRUSTDECK_READ_ONLY: "true" });
    const { headers } = signedIn();
    const res = proxy(req("/api/certificates/tls/x/renew", { method: "POST", headers }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(READ_ONLY_MESSAGE);
    expect(proxy(req("/api/apisix/tls/tls/x/mtls", { method: "PUT", headers })).status).toBe(403);
    expect(passed(proxy(req("/api/certificates", { headers })))).toBe(true);
    expect(passed(proxy(req("/api/probe", { method: "POST", headers })))).toBe(true);
    expect(passed(proxy(req("/api/auth/signout", { method: "POST", headers })))).toBe(true);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After after 10 sign-in attempts a minute from one address", async () => {
    const attempt = () =>
      proxy(req("/api/auth/signin?token=wrong", { headers: { "x-forwarded-for": "203.0.113.9" } }));
    for (let i = 0; i < 10; i++) expect(attempt().status, `attempt ${i + 1}`).not.toBe(429);
    const res = attempt();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error.message).toMatch(/too many sign-in attempts/);
    expect(
      proxy(req("/api/auth/signin?token=x", { headers: { "x-forwarded-for": "203.0.113.10" } })).status,
    ).not.toBe(429);
  });

  it("answers 429 after 30 probes a minute from one session", () => {
    const { headers } = signedIn();
    for (let i = 0; i < 30; i++)
      expect(passed(proxy(req("/api/probe", { method: "POST", headers })))).toBe(true);
    expect(proxy(req("/api/probe", { method: "POST", headers })).status).toBe(429);
    expect(passed(proxy(req("/api/probe", { method: "POST", headers: signedIn().headers })))).toBe(true);
  });
});

describe("TRUSTDECK_AUTH=none", () => {
  it("serves loopback without sign-in, refuses other Host names (DNS rebinding) and non-loopback binds", async () => {
    setEnv({ TRUSTDECK_AUTH: "none" });
    expect(passed(proxy(req("/api/certificates")))).toBe(true);
    const page = proxy(req("/"));
    expect(page.cookies.get(CSRF_COOKIE)?.value).toBeTruthy();
    const rebound = proxy(req("/api/certificates", { headers: { host: "attacker.example:3000" } }));
    expect(rebound.status).toBe(403);
    setEnv({ HOST: "0.0.0.0" });
    const res = proxy(req("/api/certificates"));
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toMatch(/refusing to serve: TRUSTDECK_AUTH=none/);
  });
});
