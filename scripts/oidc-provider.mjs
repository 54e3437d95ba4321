#!/usr/bin/env node
// @ts-check
// The local control plane's identity provider: `oidc-provider` (an OpenID Certified™ provider)
// over HTTPS on 127.0.0.1, with the users and groups of `oidc/users.json` in the state folder and
// one confidential client, `trustdeck`. Started and stopped by `scripts/cluster.mjs`; the
// kube-apiserver trusts its ID tokens through an AuthenticationConfiguration (scripts/lib/oidc.mjs).
//
//   node scripts/oidc-provider.mjs <oidc state dir>
//
// Its login page is its own (GET/POST /interaction/:uid): a username and password form checked
// against users.json. Consent is implied for the one first-party client.
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import Provider from "oidc-provider";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/oidc-provider.mjs <oidc state dir>");
  process.exit(2);
}
/** @type {import("./lib/oidc.mjs").OidcConfig} */
const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
/** @type {Record<string, import("./lib/oidc.mjs").OidcUser>} */
const users = Object.fromEntries(config.users.map((u) => [u.username, u]));

const signingKey = crypto
  .generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ format: "jwk" });

const provider = new Provider(config.issuer, {
  clients: [
    {
      client_id: config.client.id,
      client_secret: config.client.secret,
      redirect_uris: config.client.redirectUris,
      post_logout_redirect_uris: config.client.postLogoutRedirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  scopes: ["openid", "email", "profile", "groups", "offline_access"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
    groups: ["groups"],
  },
  // The ID token carries the claims (kube-apiserver reads username and groups from it).
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => {
    const user = users[id];
    if (!user) return undefined;
    return {
      accountId: id,
      claims: async () => ({
        sub: id,
        email: user.email,
        email_verified: true,
        name: user.name,
        preferred_username: user.username,
        groups: user.groups,
      }),
    };
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
    revocation: { enabled: true },
  },
  ttl: {
    IdToken: config.idTokenTtlSeconds,
    AccessToken: config.idTokenTtlSeconds,
    RefreshToken: 24 * 3600,
    Session: 24 * 3600,
    Grant: 24 * 3600,
    Interaction: 600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
  jwks: { keys: [{ ...signingKey, kid: crypto.randomBytes(8).toString("hex"), use: "sig", alg: "RS256" }] },
});

/** @param {string} s */
const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {string} uid @param {string} [error] */
function loginPage(uid, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in — local identity provider</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.err{color:#b00020}</style></head>
<body><h1>Local identity provider</h1><p>Sign in to continue to Trustdeck.</p>
${error ? `<p class="err" role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></body></html>`;
}

/** @param {import("node:http").IncomingMessage} req @returns {Promise<URLSearchParams>} */
async function formBody(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 8192) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

/** @param {string} a @param {string} b */
const sameSecret = (a, b) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

const callback = provider.callback();
const server = https.createServer(
  { cert: fs.readFileSync(path.join(dir, "tls.crt")), key: fs.readFileSync(path.join(dir, "tls.key")) },
  async (req, res) => {
    const url = new URL(req.url ?? "/", config.issuer);
    const m = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "consent") {
        // First-party client: grant what it asked for.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session?.accountId, clientId: config.client.id });
        if (!grant) throw new Error("grant not found");
        const missing = /** @type {{ missingOIDCScope?: string[], missingOIDCClaims?: string[] }} */ (
          details.prompt.details
        );
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        const grantId = await grant.save();
        return provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      }
      if (req.method === "POST" && m[2]) {
        const form = await formBody(req);
        const user = users[form.get("username") ?? ""];
        if (!user || !sameSecret(form.get("password") ?? "", user.password)) {
          res.writeHead(401, { "content-type": "text/html; charset=utf-8" });
          return res.end(loginPage(details.uid, "Unknown user or wrong password."));
        }
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: user.username } },
          { mergeWithLastSubmission: false },
        );
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(loginPage(details.uid));
    } catch (err) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end(`sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
);
server.listen(config.port, "127.0.0.1", () => {
  console.log(`[oidc] ${config.issuer} serving ${config.users.length} users`);
});
for (const sig of /** @type {const} */ (["SIGINT", "SIGTERM"]))
  process.on(sig, () => server.close(() => process.exit(0)));
