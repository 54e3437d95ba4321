/**
 * CSRF defence for mutations: the Origin (or Referer) must name this host, and the request must
 * carry the CSRF token both in the `trustdeck-csrf` cookie and in the `x-trustdeck-csrf` header
 * (double submit; with a session the token is also bound to it by HMAC, so a planted cookie fails).
 * No `server-only` import: `proxy.ts` imports this module.
 */
import { CSRF_COOKIE, CSRF_HEADER, readPrefixedCookie, type Session, safeEqual } from "@/lib/auth/session";

/** Outcome of a CSRF check, with the reason a refusal gives. */
export type CsrfResult = { ok: true } | { ok: false; message: string };

function firstValue(v: string | null): string | undefined {
  const s = v?.split(",")[0]?.trim();
  return s ? s.toLowerCase() : undefined;
}

function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the request's Origin (else its Referer) names the host the request was sent to
 * (`Host`, or `X-Forwarded-Host` behind a reverse proxy). A request with neither is refused:
 * browsers always send Origin on a POST.
 */
export function checkSameOrigin(headers: Headers): CsrfResult {
  const refused = { ok: false as const, message: "cross-origin request refused" };
  const hosts = [firstValue(headers.get("host")), firstValue(headers.get("x-forwarded-host"))].filter(
    (h): h is string => !!h,
  );
  if (hosts.length === 0) return refused;
  const origin = headers.get("origin");
  let source: string | undefined;
  if (origin !== null) {
    source = origin === "null" ? undefined : hostOf(origin);
  } else {
    const referer = headers.get("referer");
    source = referer ? hostOf(referer) : undefined;
  }
  return source && hosts.includes(source) ? { ok: true } : refused;
}

/** True when the CSRF header equals the CSRF cookie and, with a session, the session's token. */
export function checkCsrfToken(headers: Headers, session: Session | undefined): CsrfResult {
  const refused = {
    ok: false as const,
    message: `missing or wrong CSRF token: send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header`,
  };
  const header = headers.get(CSRF_HEADER);
  const cookie = readPrefixedCookie(headers.get("cookie"), CSRF_COOKIE);
  if (!header || !cookie || header.length < 16 || !safeEqual(header, cookie)) return refused;
  if (session && !safeEqual(header, session.csrf)) return refused;
  return { ok: true };
}
