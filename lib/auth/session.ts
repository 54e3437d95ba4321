/**
 * Sessions: sealed cookies. The whole session (id, mode, identity, CSRF token, and in token/oidc mode
 * the person's credentials) is encrypted and authenticated with JWE (`dir` + `A256GCM`, RFC 7516,
 * by `jose`) under the session key, so any replica holding the same key opens it and a restart
 * loses nothing. Page scripts never read it (HttpOnly). Sign-out is recorded in a revocation list
 * (lib/auth/revocations.ts) that every replica consults, shared through a ConfigMap when
 * `TRUSTDECK_SESSION_REVOCATIONS` is set.
 *
 * No `import "server-only"`: `proxy.ts` imports this module, and the proxy bundle is not built
 * with the react-server condition that makes that import a no-op. It uses `node:crypto`, so it
 * cannot end up in a browser bundle anyway.
 *
 * State (the key) lives on `globalThis` (under a registered symbol) because Next.js gives the proxy
 * and each route bundle their own copy of a module.
 */
import crypto from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import { isRevoked, resetRevocations, revokeSession } from "./revocations";
import { sessionKeys } from "./session-key";

/** Sign-in modes (`TRUSTDECK_AUTH`). */
export type AuthMode = "local" | "token" | "oidc" | "none";

/** Name of the HttpOnly session cookie (chunks beyond the first are `<name>.1`, `<name>.2`, ...). */
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
/** The proxy re-seals a session's cookie (moving `lastSeen`) when it is older than this. */
export const SESSION_RESEAL_MS = 5 * 60 * 1000;
/**
 * Largest cookie value per chunk, in characters. Browsers keep at least 4096 bytes per cookie
 * (name, value and attributes, RFC 6265 section 6.1); 3800 leaves room for the rest.
 */
export const COOKIE_CHUNK_CHARS = 3800;
/** At most this many chunks (a larger session is refused at sign-in rather than cut). */
export const MAX_COOKIE_CHUNKS = 5;

/** oidc mode: the person's tokens from the identity provider. */
export interface OidcTokens {
  /** The ID token: the person's bearer token to the Kubernetes API. */
  idToken: string;
  /** The refresh token, when the provider issued one (scope offline_access). */
  refreshToken?: string;
  /** When the ID token expires (its `exp`), in ms since the epoch. */
  expiresAt: number;
}

/** One signed-in browser: exactly what the sealed cookie carries. */
export interface Session {
  id: string;
  mode: AuthMode;
  createdAt: number;
  lastSeen: number;
  /** CSRF token bound to this session (random, compared with the header on each mutation). */
  csrf: string;
  /**
   * Token mode only: the Kubernetes bearer token the user signed in with. Sealed in the cookie,
   * used for the user's Kubernetes calls, never written to a response, a page or a log.
   */
  token?: string;
  /** oidc mode only: the provider's tokens (sealed like `token`). */
  oidc?: OidcTokens;
  /** Identity as the API server or the ID token reported it, when known. */
  username?: string;
  groups?: string[];
}

interface AuthState {
  /** Local-mode sign-in token generated in-process when TRUSTDECK_AUTH_TOKEN is unset. */
  generatedToken?: string;
}

const STATE_KEY = Symbol.for("trustdeck.auth.state");

function state(): AuthState {
  const g = globalThis as unknown as Record<symbol, AuthState | undefined>;
  let s = g[STATE_KEY];
  if (!s) {
    s = {};
    g[STATE_KEY] = s;
  }
  return s;
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

/**
 * Seals `session` into a compact JWE (`dir` + `A256GCM`, `kid` naming the key) that expires with the
 * session (`exp` = sign-in + {@link SESSION_MAX_MS}).
 */
export async function sealSession(session: Session): Promise<string> {
  const [key] = sessionKeys();
  if (!key) throw new Error("no session key");
  return new EncryptJWT({ s: session })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: key.id })
    .setIssuedAt()
    .setExpirationTime(Math.floor((session.createdAt + SESSION_MAX_MS) / 1000))
    .encrypt(key.secret);
}

/**
 * Creates a session and returns it with its sealed cookie value.
 * @param extra token/oidc-mode credentials and identity.
 */
export async function createSession(
  mode: AuthMode,
  extra: Pick<Session, "token" | "oidc" | "username" | "groups"> = {},
): Promise<{ session: Session; cookie: string }> {
  const now = Date.now();
  const session: Session = {
    id: randomToken(18),
    mode,
    createdAt: now,
    lastSeen: now,
    csrf: randomToken(),
    ...extra,
  };
  return { session, cookie: await sealSession(session) };
}

function isSession(v: unknown): v is Session {
  const s = v as Session | null;
  return (
    !!s &&
    typeof s.id === "string" &&
    typeof s.mode === "string" &&
    typeof s.createdAt === "number" &&
    typeof s.lastSeen === "number" &&
    typeof s.csrf === "string"
  );
}

/**
 * The live session a sealed cookie value holds, or undefined: not decryptable with any session key
 * (forged, tampered, another key), expired (idle or absolute), or signed out.
 */
export async function verifySessionCookie(value: string | undefined): Promise<Session | undefined> {
  if (!value || value.length > COOKIE_CHUNK_CHARS * MAX_COOKIE_CHUNKS) return undefined;
  let session: unknown;
  for (const key of sessionKeys()) {
    try {
      const { payload } = await jwtDecrypt(value, key.secret, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      session = payload.s;
      break;
    } catch {
      // next key (rotation), else refused below
    }
  }
  if (!isSession(session)) return undefined;
  const now = Date.now();
  if (now - session.lastSeen > SESSION_IDLE_MS || now - session.createdAt > SESSION_MAX_MS) return undefined;
  if (isRevoked(session.id)) return undefined;
  return session;
}

/**
 * Signs a session out on every replica: its id joins the revocation list until the session would
 * have expired anyway. Resolves once the shared list (when configured) holds it.
 */
export async function destroySession(session: Pick<Session, "id" | "createdAt">): Promise<void> {
  await revokeSession(session.id, session.createdAt + SESSION_MAX_MS);
}

/** Forgets the revocation list and, when the key is generated per process, the key (tests). */
export function resetSessions(): void {
  resetRevocations();
  sessionKeys.reset();
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

/** Name of chunk `i` of the session cookie named `name` (chunk 0 is `name` itself). */
export function chunkName(name: string, i: number): string {
  return i === 0 ? name : `${name}.${i}`;
}

/** Splits a sealed value into cookie-sized chunks. */
export function chunkValue(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += COOKIE_CHUNK_CHARS) out.push(value.slice(i, i + COOKIE_CHUNK_CHARS));
  return out.length > 0 ? out : [""];
}

/**
 * The sealed session value of a `Cookie` header: the session cookie and its chunks, under the
 * `__Host-` name when that one is present (a planted plain-named cookie never wins).
 */
export function readSessionCookie(header: string | null | undefined): string | undefined {
  for (const name of [`${HOST_PREFIX}${SESSION_COOKIE}`, SESSION_COOKIE]) {
    const first = readCookie(header, name);
    if (first === undefined) continue;
    let value = first;
    for (let i = 1; i < MAX_COOKIE_CHUNKS; i++) {
      const next = readCookie(header, chunkName(name, i));
      if (next === undefined) break;
      value += next;
    }
    return value;
  }
  return undefined;
}

/** The live session of a request's `Cookie` header, or undefined. */
export function sessionFromCookieHeader(header: string | null | undefined): Promise<Session | undefined> {
  return verifySessionCookie(readSessionCookie(header));
}
