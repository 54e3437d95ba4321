/**
 * Sign-in settings and the loopback rule of `TRUSTDECK_AUTH=none`.
 * No `server-only` import: `proxy.ts` imports this module.
 */
import { getEnv, rawEnvironment } from "@/lib/env";
import type { AuthMode } from "./session";
import { localSignInToken } from "./session";

/** The 401 message of every API request without a session. */
export const SIGN_IN_FIRST = "Sign in first: open the sign-in URL printed by the server";

/** The sign-in mode (`TRUSTDECK_AUTH`, default `local`). */
export function authMode(): AuthMode {
  return getEnv().auth.mode;
}

/** The local-mode sign-in token: `TRUSTDECK_AUTH_TOKEN`, else one generated for this process. */
export function signInToken(): string {
  return localSignInToken(getEnv().auth.token);
}

/** True for 127.0.0.0/8, ::1 and localhost (with or without a port or brackets). */
export function isLoopbackHost(host: string | undefined | null): boolean {
  if (!host) return false;
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) h = h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  else if (h.split(":").length === 2) h = h.split(":")[0] ?? "";
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The reason to refuse serving when sign-in is off on an interface others can reach, or undefined.
 * Checks `HOST` and `HOSTNAME` (what `next start` and the standalone server listen on).
 */
export function unsafeNoAuthBinding(
  env: Record<string, string | undefined> = rawEnvironment(),
): string | undefined {
  if ((env.TRUSTDECK_AUTH ?? "").trim().toLowerCase() !== "none") return undefined;
  for (const key of ["HOST", "HOSTNAME"] as const) {
    const value = env[key]?.trim();
    // HOSTNAME is also the machine name in most shells; only an address-looking value counts.
    if (key === "HOSTNAME" && value && !/^[\d.:[\]]+$|^localhost$/i.test(value)) continue;
    if (value && !isLoopbackHost(value)) {
      return `refusing to serve: TRUSTDECK_AUTH=none (no sign-in) on ${key}=${value}, which is not a loopback address. Use TRUSTDECK_AUTH=local or token, or listen on 127.0.0.1.`;
    }
  }
  return undefined;
}
