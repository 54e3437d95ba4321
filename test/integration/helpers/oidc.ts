import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { KUBECONFIG } from "./kubectl";

/** The local OIDC provider's state (scripts/lib/oidc.mjs), beside the plane's kubeconfig. */
export const OIDC_DIR = path.join(path.dirname(KUBECONFIG), "oidc");

interface OidcConfig {
  issuer: string;
  client: { id: string; secret: string; redirectUris: string[] };
  users: { username: string; password: string; groups: string[] }[];
}

/** The provider's issuer, client and seeded people (with this start's passwords). */
export function oidcConfig(): OidcConfig {
  return JSON.parse(fs.readFileSync(path.join(OIDC_DIR, "config.json"), "utf8"));
}

interface Reply {
  status: number;
  location?: string;
  body: string;
}

/** A browser-like HTTPS client with a cookie jar that trusts only the provider's CA. */
function client() {
  const ca = fs.readFileSync(path.join(OIDC_DIR, "ca.crt"));
  const jar = new Map<string, string>();
  return (url: string, init: { method?: string; form?: Record<string, string>; auth?: string } = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
      const req = https.request(
        url,
        {
          method: init.method ?? "GET",
          ca,
          headers: {
            cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
            ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
            ...(init.auth ? { authorization: init.auth } : {}),
          },
        },
        (res) => {
          for (const c of res.headers["set-cookie"] ?? []) {
            const kv = c.split(";")[0] ?? "";
            const i = kv.indexOf("=");
            jar.set(kv.slice(0, i), kv.slice(i + 1));
          }
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d) => {
            text += d;
          });
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/**
 * Sign in as `username` through the provider's own login form (authorization code + PKCE, the
 * way a browser does) and redeem the code: the ID token is what Kubernetes accepts as the person.
 */
export async function signInThroughProvider(username: string, password?: string) {
  const cfg = oidcConfig();
  const user = cfg.users.find((u) => u.username === username);
  if (!user) throw new Error(`no such person in the provider: ${username}`);
  const go = client();
  const verifier = crypto.randomBytes(32).toString("base64url");
  const redirect = cfg.client.redirectUris[0] ?? "";
  const auth = new URL("/auth", cfg.issuer);
  for (const [k, v] of Object.entries({
    client_id: cfg.client.id,
    response_type: "code",
    scope: "openid email profile groups offline_access",
    redirect_uri: redirect,
    code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: crypto.randomBytes(8).toString("hex"),
    prompt: "consent",
  }))
    auth.searchParams.set(k, v);
  let res = await go(auth.href);
  const interaction = new URL(res.location ?? "", cfg.issuer).href;
  const page = await go(interaction);
  if (!page.body.includes('name="password"')) throw new Error(`no login form at ${interaction}`);
  res = await go(`${interaction}/login`, {
    method: "POST",
    form: { username, password: password ?? user.password },
  });
  if (res.status === 401) return { refused: true as const, page: res.body };
  for (let i = 0; i < 6 && res.location && !res.location.startsWith(redirect); i++)
    res = await go(new URL(res.location, cfg.issuer).href);
  const code = new URL(res.location ?? "", cfg.issuer).searchParams.get("code");
  if (!code) throw new Error(`no authorization code (status ${res.status}, location ${res.location})`);
  const basic = `Basic ${Buffer.from(`${cfg.client.id}:${cfg.client.secret}`).toString("base64")}`;
  const token = await go(new URL("/token", cfg.issuer).href, {
    method: "POST",
    auth: basic,
    form: { grant_type: "authorization_code", code, redirect_uri: redirect, code_verifier: verifier },
  });
  const tokens = JSON.parse(token.body) as { id_token: string; refresh_token: string };
  return { refused: false as const, idToken: tokens.id_token, refreshToken: tokens.refresh_token };
}

/** One answer of {@link browser}. */
export interface BrowserReply {
  status: number;
  location?: string;
  body: string;
  setCookies: string[];
}

/**
 * A browser-like client for Trustdeck (http) and the provider (https, trusting only its CA): one
 * cookie jar per origin (paths ignored), cookies expired by `Max-Age=0` dropped. Redirects are not
 * followed; {@link signInToTrustdeck} walks them.
 */
export function browser() {
  const ca = fs.readFileSync(path.join(OIDC_DIR, "ca.crt"));
  const jars = new Map<string, Map<string, string>>();
  const jar = (origin: string) => {
    let j = jars.get(origin);
    if (!j) {
      j = new Map();
      jars.set(origin, j);
    }
    return j;
  };
  const request = (
    url: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) =>
    new Promise<BrowserReply>((resolve, reject) => {
      const u = new URL(url);
      const cookies = jar(u.origin);
      const body = init.form
        ? new URLSearchParams(init.form).toString()
        : init.json !== undefined
          ? JSON.stringify(init.json)
          : undefined;
      const lib = u.protocol === "https:" ? https : http;
      const req = lib.request(
        url,
        {
          method: init.method ?? "GET",
          ...(u.protocol === "https:" ? { ca } : {}),
          headers: {
            cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
            accept: "text/html,application/json",
            ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
            ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
            ...init.headers,
          },
        },
        (res) => {
          const setCookies = res.headers["set-cookie"] ?? [];
          for (const c of setCookies) {
            const kv = c.split(";")[0] ?? "";
            const i = kv.indexOf("=");
            const name = kv.slice(0, i);
            if (/max-age=0\b/i.test(c) || /expires=Thu, 01 Jan 1970/i.test(c)) cookies.delete(name);
            else cookies.set(name, kv.slice(i + 1));
          }
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d) => {
            text += d;
          });
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text, setCookies }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return {
    request,
    /** The cookies this browser holds for `origin`. */
    cookies: (origin: string) => jar(new URL(origin).origin),
    /** A mutation the way the page's script sends it: Origin and the CSRF cookie echoed in a header. */
    post: (url: string, json: unknown = {}) => {
      const origin = new URL(url).origin;
      return request(url, {
        method: "POST",
        json,
        headers: { origin, "x-trustdeck-csrf": jar(origin).get("trustdeck-csrf") ?? "" },
      });
    },
  };
}

/**
 * Signs `username` in to the Trustdeck at `base` the way a browser does: Trustdeck's
 * /api/auth/oidc/login, the provider's own login form, back to Trustdeck's callback.
 * The provider's redirect to the callback is delivered to `base` (the registered redirect URI may
 * name the public URL of a Trustdeck behind a proxy, TRUSTDECK_PUBLIC_URL).
 * @returns the final reply (a redirect into the app on success) and the browser.
 */
export async function signInToTrustdeck(
  base: string,
  username: string,
  opts: { browser?: ReturnType<typeof browser>; password?: string } = {},
) {
  const b = opts.browser ?? browser();
  const user = oidcConfig().users.find((u) => u.username === username);
  if (!user) throw new Error(`no such person in the provider: ${username}`);
  let res = await b.request(`${base}/api/auth/oidc/login`);
  if (res.status !== 303 || !res.location)
    throw new Error(`login did not redirect: ${res.status} ${res.body}`);
  const issuer = oidcConfig().issuer;
  res = await b.request(res.location);
  const interaction = new URL(res.location ?? "", issuer).href;
  const page = await b.request(interaction);
  if (!page.body.includes('name="password"')) throw new Error(`no login form at ${interaction}`);
  res = await b.request(`${interaction}/login`, {
    method: "POST",
    form: { username, password: opts.password ?? user.password },
  });
  if (res.status === 401) return { res, browser: b, refused: true };
  for (
    let i = 0;
    i < 8 && res.location && new URL(res.location, issuer).origin === new URL(issuer).origin;
    i++
  ) {
    res = await b.request(new URL(res.location, issuer).href);
  }
  if (!res.location) throw new Error(`the provider did not redirect back (${res.status})`);
  const back = new URL(res.location);
  if (back.pathname !== "/api/auth/oidc/callback") throw new Error(`unexpected redirect ${res.location}`);
  res = await b.request(`${base}${back.pathname}${back.search}`);
  return { res, browser: b, refused: false };
}
