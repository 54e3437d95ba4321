// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // The Kubernetes client and its transitive deps are server-only and large; keep them external.
  serverExternalPackages: ["@kubernetes/client-node"],
  // The Playwright and integration suites build into their own folder so a running demo is untouched.
  distDir: process.env.TRUSTDECK_DIST_DIR || ".next",
};

module.exports = nextConfig;
