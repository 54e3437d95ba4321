import { type NextRequest, NextResponse } from "next/server";
import {
  CSRF_COOKIE,
  randomToken,
  readCookie,
  type Session,
  sessionFromCookieHeader,
} from "@/lib/auth/session";
import { authMode, isLoopbackHost, SIGN_IN_FIRST, unsafeNoAuthBinding } from "@/lib/auth/settings";
import { getEnv, READ_ONLY_MESSAGE } from "@/lib/env";
import { checkCsrfToken, checkSameOrigin } from "@/lib/security/csrf";
import { applySecurityHeaders } from "@/lib/security/headers";
import { PROBE_LIMIT, SIGNIN_GLOBAL_LIMIT, SIGNIN_LIMIT, takeToken } from "@/lib/security/rate-limit";

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

function clientAddress(request: NextRequest): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

function isHttps(request: NextRequest): boolean {
  return (
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

/**
 * The origin the browser used. Behind `next start` request.url names localhost:<port> whatever the
 * Host was, and Next.js wants an absolute Location from a proxy.
 */
function publicOrigin(request: NextRequest): string {
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  return host ? `${isHttps(request) ? "https" : "http"}://${host}` : request.nextUrl.origin;
}

/** The Next.js proxy (formerly middleware). */
export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const method = request.method.toUpperCase();
  const isApi = under(pathname, "/api");
  const mutation = isApi && !SAFE_METHODS.has(method);

  let mode: ReturnType<typeof authMode>;
  let readOnly: boolean;
  try {
    mode = authMode();
    readOnly = getEnv().readOnly;
  } catch (err) {
    return errorResponse(
      500,
      `Trustdeck is misconfigured: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  let session: Session | undefined;
  if (mode === "none") {
    const unsafe = unsafeNoAuthBinding();
    if (unsafe) return errorResponse(500, unsafe);
    // Without sign-in only loopback names are answered: this stops DNS rebinding.
    if (!isLoopbackHost(request.headers.get("host"))) {
      return errorResponse(
        403,
        "Trustdeck runs without sign-in (TRUSTDECK_AUTH=none) and answers only on loopback addresses",
      );
    }
  } else {
    session = sessionFromCookieHeader(request.headers.get("cookie"));
    const publicPath = isApi
      ? pathname === "/api/healthz" || under(pathname, "/api/auth")
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

  if (under(pathname, "/api/auth/signin")) {
    const perAddress = takeToken("signin", clientAddress(request), SIGNIN_LIMIT);
    const global = perAddress.ok ? takeToken("signin-all", "*", SIGNIN_GLOBAL_LIMIT) : perAddress;
    if (!global.ok) {
      return errorResponse(429, `too many sign-in attempts; retry in ${global.retryAfterSeconds} s`, {
        "retry-after": String(global.retryAfterSeconds),
      });
    }
  }

  if (mutation) {
    const origin = checkSameOrigin(request.headers);
    if (!origin.ok) return errorResponse(403, origin.message);
    if (!under(pathname, "/api/auth/signin")) {
      const csrf = checkCsrfToken(request.headers, session);
      if (!csrf.ok) return errorResponse(403, csrf.message);
    }
    if (readOnly && !under(pathname, "/api/auth") && !under(pathname, "/api/probe")) {
      return errorResponse(403, READ_ONLY_MESSAGE);
    }
  }

  if (isApi && under(pathname, "/api/probe")) {
    const limited = takeToken("probe", session?.id ?? clientAddress(request), PROBE_LIMIT);
    if (!limited.ok) {
      return errorResponse(429, `too many probes; retry in ${limited.retryAfterSeconds} s`, {
        "retry-after": String(limited.retryAfterSeconds),
      });
    }
  }

  const res = NextResponse.next();
  applySecurityHeaders(res.headers);
  // Without sign-in there is no session to carry the CSRF token: hand out an unbound one.
  if (mode === "none" && !isApi && !readCookie(request.headers.get("cookie"), CSRF_COOKIE)) {
    res.cookies.set(CSRF_COOKIE, randomToken(), { path: "/", sameSite: "strict", secure: isHttps(request) });
  }
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
