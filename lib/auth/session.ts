/**
 * Sessions: an HMAC-signed random id in an HttpOnly cookie, the state in this process's memory.
 *
 * No `import "server-only"`: `proxy.ts` imports this module, and the proxy bundle is not built
 * with the react-server condition that makes that import a no-op. It uses `node:crypto`, so it
 * cannot end up in a browser bundle anyway.
 *
 * State lives on `globalThis` (under a registered symbol) because Next.js gives the proxy and each
 * route bundle their own copy of a module: a module-level Map would not be shared between them.
 */
import crypto from "node:crypto";

/** Sign-in modes (`TRUSTDECK_AUTH`). */
export type AuthMode = "local" | "token" | "none";

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = "trustdeck-session";
/** Name of the readable CSRF cookie the browser echoes in {@link CSRF_HEADER}. */
export const CSRF_COOKIE = "trustdeck-csrf";
/**
 * Prefix of the cookie names used over https: a `__Host-` cookie must be Secure, have Path=/ and no
 * Domain, so a sibling subdomain can neither set nor overwrite it (RFC 6265bis, cookie prefixes).
 * Plain http (local use on 127.0.0.1) keeps the plain names: browsers refuse `__Host-` there.
 */
export const HOST_PREFIX = "__Host-";

/** The name cookie `base` is set under: `__Host-<base>` over https, `base` otherwise. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `${HOST_PREFIX}${base}` : base;
}

/** Header carrying the CSRF token on every mutation. */
export const CSRF_HEADER = "x-trustdeck-csrf";

/** A session is dropped after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** A session is dropped this long after sign-in, whatever its use. */
export const SESSION_MAX_MS = 24 * 60 * 60 * 1000;
/** Upper bound on live sessions; the oldest are evicted first. */
export const MAX_SESSIONS = 10_000;

/** One signed-in browser. */
export interface Session {
  id: string;
  mode: AuthMode;
  createdAt: number;
  lastSeen: number;
  /** CSRF token bound to this session (HMAC of the id). */
  csrf: string;
  /**
   * Token mode only: the Kubernetes bearer token the user signed in with. Kept in this process's
   * memory, used for the user's Kubernetes calls, never written to a cookie, a response or a log.
   */
  token?: string;
  /** Identity as the API server reported it (SelfSubjectReview), when known. */
  username?: string;
  groups?: string[];
}

interface AuthState {
  secret: Buffer;
  sessions: Map<string, Session>;
  /** Local-mode sign-in token generated in-process when TRUSTDECK_AUTH_TOKEN is unset. */
  generatedToken?: string;
}

const STATE_KEY = Symbol.for("trustdeck.auth.state");

function state(): AuthState {
  const g = globalThis as unknown as Record<symbol, AuthState | undefined>;
  let s = g[STATE_KEY];
  if (!s) {
    s = { secret: crypto.randomBytes(32), sessions: new Map() };
    g[STATE_KEY] = s;
  }
  return s;
}

function hmac(data: string): string {
  return crypto.createHmac("sha256", state().secret).update(data).digest("base64url");
}

/** Constant-time string comparison (false for different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** A fresh random token (32 bytes, base64url). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** The local-mode sign-in token: `configured` when set, else one generated once per process. */
export function localSignInToken(configured: string | undefined): string {
  if (configured) return configured;
  const s = state();
  s.generatedToken ??= randomToken();
  return s.generatedToken;
}

function evictIfFull(sessions: Map<string, Session>): void {
  while (sessions.size >= MAX_SESSIONS) {
    const oldest = sessions.keys().next();
    if (oldest.done) return;
    sessions.delete(oldest.value);
  }
}

/**
 * Creates a session and returns it with the signed cookie value (`<id>.<hmac>`).
 * @param extra token-mode credential and identity.
 */
export function createSession(
  mode: AuthMode,
  extra: Pick<Session, "token" | "username" | "groups"> = {},
): { session: Session; cookie: string } {
  const id = randomToken();
  const now = Date.now();
  const session: Session = { id, mode, createdAt: now, lastSeen: now, csrf: hmac(`csrf:${id}`), ...extra };
  const sessions = state().sessions;
  evictIfFull(sessions);
  sessions.set(id, session);
  return { session, cookie: `${id}.${hmac(`session:${id}`)}` };
}

/** The live session a signed cookie value names, or undefined (bad signature, unknown, expired). */
export function verifySessionCookie(value: string | undefined): Session | undefined {
  if (!value) return undefined;
  const dot = value.indexOf(".");
  if (dot <= 0) return undefined;
  const id = value.slice(0, dot);
  if (!safeEqual(value.slice(dot + 1), hmac(`session:${id}`))) return undefined;
  const sessions = state().sessions;
  const session = sessions.get(id);
  if (!session) return undefined;
  const now = Date.now();
  if (now - session.lastSeen > SESSION_IDLE_MS || now - session.createdAt > SESSION_MAX_MS) {
    sessions.delete(id);
    return undefined;
  }
  session.lastSeen = now;
  return session;
}

/** Forgets a session (sign-out). */
export function destroySession(id: string): void {
  state().sessions.delete(id);
}

/** Forgets every session (tests). */
export function resetSessions(): void {
  state().sessions.clear();
}

/** Value of cookie `name` in a `Cookie` header, or undefined. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The value of cookie `base` in a `Cookie` header, its `__Host-` form first: a plain-named cookie
 * planted by a sibling subdomain never wins over the one this app set over https.
 */
export function readPrefixedCookie(header: string | null | undefined, base: string): string | undefined {
  return readCookie(header, `${HOST_PREFIX}${base}`) ?? readCookie(header, base);
}

/** The live session of a request's `Cookie` header, or undefined. */
export function sessionFromCookieHeader(header: string | null | undefined): Session | undefined {
  return verifySessionCookie(readPrefixedCookie(header, SESSION_COOKIE));
}
