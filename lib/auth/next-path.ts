/**
 * Where to go after sign-in: the `next` query parameter of `/signin`, kept only when it stays on
 * this app's origin. Pure; no `server-only` import (the sign-in page and tests use it).
 */

/** A stand-in origin: only whether the origin changes matters, never which origin the app has. */
const BASE = "http://trustdeck.invalid";

/**
 * The same-origin path (`/path?query#hash`) that `value` names, or `/`.
 *
 * The value is resolved the way a browser resolves a `Location` (WHATWG URL: tab, CR and LF are
 * dropped, `\` counts as `/`, dot segments are removed), and kept only when the origin stays the
 * app's. Leading slashes of the result are collapsed to one, so that `/.//evil.example` (whose path
 * becomes `//evil.example`) cannot turn into a protocol-relative URL when the browser reads it again.
 * Source of the rule: OWASP "Unvalidated Redirects and Forwards"; issue 16 item 2.
 * @param value the raw `next` parameter (first one when repeated); anything else yields `/`.
 */
export function safeNextPath(value: string | string[] | undefined | null): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== "string" || raw === "") return "/";
  let url: URL;
  try {
    url = new URL(raw, `${BASE}/`);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const out = `${url.pathname.replace(/^\/+/, "/")}${url.search}${url.hash}`;
  try {
    return new URL(out, `${BASE}/`).origin === BASE && out.startsWith("/") ? out : "/";
  } catch {
    return "/";
  }
}
