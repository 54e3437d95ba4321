/** Session cookies on responses. No `server-only` import: `proxy.ts` re-seals sessions with it. */
import type { NextResponse } from "next/server";
import {
  type AuthMode,
  CSRF_COOKIE,
  chunkName,
  chunkValue,
  cookieName,
  MAX_COOKIE_CHUNKS,
  readCookie,
  SESSION_COOKIE,
  SESSION_MAX_MS,
} from "./session";

/** True when the request reached us over https (directly or via a TLS-terminating proxy). */
export function requestIsHttps(req: Request): boolean {
  return (
    new URL(req.url).protocol === "https:" ||
    req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

/**
 * SameSite of the session cookies: Strict, except in oidc mode, where the browser arrives from the
 * identity provider (a cross-site navigation, redirected on to the page): a Strict cookie would not
 * be sent on that first page. Lax still withholds it from cross-site POSTs, and every mutation also
 * needs the CSRF token and a same-origin Origin (lib/security/csrf.ts).
 */
export function sessionSameSite(mode: AuthMode): "strict" | "lax" {
  return mode === "oidc" ? "lax" : "strict";
}

/**
 * Sets the sealed session cookie (HttpOnly; split into `<name>.1`, `<name>.2`... chunks when it
 * exceeds one cookie's size, stale chunks expired) and the CSRF cookie (readable by the page's
 * script, which echoes it in `x-trustdeck-csrf`). Path=/; over https (`req`, or X-Forwarded-Proto)
 * Secure and named with the
 * `__Host-` prefix (no sibling subdomain can plant or overwrite them).
 * @throws Error when the sealed session needs more than MAX_COOKIE_CHUNKS cookies.
 */
export function setSessionCookies(
  res: NextResponse,
  req: Request,
  sealed: string,
  csrf: string,
  mode: AuthMode = "local",
): void {
  const secure = requestIsHttps(req);
  const sent = req.headers.get("cookie");
  const maxAge = Math.floor(SESSION_MAX_MS / 1000);
  const sameSite = sessionSameSite(mode);
  const chunks = chunkValue(sealed);
  if (chunks.length > MAX_COOKIE_CHUNKS) {
    throw new Error(
      `the session is too large for ${MAX_COOKIE_CHUNKS} cookies (${sealed.length} characters)`,
    );
  }
  const name = cookieName(SESSION_COOKIE, secure);
  for (let i = 0; i < MAX_COOKIE_CHUNKS; i++) {
    const value = chunks[i];
    if (value === undefined && readCookie(sent, chunkName(name, i)) === undefined) continue;
    res.cookies.set(chunkName(name, i), value ?? "", {
      httpOnly: true,
      sameSite,
      path: "/",
      secure,
      maxAge: value === undefined ? 0 : maxAge,
    });
  }
  res.cookies.set(cookieName(CSRF_COOKIE, secure), csrf, {
    httpOnly: false,
    sameSite,
    path: "/",
    secure,
    maxAge,
  });
}

/** Expires the session cookie (every chunk) and the CSRF cookie. */
export function clearSessionCookies(res: NextResponse, secure: boolean): void {
  const name = cookieName(SESSION_COOKIE, secure);
  for (let i = 0; i < MAX_COOKIE_CHUNKS; i++) {
    res.cookies.set(chunkName(name, i), "", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure,
      maxAge: 0,
    });
  }
  res.cookies.set(cookieName(CSRF_COOKIE, secure), "", {
    httpOnly: false,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: 0,
  });
}
