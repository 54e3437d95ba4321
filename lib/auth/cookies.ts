import "server-only";
import type { NextResponse } from "next/server";
import { CSRF_COOKIE, cookieName, SESSION_COOKIE, SESSION_MAX_MS } from "./session";

/** True when the request reached us over https (directly or via a TLS-terminating proxy). */
export function requestIsHttps(req: Request): boolean {
  return (
    new URL(req.url).protocol === "https:" ||
    req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

/**
 * Sets the session cookie (HttpOnly) and the CSRF cookie (readable by the page's script, which
 * echoes it in `x-trustdeck-csrf`). Both SameSite=Strict, Path=/; over https Secure and named with
 * the `__Host-` prefix (no sibling subdomain can plant or overwrite them).
 */
export function setSessionCookies(res: NextResponse, signed: string, csrf: string, secure: boolean): void {
  const maxAge = Math.floor(SESSION_MAX_MS / 1000);
  res.cookies.set(cookieName(SESSION_COOKIE, secure), signed, {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    secure,
    maxAge,
  });
  res.cookies.set(cookieName(CSRF_COOKIE, secure), csrf, {
    httpOnly: false,
    sameSite: "strict",
    path: "/",
    secure,
    maxAge,
  });
}

/** Expires both cookies. */
export function clearSessionCookies(res: NextResponse, secure: boolean): void {
  for (const base of [SESSION_COOKIE, CSRF_COOKIE]) {
    res.cookies.set(cookieName(base, secure), "", {
      httpOnly: base === SESSION_COOKIE,
      sameSite: "strict",
      path: "/",
      secure,
      maxAge: 0,
    });
  }
}
