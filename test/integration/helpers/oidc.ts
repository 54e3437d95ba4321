import crypto from "node:crypto";
import fs from "node:fs";
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
