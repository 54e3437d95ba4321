import { type NextRequest, NextResponse } from "next/server";
import { setSessionCookies } from "@/lib/auth/cookies";
import { needsRefresh, refreshSession } from "@/lib/auth/oidc";
import { publicOrigin } from "@/lib/auth/origin";
import { fromLoopbackPeer } from "@/lib/auth/peer";
import {
  CSRF_COOKIE,
  chunkName,
  chunkValue,
  cookieName,
  HOST_PREFIX,
  MAX_COOKIE_CHUNKS,
  randomToken,
  readCookie,
  readPrefixedCookie,
  SESSION_COOKIE,
  SESSION_RESEAL_MS,
  type Session,
  sealSession,
  sessionFromCookieHeader,
} from "@/lib/auth/session";
import { authMode, SIGN_IN_FIRST, unsafeNoAuthBinding } from "@/lib/auth/settings";
import { clientAddress } from "@/lib/auth/sign-in-limit";
import { getEnv, personalCredentials, READ_ONLY_MESSAGE } from "@/lib/env";
import { checkCsrfToken, checkSameOrigin } from "@/lib/security/csrf";
import { applySecurityHeaders } from "@/lib/security/headers";
import { hostAllowedLocally } from "@/lib/security/host";
import { PROBE_LIMIT, takeToken } from "@/lib/security/rate-limit";
import { changesNothing } from "@/lib/security/read-only";

// Every request but Next's static assets passes here: sign-in gate, CSRF, read-only mode, rate
// limits and security headers. It runs on the Node.js runtime, in the server's process.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function errorResponse(status: number, message: string, headers: Record<string, string> = {}): NextResponse {
  const res = NextResponse.json(
    { error: { message, status } },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
  applySecurityHeaders(res.headers);
  return res;
}

function under(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

function isHttps(request: NextRequest): boolean {
  return (
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

/** A request to /api/metrics with a bearer token: the route checks it (TokenReview + SubjectAccessReview). */
function metricsScrape(request: NextRequest, pathname: string): boolean {
  return (
    pathname === "/api/metrics" &&
    getEnv().metricsAuthPath !== undefined &&
    /^Bearer\s+\S+/i.test(request.headers.get("authorization") ?? "")
  );
}

/**
 * A session whose ID token is about to expire (oidc) or whose cookie is older than
 * SESSION_RESEAL_MS (its idle clock): the renewed session and its sealed value, else undefined.
 * A refused refresh ends the session (undefined session, `ended` true).
 */
async function renew(session: Session): Promise<{ session?: Session; sealed?: string; ended?: boolean }> {
  if (needsRefresh(session)) {
    try {
      const fresh = await refreshSession(session);
      return { session: fresh, sealed: await sealSession(fresh) };
    } catch (err) {
      // Still valid for the moment: keep serving, try again on the next request.
      if (session.oidc && session.oidc.expiresAt > Date.now()) return { session };
      console.error(
        `[trustdeck] ${session.username ?? "a session"}: ${err instanceof Error ? err.message : err}`,
      );
      return { ended: true };
    }
  }
  if (Date.now() - session.lastSeen > SESSION_RESEAL_MS) {
    const touched = { ...session, lastSeen: Date.now() };
    return { session: touched, sealed: await sealSession(touched) };
  }
  return { session };
}

/** The `Cookie` header with the session cookie (all its chunks) replaced by `sealed`. */
function withSessionCookie(header: string, sealed: string): string {
  const name =
    readCookie(header, `${HOST_PREFIX}${SESSION_COOKIE}`) !== undefined
      ? `${HOST_PREFIX}${SESSION_COOKIE}`
      : SESSION_COOKIE;
  const drop = new Set(Array.from({ length: MAX_COOKIE_CHUNKS }, (_, i) => chunkName(name, i)));
  const kept = header
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p && !drop.has(p.slice(0, p.indexOf("=")).trim()));
  chunkValue(sealed).forEach((chunk, i) => {
    kept.push(`${chunkName(name, i)}=${chunk}`);
  });
  return kept.join("; ");
}

/** The Next.js proxy (formerly middleware). */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const method = request.method.toUpperCase();
  const isApi = under(pathname, "/api");
  const mutation = isApi && !SAFE_METHODS.has(method);

  let mode: ReturnType<typeof authMode>;
  let readOnly: boolean;
  let configuredHost: string;
  try {
    mode = authMode();
    readOnly = getEnv().readOnly;
    configuredHost = getEnv().host;
  } catch (err) {
    return errorResponse(
      500,
      `Trustdeck is misconfigured: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  // One-machine modes answer only Host names of this machine: this stops DNS rebinding.
  if (!personalCredentials(mode) && !hostAllowedLocally(request.headers.get("host"), configuredHost)) {
    return errorResponse(
      403,
      `Trustdeck (TRUSTDECK_AUTH=${mode}) answers only to localhost, IP addresses and HOST; this request named another host`,
    );
  }

  let session: Session | undefined;
  let renewed: string | undefined;
  if (mode === "none") {
    const unsafe = unsafeNoAuthBinding();
    if (unsafe) return errorResponse(500, unsafe);
    // Judged by the socket's peer address (stamped by the server hook), never by the Host header:
    // an unstamped request (the hook did not run) is refused too.
    if (!fromLoopbackPeer(request.headers)) {
      return errorResponse(
        403,
        "Trustdeck runs without sign-in (TRUSTDECK_AUTH=none) and answers only to connections from this machine's loopback interface",
      );
    }
  } else {
    session = await sessionFromCookieHeader(request.headers.get("cookie"));
    if (session) {
      const r = await renew(session);
      session = r.session;
      renewed = r.sealed;
    }
    const publicPath = isApi
      ? pathname === "/api/healthz" || under(pathname, "/api/auth") || metricsScrape(request, pathname)
      : pathname === "/signin";
    if (!session && !publicPath) {
      if (isApi) return errorResponse(401, SIGN_IN_FIRST);
      const next =
        pathname === "/" ? "" : `?next=${encodeURIComponent(`${pathname}${request.nextUrl.search}`)}`;
      const res = NextResponse.redirect(`${publicOrigin(request)}/signin${next}`, 307);
      applySecurityHeaders(res.headers);
      return res;
    }
  }

  // Sign-in attempts are limited in the route (lib/auth/sign-in-limit.ts): only failures count.

  if (mutation) {
    const origin = checkSameOrigin(request.headers);
    if (!origin.ok) return errorResponse(403, origin.message);
    if (!under(pathname, "/api/auth/signin")) {
      const csrf = checkCsrfToken(request.headers, session);
      if (!csrf.ok) return errorResponse(403, csrf.message);
    }
    if (
      readOnly &&
      !under(pathname, "/api/auth") &&
      !under(pathname, "/api/probe") &&
      !changesNothing(method, pathname)
    ) {
      return errorResponse(403, READ_ONLY_MESSAGE);
    }
  }

  if (isApi && under(pathname, "/api/probe")) {
    const limited = takeToken("probe", session?.id ?? clientAddress(request.headers), PROBE_LIMIT);
    if (!limited.ok) {
      return errorResponse(429, `too many probes; retry in ${limited.retryAfterSeconds} s`, {
        "retry-after": String(limited.retryAfterSeconds),
      });
    }
  }

  let res: NextResponse;
  if (session && renewed) {
    // The handler reads the renewed session (fresh ID token); the browser stores it.
    const headers = new Headers(request.headers);
    headers.set("cookie", withSessionCookie(request.headers.get("cookie") ?? "", renewed));
    res = NextResponse.next({ request: { headers } });
    setSessionCookies(res, request, renewed, session.csrf, session.mode);
  } else {
    res = NextResponse.next();
  }
  applySecurityHeaders(res.headers);
  // Without sign-in there is no session to carry the CSRF token: hand out an unbound one.
  if (mode === "none" && !isApi && !readPrefixedCookie(request.headers.get("cookie"), CSRF_COOKIE)) {
    const secure = isHttps(request);
    res.cookies.set(cookieName(CSRF_COOKIE, secure), randomToken(), {
      path: "/",
      sameSite: "strict",
      secure,
    });
  }
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
