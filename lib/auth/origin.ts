/**
 * The origin the browser used. No `server-only` import: `proxy.ts` imports this module.
 */
import { getEnv } from "@/lib/env";

function isHttps(req: Request): boolean {
  return (
    new URL(req.url).protocol === "https:" ||
    req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https"
  );
}

/**
 * The origin the browser used: `TRUSTDECK_PUBLIC_URL` when set, else built from `X-Forwarded-Host`
 * or `Host` (behind `next start` req.url names localhost:<port> whatever the Host was, and
 * Next.js wants an absolute Location from a proxy).
 */
export function publicOrigin(req: Request): string {
  const configured = getEnv().publicUrl;
  if (configured) return new URL(configured).origin;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  return host ? `${isHttps(req) ? "https" : "http"}://${host}` : new URL(req.url).origin;
}
