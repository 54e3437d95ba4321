// @ts-check
// The local control plane's OpenID Connect provider: its TLS certificate, users, client and the
// kube-apiserver AuthenticationConfiguration that trusts its ID tokens. `scripts/cluster.mjs`
// calls prepareOidc() before it starts kube-apiserver and runs scripts/oidc-provider.mjs.
//
// Why oidc-provider (npm) and not ORY Hydra: it is OpenID Certified, runs on the Node that the
// project already needs (no Go build, no database), and its login page can be the provider's own
// (a plain form) without a separate login/consent app, which Hydra requires.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** @typedef {{ username: string, password: string, email: string, name: string, groups: string[] }} OidcUser */
/**
 * @typedef {{
 *   issuer: string, port: number, idTokenTtlSeconds: number,
 *   client: { id: string, secret: string, redirectUris: string[], postLogoutRedirectUris: string[] },
 *   users: OidcUser[],
 * }} OidcConfig
 */

/** The seeded people (RBAC in scripts/seed/team-rbac.yaml binds their groups). */
export const OIDC_PEOPLE = /** @type {const} */ ([
  { username: "alice", name: "Alice Admin", groups: ["platform-admins"] },
  { username: "bob", name: "Bob Payments", groups: ["team-payments"] },
  { username: "carol", name: "Carol Nobody", groups: [] },
]);

/** The client ID Trustdeck signs in with, and the audience kube-apiserver requires. */
export const OIDC_CLIENT_ID = "trustdeck";
/** Where Trustdeck's OIDC callback lives on each origin it may be served from. */
export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";
/** Usernames from the ID token get this prefix in Kubernetes (as `oidc:alice`). */
export const OIDC_USERNAME_PREFIX = "oidc:";

/**
 * Write the provider's state folder: a CA and a server certificate for https://127.0.0.1:<port>
 * (openssl), config.json with fresh passwords and client secret (mode 0600), and the
 * AuthenticationConfiguration for kube-apiserver.
 * @param {{ dir: string, port: number, origins: string[], idTokenTtlSeconds?: number }} opts
 * @returns {{ issuer: string, caFile: string, authConfigFile: string, config: OidcConfig }}
 */
export function prepareOidc({ dir, port, origins, idTokenTtlSeconds = 600 }) {
  fs.mkdirSync(dir, { recursive: true });
  const issuer = `https://127.0.0.1:${port}`;
  const f = (/** @type {string} */ name) => path.join(dir, name);
  const openssl = (/** @type {string[]} */ args) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30"]
      .concat(["-subj", "/CN=Trustdeck local OIDC CA", "-keyout", f("ca.key"), "-out", f("ca.crt")])
      .concat([
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
      ]),
  );
  openssl(
    [
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-subj",
      "/CN=127.0.0.1",
    ].concat(["-keyout", f("tls.key"), "-out", f("tls.csr")]),
  );
  fs.writeFileSync(
    f("tls.ext"),
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n",
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      f("tls.csr"),
      "-CA",
      f("ca.crt"),
      "-CAkey",
      f("ca.key"),
      "-CAcreateserial",
    ].concat(["-days", "30", "-extfile", f("tls.ext"), "-out", f("tls.crt")]),
  );
  for (const k of ["ca.key", "tls.key"]) fs.chmodSync(f(k), 0o600);

  /** @type {OidcConfig} */
  const config = {
    issuer,
    port,
    idTokenTtlSeconds,
    client: {
      id: OIDC_CLIENT_ID,
      secret: crypto.randomBytes(24).toString("hex"),
      redirectUris: origins.map((o) => `${o}${OIDC_CALLBACK_PATH}`),
      postLogoutRedirectUris: origins.map((o) => `${o}/signin`),
    },
    users: OIDC_PEOPLE.map((p) => ({
      ...p,
      groups: [...p.groups],
      email: `${p.username}@example.local`,
      password: crypto.randomBytes(9).toString("base64url"),
    })),
  };
  fs.writeFileSync(f("config.json"), JSON.stringify(config, null, 2), { mode: 0o600 });
  const caPem = fs.readFileSync(f("ca.crt"), "utf8");
  fs.writeFileSync(f("authentication-config.yaml"), authenticationConfiguration(issuer, caPem));
  return { issuer, caFile: f("ca.crt"), authConfigFile: f("authentication-config.yaml"), config };
}

/**
 * kube-apiserver's structured authentication (`--authentication-config`, apiserver.config.k8s.io/v1,
 * GA in Kubernetes 1.34): JWTs from `issuer` with audience `trustdeck`; the username is the
 * `preferred_username` claim prefixed `oidc:`, the groups the `groups` claim as they are.
 * @param {string} issuer @param {string} caPem
 */
export function authenticationConfiguration(issuer, caPem) {
  const indented = caPem
    .trim()
    .split("\n")
    .map((l) => `        ${l}`)
    .join("\n");
  return `apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
  - issuer:
      url: ${issuer}
      audiences: [${OIDC_CLIENT_ID}]
      certificateAuthority: |
${indented}
    claimMappings:
      username:
        claim: preferred_username
        prefix: "${OIDC_USERNAME_PREFIX}"
      groups:
        claim: groups
        prefix: ""
`;
}

/** What each seeded person may do (scripts/seed/team-rbac.yaml), for the demo's printout. */
const RIGHTS = /** @type {Record<string, string>} */ ({
  alice: "platform-admins: everything Trustdeck can do",
  bob: "team-payments: read and renew in namespace payments only",
  carol: "no rights at all",
});

/** The name on the sign-in button for the local provider. */
export const LOCAL_PROVIDER_NAME = "the local identity provider";

/**
 * The server settings for `TRUSTDECK_AUTH=oidc` against the plane's provider (state in `oidcDir`).
 * @param {string} oidcDir
 * @returns {Record<string, string>}
 */
export function oidcServerEnv(oidcDir) {
  /** @type {OidcConfig} */
  const config = JSON.parse(fs.readFileSync(path.join(oidcDir, "config.json"), "utf8"));
  return {
    TRUSTDECK_AUTH: "oidc",
    TRUSTDECK_OIDC_ISSUER: config.issuer,
    TRUSTDECK_OIDC_CLIENT_ID: config.client.id,
    TRUSTDECK_OIDC_CLIENT_SECRET: config.client.secret,
    TRUSTDECK_OIDC_CA_FILE: path.join(oidcDir, "ca.crt"),
    TRUSTDECK_OIDC_PROVIDER_NAME: LOCAL_PROVIDER_NAME,
  };
}

/**
 * Lines telling how to sign in as each seeded person: the URL, user name, password and rights.
 * @param {string} oidcDir @param {string} url where the dashboard is served
 * @returns {string[]}
 */
export function signInInstructions(oidcDir, url) {
  /** @type {OidcConfig} */
  const config = JSON.parse(fs.readFileSync(path.join(oidcDir, "config.json"), "utf8"));
  return [
    `open ${url} and press "Sign in with ${LOCAL_PROVIDER_NAME}" (${config.issuer}), then sign in as one of:`,
    ...config.users.map(
      (u) =>
        `  ${u.username.padEnd(6)} password ${u.password}   (${RIGHTS[u.username] ?? u.groups.join(", ")})`,
    ),
    `the provider's page is served with a certificate from the local plane's own CA (${path.join(oidcDir, "ca.crt")}),`,
    "  which your browser does not know: it warns once; continue to 127.0.0.1, or import that CA to trust it.",
  ];
}
