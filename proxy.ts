import { type NextRequest, NextResponse } from "next/server";
import { fromLoopbackPeer } from "@/lib/auth/peer";
import {
  CSRF_COOKIE,
  randomToken,
  readCookie,
  type Session,
  sessionFromCookieHeader,
} from "@/lib/auth/session";
import { authMode, SIGN_IN_FIRST, unsafeNoAuthBinding } from "@/lib/auth/settings";
import { clientAddress } from "@/lib/auth/sign-in-limit";
import { getEnv, READ_ONLY_MESSAGE } from "@/lib/env";
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
  if (mode !== "token" && !hostAllowedLocally(request.headers.get("host"), configuredHost)) {
    return errorResponse(
      403,
      `Trustdeck (TRUSTDECK_AUTH=${mode}) answers only to localhost, IP addresses and HOST; this request named another host`,
    );
  }

  let session: Session | undefined;
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
