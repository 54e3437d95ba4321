import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CSRF_COOKIE, CSRF_HEADER, createSession, resetSessions, SESSION_COOKIE } from "@/lib/auth/session";
import { isLoopbackHost, unsafeNoAuthBinding } from "@/lib/auth/settings";
import { checkCsrfToken, checkSameOrigin } from "./csrf";
import { contentSecurityPolicy, securityHeaders } from "./headers";
import { resetRateLimits, takeToken } from "./rate-limit";
import { containsPrivateKey, scrubSecrets, scrubValue } from "./scrub";

afterEach(() => {
  resetRateLimits();
  resetSessions();
});

describe("security headers", () => {
  it("next.config.js sends exactly lib/security/headers.ts's list", async () => {
    const config = (await import(path.resolve(__dirname, "../../next.config.js"))).default as {
      headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
    };
    const rules = await config.headers();
    expect(rules).toEqual([
      { source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "development") },
    ]);
  });

  it("CSP forbids eval, framing and foreign origins", async () => {
    const csp = contentSecurityPolicy(false);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
    const names = securityHeaders().map((h) => h.key);
    expect(names).toEqual(
      expect.arrayContaining([
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Permissions-Policy",
      ]),
    );
  });
});

describe("same-origin check", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it("accepts an Origin or Referer naming the Host", async () => {
    expect(checkSameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).ok).toBe(true);
    expect(checkSameOrigin(h({ host: "td.example", referer: "https://td.example/certificates" })).ok).toBe(
      true,
    );
    expect(
      checkSameOrigin(
        h({ host: "10.0.0.5:3000", "x-forwarded-host": "td.example", origin: "https://td.example" }),
      ).ok,
    ).toBe(true);
  });
  it("refuses another origin, null, a missing Origin/Referer and non-http schemes", async () => {
    const cases: Record<string, string>[] = [
      { host: "127.0.0.1:3000", origin: "http://evil.example" },
      { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" },
      { host: "127.0.0.1:3000", origin: "null" },
      { host: "127.0.0.1:3000" },
      { host: "127.0.0.1:3000", referer: "file:///127.0.0.1:3000/x" },
      { host: "127.0.0.1:3000", origin: "http://evil.example", referer: "http://127.0.0.1:3000/" },
    ];
    for (const init of cases) {
      const r = checkSameOrigin(h(init));
      expect(r, JSON.stringify(init)).toEqual({ ok: false, message: "cross-origin request refused" });
    }
  });
});

describe("CSRF token (double submit, bound to the session)", () => {
  it("accepts the session's token in cookie and header, refuses anything else", async () => {
    const { session } = await createSession("local");
    const good = new Headers({ cookie: `${CSRF_COOKIE}=${session.csrf}`, [CSRF_HEADER]: session.csrf });
    expect(checkCsrfToken(good, session).ok).toBe(true);
    expect(checkCsrfToken(new Headers({ cookie: `${CSRF_COOKIE}=${session.csrf}` }), session).ok).toBe(false);
    const planted = "A".repeat(43);
    const cookieTossed = new Headers({ cookie: `${CSRF_COOKIE}=${planted}`, [CSRF_HEADER]: planted });
    expect(checkCsrfToken(cookieTossed, session).ok).toBe(false);
    const { session: other } = await createSession("local");
    const crossSession = new Headers({ cookie: `${CSRF_COOKIE}=${other.csrf}`, [CSRF_HEADER]: other.csrf });
    expect(checkCsrfToken(crossSession, session).ok).toBe(false);
  });
});

describe("sessions", () => {
  it("verifies only untampered cookies of live sessions", async () => {
    const { verifySessionCookie, destroySession } = await import("@/lib/auth/session");
    const { session, cookie } = await createSession("token", { token: "secret-bearer" });
    expect((await verifySessionCookie(cookie))?.id).toBe(session.id);
    expect(await verifySessionCookie(`${cookie}x`)).toBeUndefined();
    expect(await verifySessionCookie(`${session.id}.${"A".repeat(43)}`)).toBeUndefined();
    expect(cookie).not.toContain("secret-bearer");
    await destroySession(session);
    expect(await verifySessionCookie(cookie)).toBeUndefined();
    expect(SESSION_COOKIE).toBe("trustdeck-session");
  });
});

describe("rate limit (token bucket)", () => {
  it("allows the capacity, then answers with the wait, then refills", async () => {
    const rule = { capacity: 3, perMs: 60_000 };
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(takeToken("t", "ip", rule, t0).ok).toBe(true);
    const refused = takeToken("t", "ip", rule, t0);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(takeToken("t", "other-ip", rule, t0).ok).toBe(true);
    expect(takeToken("t", "ip", rule, t0 + 20_000).ok).toBe(true);
  });
});

describe("no-auth binding and loopback", () => {
  it("knows loopback names", async () => {
    for (const h of ["127.0.0.1", "127.0.0.1:3000", "localhost:3000", "[::1]:3000", "::1"])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "10.0.0.1:3000", "evil.example", "127.0.0.1.evil.example", "", "[::]:3000"])
      expect(isLoopbackHost(h), h).toBe(false);
  });
  it("refuses TRUSTDECK_AUTH=none on a non-loopback interface", async () => {
    expect(unsafeNoAuthBinding({ TRUSTDECK_AUTH: "none", HOST: "0.0.0.0" })).toMatch(
      /refusing to serve: TRUSTDECK_AUTH=none/,
    );
    expect(unsafeNoAuthBinding({ TRUSTDECK_AUTH: "none", HOSTNAME: "0.0.0.0" })).toMatch(/HOSTNAME=0.0.0.0/);
    expect(
      unsafeNoAuthBinding({ TRUSTDECK_AUTH: "none", HOST: "127.0.0.1", HOSTNAME: "buildbox" }),
    ).toBeUndefined();
    expect(unsafeNoAuthBinding({ TRUSTDECK_AUTH: "local", HOST: "0.0.0.0" })).toBeUndefined();
  });
});

describe("secret scrubber", () => {
  const pem = `-----BEGIN EC ${"PRIVATE"} KEY-----\nMHcCAQEEIB\n-----END EC ${"PRIVATE"} KEY-----`;
  it("removes PEM keys, base64 PEM keys and tls.key values", async () => {
    const b64 = Buffer.from(`${pem}\n`).toString("base64");
    const text = `err: ${pem} data {"tls.key":"${b64}"} again ${b64} tls.key=abc`;
    expect(containsPrivateKey(text)).toBe(true);
    const out = scrubSecrets(text);
    expect(containsPrivateKey(out)).toBe(false);
    expect(out).not.toContain("MHcCAQEEIB");
    expect(out).not.toContain(b64);
    expect(out).toContain("[redacted");
    const cert = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----").toString(
      "base64",
    );
    expect(scrubSecrets(`ca ${cert}`)).toBe(`ca ${cert}`);
  });
  it("scrubs nested values and drops tls.key fields", async () => {
    const out = scrubValue({ a: [pem], data: { "tls.key": "abc", "tls.crt": "ok" } });
    expect(JSON.stringify(out)).not.toContain("PRIVATE KEY-----");
    expect(out.data["tls.key"]).toBe("[redacted]");
    expect(out.data["tls.crt"]).toBe("ok");
  });
});
