import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { needsRefresh } from "./oidc";
import { mergeRevocations } from "./revocations";
import {
  COOKIE_CHUNK_CHARS,
  chunkName,
  chunkValue,
  createSession,
  destroySession,
  readSessionCookie,
  resetSessions,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  sealSession,
  verifySessionCookie,
} from "./session";
import { parseSessionKey, parseSessionKeys } from "./session-key";

const saved = { ...process.env };
function withKey(value: string | undefined) {
  if (value === undefined) delete process.env.TRUSTDECK_SESSION_KEY;
  else process.env.TRUSTDECK_SESSION_KEY = value;
  resetEnvCache();
  resetSessions();
}
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetSessions();
});

const hex = () => crypto.randomBytes(32).toString("hex");

describe("sealed sessions (JWE dir + A256GCM)", () => {
  it("open with the key that sealed them, never with another, never after tampering", async () => {
    const k1 = hex();
    withKey(k1);
    const { session, cookie } = await createSession("token", { token: "secret-bearer", username: "u" });
    expect(cookie.split(".")).toHaveLength(5);
    expect(JSON.parse(Buffer.from(cookie.split(".")[0] ?? "", "base64url").toString())).toMatchObject({
      alg: "dir",
      enc: "A256GCM",
    });
    expect(cookie).not.toContain("secret-bearer");
    expect((await verifySessionCookie(cookie))?.token).toBe("secret-bearer");
    const parts = cookie.split(".");
    const flipped = `${parts[3]?.[0] === "A" ? "B" : "A"}${parts[3]?.slice(1)}`;
    expect(await verifySessionCookie([...parts.slice(0, 3), flipped, parts[4]].join("."))).toBeUndefined();
    withKey(hex());
    expect(await verifySessionCookie(cookie)).toBeUndefined();
    // Rotation: the new key first seals, the old one still opens.
    withKey(`${hex()},${k1}`);
    expect((await verifySessionCookie(cookie))?.id).toBe(session.id);
  });

  it("an idle session ends; a signed-out one ends; a revocation from the shared list ends it too", async () => {
    withKey(hex());
    const { session, cookie } = await createSession("local");
    const idle = await sealSession({ ...session, lastSeen: Date.now() - SESSION_IDLE_MS - 1000 });
    expect(await verifySessionCookie(idle)).toBeUndefined();
    await destroySession(session);
    expect(await verifySessionCookie(cookie)).toBeUndefined();
    const other = await createSession("local");
    mergeRevocations([[other.session.id, Date.now() + 60_000]]);
    expect(await verifySessionCookie(other.cookie)).toBeUndefined();
  });

  it("is split into cookie-sized chunks and read back whole, the __Host- name first", async () => {
    withKey(hex());
    const { cookie } = await createSession("oidc", {
      oidc: { idToken: "x".repeat(6000), expiresAt: Date.now() + 600_000 },
    });
    const chunks = chunkValue(cookie);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(COOKIE_CHUNK_CHARS);
    const header = (name: string) => chunks.map((c, i) => `${chunkName(name, i)}=${c}`).join("; ");
    expect(readSessionCookie(header(SESSION_COOKIE))).toBe(cookie);
    const planted = `${SESSION_COOKIE}=planted; ${header(`__Host-${SESSION_COOKIE}`)}`;
    expect(readSessionCookie(planted)).toBe(cookie);
    expect((await verifySessionCookie(readSessionCookie(planted)))?.oidc?.idToken).toHaveLength(6000);
  });

  it("refreshes an oidc session only when its ID token is about to expire", () => {
    const base = { id: "s", mode: "oidc" as const, createdAt: 0, lastSeen: 0, csrf: "c" };
    const now = 1_000_000;
    expect(needsRefresh({ ...base, oidc: { idToken: "t", expiresAt: now + 30_000 } }, now, 60_000)).toBe(
      true,
    );
    expect(needsRefresh({ ...base, oidc: { idToken: "t", expiresAt: now + 300_000 } }, now, 60_000)).toBe(
      false,
    );
    expect(needsRefresh({ ...base, mode: "local" }, now, 60_000)).toBe(false);
  });
});

describe("session keys", () => {
  it("take 64 hex digits or 43 base64url characters, and name the expected form otherwise", () => {
    const bytes = crypto.randomBytes(32);
    expect(parseSessionKey(bytes.toString("hex")).secret).toEqual(new Uint8Array(bytes));
    expect(parseSessionKey(bytes.toString("base64url")).id).toBe(parseSessionKey(bytes.toString("hex")).id);
    expect(() => parseSessionKey("short")).toThrow(/64 hex digits or 43 base64url/);
    expect(parseSessionKeys(`${hex()},\n${hex()}`)).toHaveLength(2);
  });
});
