import { signInThroughProvider } from "./test/integration/helpers/oidc";
const { oidcServerEnv } = await import("./scripts/lib/oidc.mjs");
Object.assign(process.env, oidcServerEnv(".cluster/oidc"));
const { refreshSession } = await import("./lib/auth/oidc");
const s = await signInThroughProvider("alice");
if (s.refused) throw new Error("refused");
try {
  const out = await refreshSession({ id: "x", mode: "oidc", createdAt: Date.now(), lastSeen: Date.now(), csrf: "c", oidc: { idToken: s.idToken, refreshToken: s.refreshToken, expiresAt: Date.now() } });
  console.log("ok", out.oidc?.idToken !== s.idToken, out.oidc?.expiresAt);
} catch (e) { console.log("ERR", e); }
