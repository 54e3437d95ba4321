import crypto from "node:crypto";
import { jwtDecrypt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcServerEnv } from "../../scripts/lib/oidc.mjs";
import { KUBECONFIG } from "./helpers/kubectl";
import { freePort, type NextServer, startNext } from "./helpers/next-server";
import { browser, OIDC_DIR, oidcConfig, signInToTrustdeck } from "./helpers/oidc";

// Trustdeck's OIDC sign-in (TRUSTDECK_AUTH=oidc) against the plane's real provider: the ID token
// is the person's Kubernetes credential (the API server names them), it is refreshed before it
// expires, and every failure (state mismatch, denied, provider down) lands on /signin with a reason.

const key = crypto.randomBytes(32).toString("hex");
let server: NextServer;
let down: NextServer;

beforeAll(async () => {
  const common = {
    TRUSTDECK_KUBECONFIG: KUBECONFIG,
    TRUSTDECK_CONTEXT: "trustdeck-admin",
    TRUSTDECK_SESSION_KEY: key,
    TRUSTDECK_PUBLIC_URL: "http://127.0.0.1:3219",
  };
  // ID tokens live 600 s in the plane: refreshing 599 s ahead refreshes on the next request.
  server = await startNext(await freePort(), {
    ...oidcServerEnv(OIDC_DIR),
    ...common,
    TRUSTDECK_OIDC_REFRESH_BEFORE_SECONDS: "599",
  });
  // The same settings, but the issuer's port answers nothing.
  down = await startNext(await freePort(), {
    ...oidcServerEnv(OIDC_DIR),
    ...common,
    TRUSTDECK_OIDC_ISSUER: `https://127.0.0.1:${await freePort()}`,
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.stop(), down?.stop()]);
}, 60_000);

async function openSession(sealed: string) {
  const { payload } = await jwtDecrypt(sealed, Buffer.from(key, "hex"));
  return payload.s as { id: string; oidc: { idToken: string; expiresAt: number }; username: string };
}

describe("OIDC sign-in", () => {
  it("the sign-in page offers the provider; a signed-in person's requests run as them", async () => {
    const page = await (await fetch(`${server.base}/signin`)).text();
    expect(page).toContain("Sign in with the local identity provider");
    const b = browser();
    const { res } = await signInToTrustdeck(server.base, "bob", { browser: b });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/");
    const me = JSON.parse((await b.request(`${server.base}/api/auth/me`)).body);
    // SelfSubjectReview made with the session's ID token: the API server's own answer.
    expect(me).toMatchObject({ mode: "oidc", signedIn: true, user: { username: "oidc:bob" } });
    expect(me.user.groups).toContain("team-payments");
    // Bob's RBAC, not Trustdeck's: the cluster-wide list is refused, naming verb and resource.
    const list = await b.request(`${server.base}/api/certificates`);
    expect(list.status).toBe(403);
    expect(JSON.parse(list.body).error.denied).toMatchObject({ verb: "list", resource: "certificates" });
  }, 60_000);

  it("refreshes the ID token with the refresh token before it expires; the fresh one is accepted", async () => {
    const b = browser();
    await signInToTrustdeck(server.base, "alice", { browser: b });
    const before = await openSession(b.cookies(server.base).get("trustdeck-session") ?? "");
    await new Promise((r) => setTimeout(r, 1500)); // a later `exp` (whole seconds)
    const res = await b.request(`${server.base}/api/auth/me`);
    expect(JSON.parse(res.body).user.username).toBe("oidc:alice");
    expect(res.setCookies.some((c) => c.startsWith("trustdeck-session="))).toBe(true);
    const after = await openSession(b.cookies(server.base).get("trustdeck-session") ?? "");
    expect(after.id).toBe(before.id);
    expect(after.oidc.idToken).not.toBe(before.oidc.idToken);
    expect(after.oidc.expiresAt).toBeGreaterThan(before.oidc.expiresAt);
  }, 60_000);

  it("a callback whose state does not match this browser's sign-in is refused with a way back", async () => {
    const b = browser();
    const start = await b.request(`${server.base}/api/auth/oidc/login`);
    expect(start.status).toBe(303);
    const res = await b.request(`${server.base}/api/auth/oidc/callback?code=x&state=forged`);
    expect(res.status).toBe(303);
    expect(res.location).toBe("/signin?error=oidc-state");
    expect(b.cookies(server.base).has("trustdeck-session")).toBe(false);
    // Without any sign-in in progress (no flow cookie): the same.
    const bare = await browser().request(`${server.base}/api/auth/oidc/callback?code=x&state=y`);
    expect(bare.location).toBe("/signin?error=oidc-state");
    const page = await (await fetch(`${server.base}/signin?error=oidc-state`)).text();
    expect(page).toContain("does not belong to a sign-in this browser started");
    expect(page).toContain("Try again with the local identity provider");
  }, 60_000);

  it("the provider's denial (error=access_denied) is reported as such", async () => {
    const b = browser();
    const start = await b.request(`${server.base}/api/auth/oidc/login`);
    const state = new URL(start.location ?? "").searchParams.get("state");
    expect(state).toBeTruthy();
    expect(new URL(start.location ?? "").searchParams.get("code_challenge_method")).toBe("S256");
    const res = await b.request(
      `${server.base}/api/auth/oidc/callback?error=access_denied&error_description=no&state=${state}`,
    );
    expect(res.location).toBe("/signin?error=oidc-denied");
  }, 60_000);

  it("a wrong password stays on the provider's own page", async () => {
    const { refused, res } = await signInToTrustdeck(server.base, "carol", { password: "wrong" });
    expect(refused).toBe(true);
    expect(res.body).toContain("Unknown user or wrong password.");
    expect(oidcConfig().users.map((u) => u.username)).toContain("carol");
  }, 60_000);

  it("a provider that cannot be reached sends the browser back to /signin with the reason", async () => {
    const res = await browser().request(`${down.base}/api/auth/oidc/login`);
    expect(res.status).toBe(303);
    expect(res.location).toBe("/signin?error=oidc-unreachable");
    const page = await (await fetch(`${down.base}/signin?error=oidc-unreachable`)).text();
    expect(page).toContain("The identity provider could not be reached");
  }, 60_000);
});
