// @ts-check

// Security headers on every response. The same list as lib/security/headers.ts (which proxy.ts
// applies to its own answers); lib/security/headers.test.ts keeps the two equal.
const dev = process.env.NODE_ENV === "development";
const csp = [
  "default-src 'self'",
  // 'unsafe-inline': the App Router's inline RSC payload scripts on prerendered pages (see SECURITY.md).
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
const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
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

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  // The Docker image runs Next's standalone server (`TRUSTDECK_STANDALONE=1` in the Dockerfile; npm
  // test builds it too, to start it in test/integration/security-start.test.ts). `npm run demo` and
  // `npm start` serve with `next start`, which warns on a standalone build, so they build without it.
  output: process.env.TRUSTDECK_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  reactStrictMode: true,
  // The Kubernetes client and its transitive deps are server-only and large; keep them external.
  serverExternalPackages: ["@kubernetes/client-node"],
  // The Playwright and integration suites build into their own folder so a running demo is untouched.
  distDir: process.env.TRUSTDECK_DIST_DIR || ".next",
};

module.exports = nextConfig;
