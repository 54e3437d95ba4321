import { isDevelopment } from "@/lib/env";

/**
 * Security headers sent with every response. `next.config.js` sends the same list (it cannot import
 * TypeScript; `headers.test.ts` keeps the two equal) and `proxy.ts` adds it to its own answers.
 *
 * Scripts: `'unsafe-inline'` stays in `script-src` because the App Router streams its RSC payload
 * in inline `<script>` tags and most pages here are prerendered, so a per-request nonce never reaches
 * their HTML. Nonces would need every page rendered per request (`await connection()` in the root
 * layout). No `'unsafe-eval'` outside `next dev`.
 */

/** The Content-Security-Policy value; `dev` adds what `next dev` needs (eval for React's dev tools). */
export function contentSecurityPolicy(dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/**
 * Every security header, as `next.config.js` `headers()` wants them.
 * Referrer-Policy is `same-origin`, not `no-referrer`: under `no-referrer` browsers send
 * `Origin: null` on same-origin POSTs, which would defeat the Origin check of the CSRF defence.
 * Nothing leaves the origin either way.
 */
export function securityHeaders(dev = false): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  ];
}

/** Sets every security header on `headers` (proxy-made responses: 401, 403, 429, redirects). */
export function applySecurityHeaders(headers: Headers, dev = isDevelopment()): void {
  for (const { key, value } of securityHeaders(dev)) headers.set(key, value);
}
