/**
 * OpenID Connect sign-in (`TRUSTDECK_AUTH=oidc`) with `openid-client` (OpenID Certified): the
 * authorization code flow with PKCE (S256), state and nonce (OpenID Connect Core 1.0 section 3.1;
 * RFC 7636), refresh (RFC 6749 section 6), revocation (RFC 7009) and RP-initiated logout
 * (OpenID Connect RP-Initiated Logout 1.0).
 *
 * The person's ID token is their bearer token to the Kubernetes API (the API server validates it
 * with its own OIDC/JWT authenticator: issuer, audience = client ID, claim mappings), so the
 * cluster's RBAC applies to each person and writes go with it.
 *
 * No `server-only` import: `proxy.ts` refreshes tokens with this module.
 */
import fs from "node:fs";
import https from "node:https";
import { EncryptJWT, jwtDecrypt } from "jose";
import * as client from "openid-client";
import { getEnv, type OidcSettings } from "@/lib/env";
import { type OidcTokens, randomToken, type Session } from "./session";
import { sessionKeys } from "./session-key";

/** Where the provider sends the browser back to (must be registered with the provider). */
export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";
/** Cookie holding the sealed state of one sign-in in progress (PKCE verifier, state, nonce). */
export const OIDC_FLOW_COOKIE = "trustdeck-oidc-flow";
/** How long a sign-in at the provider may take, in seconds. */
export const OIDC_FLOW_SECONDS = 600;

/** Why an OIDC step failed; each code has one plain message on the sign-in page. */
export type OidcFailure = "state" | "denied" | "unreachable" | "failed" | "config";

/** Plain words for each failure (shown on /signin?error=oidc-<code>). */
export const OIDC_FAILURE_MESSAGES: Record<OidcFailure, string> = {
  state:
    "The answer from the identity provider does not belong to a sign-in this browser started (state mismatch, or it took longer than 10 minutes). Start again.",
  denied: "The identity provider did not sign you in (access denied or cancelled).",
  unreachable:
    "The identity provider could not be reached. Try again in a moment, or ask your administrator.",
  failed:
    "The identity provider's answer could not be used to sign you in. Try again, or ask your administrator.",
  config:
    "Sign-in with the identity provider is not configured correctly on this server. Ask your administrator.",
};

/** An OIDC step that failed, with its code and the detail for the server's log. */
export class OidcError extends Error {
  constructor(
    readonly code: OidcFailure,
    detail: string,
  ) {
    super(detail);
    this.name = "OidcError";
  }
}

/** The settings of oidc mode. @throws OidcError("config") outside oidc mode. */
export function oidcSettings(): OidcSettings {
  const settings = getEnv().oidc;
  if (!settings) throw new OidcError("config", "TRUSTDECK_AUTH is not oidc");
  return settings;
}

/**
 * A fetch for `openid-client` that trusts only the CA bundle `ca` (TRUSTDECK_OIDC_CA_FILE), built
 * on node:https (the global fetch takes no CA option).
 */
function fetchTrusting(ca: string): client.CustomFetch {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const req = https.request(url, { method: options.method, headers: options.headers, ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const one of v) headers.append(k, one);
            else if (v !== undefined) headers.set(k, v);
          }
          const status = res.statusCode ?? 500;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        });
      });
      req.on("error", reject);
      options.signal?.addEventListener("abort", () => req.destroy(new Error("aborted")));
      req.setTimeout(getEnv().requestTimeoutMs, () => req.destroy(new Error("timed out")));
      const body = options.body;
      if (body === undefined || body === null) req.end();
      else
        req.end(typeof body === "string" ? body : body instanceof URLSearchParams ? body.toString() : body);
    });
}

/**
 * The discovered configuration, per module copy on purpose (not on globalThis): Next.js bundles the
 * proxy and each route with their own copy of openid-client, which checks `instanceof Configuration`.
 */
let configuration: Promise<client.Configuration> | undefined;

function clientSecret(settings: OidcSettings): string | undefined {
  if (settings.clientSecret) return settings.clientSecret;
  if (!settings.clientSecretFile) return undefined;
  try {
    return fs.readFileSync(settings.clientSecretFile, "utf8").trim() || undefined;
  } catch (err) {
    throw new OidcError(
      "config",
      `TRUSTDECK_OIDC_CLIENT_SECRET_FILE: ${err instanceof Error ? err.message : err}`,
    );
  }
}

/**
 * The provider's configuration (discovery at `<issuer>/.well-known/openid-configuration`), cached
 * after the first success; a failure is retried on the next call.
 * @throws OidcError("unreachable") when discovery fails, ("config") for unreadable settings.
 */
export async function oidcConfiguration(): Promise<client.Configuration> {
  if (configuration) return configuration;
  const settings = oidcSettings();
  const secret = clientSecret(settings);
  let ca: string | undefined;
  if (settings.caFile) {
    try {
      ca = fs.readFileSync(settings.caFile, "utf8");
    } catch (err) {
      throw new OidcError("config", `TRUSTDECK_OIDC_CA_FILE: ${err instanceof Error ? err.message : err}`);
    }
  }
  const pending = client
    .discovery(
      new URL(settings.issuer),
      settings.clientId,
      secret ? { client_secret: secret } : undefined,
      secret ? client.ClientSecretBasic(secret) : client.None(),
      {
        ...(ca ? { [client.customFetch]: fetchTrusting(ca) } : {}),
        ...(settings.issuer.startsWith("http:") ? { execute: [client.allowInsecureRequests] } : {}),
      },
    )
    .catch((err: unknown) => {
      configuration = undefined;
      throw new OidcError(
        "unreachable",
        `discovery at ${settings.issuer} failed: ${err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ""}` : err}`,
      );
    });
  configuration = pending;
  return pending;
}

/** Forgets the discovered configuration (tests). */
export function resetOidcConfiguration(): void {
  configuration = undefined;
}

/** What the flow cookie carries between the redirect to the provider and the callback. */
interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
  next: string;
}

/** The redirect URI for a request: `TRUSTDECK_PUBLIC_URL` + callback path, else the request's origin. */
export function redirectUri(origin: string): string {
  return `${getEnv().publicUrl ?? origin}${OIDC_CALLBACK_PATH}`;
}

/**
 * Starts a sign-in: the provider's authorization URL (code flow, PKCE S256, state, nonce) and the
 * sealed flow cookie value that the callback needs (valid {@link OIDC_FLOW_SECONDS}).
 * @param origin the origin the browser uses (for the redirect URI).
 * @param next where to go after sign-in (already checked to be a local path).
 */
export async function beginSignIn(origin: string, next: string): Promise<{ url: string; flow: string }> {
  const config = await oidcConfiguration();
  const settings = oidcSettings();
  const flow: Flow = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    redirectUri: redirectUri(origin),
    next,
  };
  const params: Record<string, string> = {
    redirect_uri: flow.redirectUri,
    scope: settings.scopes.join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  };
  // Refresh tokens for offline_access are only issued after consent (OIDC Core section 11).
  if (settings.scopes.includes("offline_access")) params.prompt = "consent";
  const url = client.buildAuthorizationUrl(config, params).href;
  const [key] = sessionKeys();
  if (!key) throw new OidcError("config", "no session key");
  const sealed = await new EncryptJWT({ f: flow })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: key.id })
    .setIssuedAt()
    .setExpirationTime(`${OIDC_FLOW_SECONDS}s`)
    .encrypt(key.secret);
  return { url, flow: sealed };
}

async function openFlow(value: string | undefined): Promise<Flow | undefined> {
  if (!value) return undefined;
  for (const key of sessionKeys()) {
    try {
      const { payload } = await jwtDecrypt(value, key.secret, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      const f = payload.f as Flow | undefined;
      if (f && typeof f.verifier === "string" && typeof f.state === "string") return f;
    } catch {
      // next key
    }
  }
  return undefined;
}

/** The identity and tokens of a finished sign-in. */
export interface OidcSignIn {
  username: string;
  groups: string[];
  tokens: OidcTokens;
  next: string;
}

function claimString(claims: Record<string, unknown>, name: string): string | undefined {
  const v = claims[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function claimGroups(claims: Record<string, unknown>, name: string): string[] {
  const v = claims[name];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === "string");
  return typeof v === "string" ? [v] : [];
}

function tokensOf(
  response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  previousRefresh?: string,
): { tokens: OidcTokens; claims: Record<string, unknown> } {
  const claims = response.claims();
  if (!response.id_token || !claims) throw new OidcError("failed", "the token response has no ID token");
  return {
    claims: claims as Record<string, unknown>,
    tokens: {
      idToken: response.id_token,
      ...((response.refresh_token ?? previousRefresh)
        ? { refreshToken: response.refresh_token ?? previousRefresh }
        : {}),
      expiresAt: claims.exp * 1000,
    },
  };
}

/**
 * Finishes a sign-in at the callback: checks the provider's answer against the flow cookie (state),
 * redeems the code with the PKCE verifier, validates the ID token (signature, issuer, audience,
 * nonce, expiry: openid-client) and reads the username and groups claims.
 * @param callbackUrl the callback request's URL (its query carries code/state or error).
 * @param flowCookie the sealed flow cookie value.
 * @throws OidcError: "state" (no/expired flow cookie, state mismatch), "denied" (the provider
 * answered with an error), "unreachable", "failed" (anything else).
 */
export async function finishSignIn(callbackUrl: URL, flowCookie: string | undefined): Promise<OidcSignIn> {
  const flow = await openFlow(flowCookie);
  if (!flow)
    throw new OidcError("state", "no sign-in in progress in this browser (flow cookie missing or expired)");
  const error = callbackUrl.searchParams.get("error");
  const state = callbackUrl.searchParams.get("state");
  if (state !== flow.state)
    throw new OidcError("state", "the state parameter does not match this browser's sign-in");
  if (error) {
    throw new OidcError(
      "denied",
      `the provider answered ${error}: ${callbackUrl.searchParams.get("error_description") ?? ""}`,
    );
  }
  const config = await oidcConfiguration();
  const settings = oidcSettings();
  // The URL the provider redirected to, as registered (behind a proxy req.url names another origin).
  const current = new URL(flow.redirectUri);
  current.search = callbackUrl.search;
  let response: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    response = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw classify(err, "redeeming the authorization code");
  }
  const { tokens, claims } = tokensOf(response);
  const username = claimString(claims, settings.usernameClaim);
  if (!username) {
    throw new OidcError(
      "failed",
      `the ID token has no ${settings.usernameClaim} claim (TRUSTDECK_OIDC_USERNAME_CLAIM)`,
    );
  }
  return { username, groups: claimGroups(claims, settings.groupsClaim), tokens, next: flow.next };
}

function classify(err: unknown, what: string): OidcError {
  if (err instanceof OidcError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : "";
  const network =
    err instanceof TypeError ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|timed out|fetch failed/i.test(message + cause);
  return new OidcError(network ? "unreachable" : "failed", `${what}: ${message}${cause}`);
}

/**
 * True when the session's ID token expires within `TRUSTDECK_OIDC_REFRESH_BEFORE_SECONDS` (oidc
 * sessions only).
 */
export function needsRefresh(
  session: Session,
  now = Date.now(),
  marginMs = getEnv().oidc?.refreshBeforeMs ?? 60_000,
): boolean {
  return !!session.oidc && session.oidc.expiresAt - now < marginMs;
}

const IN_FLIGHT = Symbol.for("trustdeck.auth.oidcRefresh");

/**
 * A fresh ID token for `session` from its refresh token (one request per session at a time in this
 * process). The session keeps its id, identity and CSRF token.
 * @throws OidcError when there is no refresh token or the provider refuses it (the session is over).
 */
export async function refreshSession(session: Session): Promise<Session> {
  const refreshToken = session.oidc?.refreshToken;
  if (!refreshToken)
    throw new OidcError("failed", "the session has no refresh token and its ID token expired");
  const g = globalThis as unknown as Record<symbol, Map<string, Promise<Session>> | undefined>;
  g[IN_FLIGHT] ??= new Map();
  const inFlight = g[IN_FLIGHT];
  const running = inFlight.get(session.id);
  if (running) return running;
  const work = (async () => {
    const config = await oidcConfiguration();
    let response: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
    try {
      response = await client.refreshTokenGrant(config, refreshToken);
    } catch (err) {
      throw classify(err, "refreshing the ID token");
    }
    const { tokens } = tokensOf(response, refreshToken);
    return { ...session, oidc: tokens, lastSeen: Date.now() };
  })();
  inFlight.set(session.id, work);
  try {
    return await work;
  } finally {
    inFlight.delete(session.id);
  }
}

/**
 * Ends the person's grant at the provider: revokes the refresh token (RFC 7009) when the provider
 * has a revocation endpoint, and returns the RP-initiated logout URL (with `id_token_hint` and
 * `post_logout_redirect_uri` = `<origin>/signin`) when it has an end_session_endpoint, else undefined.
 * Never throws: a provider that cannot be reached leaves only the local sign-out.
 */
export async function endProviderSession(session: Session, origin: string): Promise<string | undefined> {
  let config: client.Configuration;
  try {
    config = await oidcConfiguration();
  } catch {
    return undefined;
  }
  const meta = config.serverMetadata();
  if (session.oidc?.refreshToken && meta.revocation_endpoint) {
    await client
      .tokenRevocation(config, session.oidc.refreshToken, { token_type_hint: "refresh_token" })
      .catch(() => undefined);
  }
  if (!meta.end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, {
    ...(session.oidc ? { id_token_hint: session.oidc.idToken } : {}),
    post_logout_redirect_uri: `${getEnv().publicUrl ?? origin}/signin`,
    state: randomToken(12),
  }).href;
}
