/**
 * The session key(s) that seal session cookies (lib/auth/session.ts).
 * No `server-only` import: `proxy.ts` imports this module.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { getEnv } from "@/lib/env";

/** One 256-bit key and its id (first 8 hex digits of its SHA-256, the JWE `kid`). */
export interface SessionKey {
  id: string;
  secret: Uint8Array;
}

const KEYS = Symbol.for("trustdeck.auth.sessionKeys");

/**
 * Parses one key: 32 bytes as 64 hex digits, or as base64/base64url (43 or 44 characters).
 * @throws Error naming the expected forms.
 */
export function parseSessionKey(text: string): SessionKey {
  const s = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(s)) bytes = Buffer.from(s, "hex");
  else if (/^[A-Za-z0-9_-]{43}$/.test(s)) bytes = Buffer.from(s, "base64url");
  else if (/^[A-Za-z0-9+/]{43}=$/.test(s)) bytes = Buffer.from(s, "base64");
  if (bytes?.length !== 32) {
    throw new Error(
      "a session key is 32 random bytes as 64 hex digits or 43 base64url characters (openssl rand -hex 32)",
    );
  }
  return {
    id: crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 8),
    secret: new Uint8Array(bytes),
  };
}

/**
 * Parses `TRUSTDECK_SESSION_KEY`-style text: one or more keys separated by commas or new lines;
 * the first seals new cookies, every one opens (key rotation).
 * @throws Error when a key is malformed or none is given.
 */
export function parseSessionKeys(text: string): SessionKey[] {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) throw new Error("the session key setting is empty");
  return parts.map(parseSessionKey);
}

function load(): SessionKey[] {
  const { key, keyFile } = getEnv().session;
  if (key) return parseSessionKeys(key);
  if (keyFile) {
    try {
      return parseSessionKeys(fs.readFileSync(keyFile, "utf8"));
    } catch (err) {
      throw new Error(`TRUSTDECK_SESSION_KEY_FILE (${keyFile}): ${err instanceof Error ? err.message : err}`);
    }
  }
  // No key configured: one per process. Sessions then end when the process stops and do not
  // carry over to other replicas (the team manifests always set a key).
  return [parseSessionKey(crypto.randomBytes(32).toString("hex"))];
}

/**
 * The session keys of this process (the first seals, all open), loaded once.
 * @throws Error when the configured key is malformed or its file unreadable.
 */
export const sessionKeys: (() => SessionKey[]) & { reset(): void } = Object.assign(
  (): SessionKey[] => {
    const g = globalThis as unknown as Record<symbol, SessionKey[] | undefined>;
    g[KEYS] ??= load();
    return g[KEYS];
  },
  {
    /** Forgets the loaded keys (tests; a generated key is replaced, so its cookies stop opening). */
    reset(): void {
      (globalThis as unknown as Record<symbol, SessionKey[] | undefined>)[KEYS] = undefined;
    },
  },
);
