/**
 * Server settings, parsed once from the environment with zod.
 *
 * No `import "server-only"` here on purpose: the README generator imports `SETTINGS` from a
 * plain Node script. Nothing in this module reads a secret value at import time; `getEnv()` is lazy.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseProbeAllow } from "./probe/settings";

/** One documented setting (the README's configuration table is generated from these). */
export interface SettingDoc {
  name: string;
  /** Default value as a human reads it, or "" when unset by default. */
  default: string;
  description: string;
}

/** Every environment variable Trustdeck reads, in the order the README lists them. */
export const SETTINGS: readonly SettingDoc[] = [
  {
    name: "TRUSTDECK_KUBECONFIG",
    default: "$KUBECONFIG, else ~/.kube/config",
    description: "Path of the kubeconfig file to use.",
  },
  {
    name: "KUBECONFIG",
    default: "",
    description: "Standard kubeconfig path list; used when TRUSTDECK_KUBECONFIG is not set.",
  },
  {
    name: "TRUSTDECK_CONTEXT",
    default: "the kubeconfig's current-context",
    description:
      "Default kubeconfig context (the UI can switch per browser with the trustdeck-context cookie).",
  },
  {
    name: "TRUSTDECK_CLUSTERS",
    default:
      "every context of the kubeconfig (one per API server), or only TRUSTDECK_CONTEXT when that is set",
    description:
      "Comma-separated kubeconfig context names shown together as one fleet (each context is a cluster; lists merge them with a Cluster column).",
  },
  {
    name: "TRUSTDECK_CLUSTERS_FILE",
    default: "",
    description:
      "YAML or JSON list of remote API servers added to the fleet: [{name, server, token or tokenFile, caFile, insecureSkipTlsVerify}] (name: a DNS label, used as the cluster's name).",
  },
  {
    name: "TRUSTDECK_IN_CLUSTER",
    default: "auto",
    description:
      "Use the pod's service account; auto = on when KUBERNETES_SERVICE_HOST is set and no kubeconfig is given.",
  },
  {
    name: "TRUSTDECK_SERVICEACCOUNT_ROOT",
    default: "(empty: /var/run/secrets/kubernetes.io/serviceaccount)",
    description:
      "Prefix of the service-account folder read in-cluster (token, ca.crt); for tests outside a Pod.",
  },
  {
    name: "TRUSTDECK_K8S_SERVER",
    default: "",
    description: "API server URL for explicit settings (overrides kubeconfig and in-cluster).",
  },
  { name: "TRUSTDECK_K8S_TOKEN", default: "", description: "Bearer token used with TRUSTDECK_K8S_SERVER." },
  {
    name: "TRUSTDECK_K8S_TOKEN_FILE",
    default: "",
    description: "File holding the bearer token used with TRUSTDECK_K8S_SERVER (re-read every minute).",
  },
  {
    name: "TRUSTDECK_K8S_CA_FILE",
    default: "",
    description: "PEM CA bundle that signs the API server's certificate, for TRUSTDECK_K8S_SERVER.",
  },
  {
    name: "TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY",
    default: "false",
    description: "Skip verification of the API server's certificate (explicit settings only; testing only).",
  },
  {
    name: "TRUSTDECK_REQUEST_TIMEOUT_MS",
    default: "10000",
    description: "Timeout of each Kubernetes API request, in milliseconds.",
  },
  {
    name: "TRUSTDECK_READ_ONLY",
    default: "false",
    description: "Refuse every action that changes the cluster.",
  },
  {
    name: "TRUSTDECK_MAX_BODY_BYTES",
    default: "65536",
    description: "Largest JSON request body the API accepts, in bytes.",
  },
  {
    name: "TRUSTDECK_CLUSTER_RESOURCE_NAMESPACE",
    default: "cert-manager",
    description:
      "Namespace where cert-manager reads ClusterIssuer secrets (its --cluster-resource-namespace).",
  },
  {
    name: "TRUSTDECK_AUTH",
    default: "local",
    description:
      "Sign-in mode: local (sign-in URL printed at start, valid until the server stops), token (each user signs in with a Kubernetes bearer token; the cluster's RBAC applies per person), oidc (each user signs in with the identity provider; their ID token is their Kubernetes bearer token) or none (loopback only).",
  },
  {
    name: "TRUSTDECK_OIDC_ISSUER",
    default: "",
    description:
      "oidc mode: the identity provider's issuer URL (its /.well-known/openid-configuration is read).",
  },
  {
    name: "TRUSTDECK_OIDC_CLIENT_ID",
    default: "",
    description: "oidc mode: the client ID; the API server must accept ID tokens with this audience.",
  },
  {
    name: "TRUSTDECK_OIDC_CLIENT_SECRET",
    default: "",
    description: "oidc mode: the client secret (empty = a public client, PKCE only).",
  },
  {
    name: "TRUSTDECK_OIDC_CLIENT_SECRET_FILE",
    default: "",
    description:
      "oidc mode: a file holding the client secret (a mounted Secret), instead of TRUSTDECK_OIDC_CLIENT_SECRET.",
  },
  {
    name: "TRUSTDECK_OIDC_SCOPES",
    default: "openid email profile groups offline_access",
    description: "oidc mode: scopes asked for (offline_access brings the refresh token).",
  },
  {
    name: "TRUSTDECK_OIDC_USERNAME_CLAIM",
    default: "preferred_username",
    description:
      "oidc mode: the ID token claim shown as the person's name (the API server's own mapping decides RBAC).",
  },
  {
    name: "TRUSTDECK_OIDC_GROUPS_CLAIM",
    default: "groups",
    description: "oidc mode: the ID token claim holding the person's groups.",
  },
  {
    name: "TRUSTDECK_OIDC_REFRESH_BEFORE_SECONDS",
    default: "60",
    description:
      "oidc mode: refresh the ID token (with the refresh token) when it expires within this many seconds.",
  },
  {
    name: "TRUSTDECK_OIDC_CA_FILE",
    default: "",
    description:
      "oidc mode: PEM CA bundle that signs the issuer's certificate (default: the system's roots).",
  },
  {
    name: "TRUSTDECK_OIDC_PROVIDER_NAME",
    default: "the issuer's host name",
    description: 'oidc mode: the name on the sign-in button ("Sign in with <name>").',
  },
  {
    name: "TRUSTDECK_PUBLIC_URL",
    default: "the request's origin",
    description:
      "oidc mode: the URL people open Trustdeck at (behind an ingress); the OIDC redirect URI is <url>/api/auth/oidc/callback.",
  },
  {
    name: "TRUSTDECK_SESSION_KEY",
    default: "random per start",
    description:
      "Key of the sealed session cookies (JWE dir + A256GCM): 32 bytes as 64 hex or 43 base64url characters; comma-separated to rotate (the first seals, all open). Every replica needs the same key.",
  },
  {
    name: "TRUSTDECK_SESSION_KEY_FILE",
    default: "",
    description: "A file holding TRUSTDECK_SESSION_KEY (a mounted Secret), instead of the variable.",
  },
  {
    name: "TRUSTDECK_SESSION_REVOCATIONS",
    default: "",
    description:
      "namespace/name of the ConfigMap that lists signed-out sessions for every replica (empty = this process only). Trustdeck's own identity reads, watches and updates it.",
  },
  {
    name: "TRUSTDECK_METRICS_AUTH_PATH",
    default: "/metrics",
    description:
      "Non-resource URL a bearer token's identity must be allowed to get (TokenReview + SubjectAccessReview) to scrape /api/metrics without a session; empty = sessions only.",
  },
  {
    name: "TRUSTDECK_AUTH_TOKEN",
    default: "random per start",
    description: "Sign-in token of the local mode (npm start / demo generate one and print the sign-in URL).",
  },
  {
    name: "TRUSTDECK_PROBE_ALLOW",
    default: "127.0.0.1:*,localhost:*,[::1]:*",
    description:
      "Comma-separated host:port patterns the TLS probe may reach (* = any port); link-local is always refused.",
  },
  {
    name: "TRUSTDECK_GATEWAY_ADDRESS",
    default: "unset",
    description:
      "host:port of the gateway's TLS listener (e.g. APISIX's 9443): the CA rotation's verify steps probe each consumer there, with its host as SNI, unless an endpoint is given in the wizard.",
  },
  {
    name: "TRUSTDECK_WATCH_CACHE",
    default: "auto (on; off under Vitest)",
    description:
      "on, off or auto: serve reads from one watch per resource kind under Trustdeck's own identity (live updates, in every sign-in mode; in token mode each person sees only what their RBAC lets them list); off = list on every request.",
  },
  {
    name: "TRUSTDECK_ACCESS_CACHE_SECONDS",
    default: "60",
    description:
      "Token mode: how long one person's answer to 'may I list this kind in this namespace' (a SelfSubjectAccessReview made with their token) is reused before it is asked again; a RoleBinding change reaches the shared cache's view within this time. Dropped at sign-in and sign-out; 0 = ask on every read.",
  },
  {
    name: "TRUSTDECK_TRUSTED_PROXY_HOPS",
    default: "0",
    description:
      "How many reverse proxies in front of Trustdeck append to X-Forwarded-For; 0 = use the socket's address and ignore the header (sign-in rate limits are per address).",
  },
  {
    name: "TRUSTDECK_MAX_STREAMS_PER_SESSION",
    default: "8",
    description: "Live-update (server-sent events) streams one session may hold open at once.",
  },
  { name: "HOST", default: "127.0.0.1", description: "Interface the server listens on." },
  { name: "PORT", default: "3000", description: "Port the server listens on." },
];

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const s = v.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(s)) return true;
      if (["0", "false", "no", "off"].includes(s)) return false;
      ctx.addIssue({ code: "custom", message: `expected true or false, got "${v}"` });
      return z.NEVER;
    });

const optionalBool = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "" || v.trim().toLowerCase() === "auto") return undefined;
    const s = v.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(s)) return true;
    if (["0", "false", "no", "off"].includes(s)) return false;
    ctx.addIssue({ code: "custom", message: `expected true, false or auto, got "${v}"` });
    return z.NEVER;
  });

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    try {
      const u = new URL(v.trim());
      if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("protocol");
      return v.trim().replace(/\/+$/, "");
    } catch {
      ctx.addIssue({ code: "custom", message: `expected an http(s) URL, got "${v}"` });
      return z.NEVER;
    }
  });

const envSchema = z.object({
  TRUSTDECK_KUBECONFIG: optionalString,
  KUBECONFIG: optionalString,
  TRUSTDECK_CONTEXT: optionalString,
  TRUSTDECK_CLUSTERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const names = v
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean);
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup) {
        ctx.addIssue({ code: "custom", message: `lists context "${dup}" twice` });
        return z.NEVER;
      }
      if (names.length === 0) {
        ctx.addIssue({ code: "custom", message: "expected comma-separated context names" });
        return z.NEVER;
      }
      return names;
    }),
  TRUSTDECK_CLUSTERS_FILE: optionalString,
  TRUSTDECK_IN_CLUSTER: optionalBool,
  KUBERNETES_SERVICE_HOST: optionalString,
  TRUSTDECK_SERVICEACCOUNT_ROOT: optionalString,
  TRUSTDECK_K8S_SERVER: url,
  TRUSTDECK_K8S_TOKEN: optionalString,
  TRUSTDECK_K8S_TOKEN_FILE: optionalString,
  TRUSTDECK_K8S_CA_FILE: optionalString,
  TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY: bool(false),
  TRUSTDECK_REQUEST_TIMEOUT_MS: int(10_000, 100, 600_000),
  TRUSTDECK_READ_ONLY: bool(false),
  TRUSTDECK_MAX_BODY_BYTES: int(65_536, 1, 100 * 1024 * 1024),
  TRUSTDECK_CLUSTER_RESOURCE_NAMESPACE: optionalString,
  TRUSTDECK_AUTH: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? "").trim().toLowerCase() || "local";
      if (s === "local" || s === "token" || s === "oidc" || s === "none") return s;
      ctx.addIssue({ code: "custom", message: `expected local, token, oidc or none, got "${v}"` });
      return z.NEVER;
    }),
  TRUSTDECK_AUTH_TOKEN: optionalString,
  TRUSTDECK_OIDC_ISSUER: url,
  TRUSTDECK_OIDC_CLIENT_ID: optionalString,
  TRUSTDECK_OIDC_CLIENT_SECRET: optionalString,
  TRUSTDECK_OIDC_CLIENT_SECRET_FILE: optionalString,
  TRUSTDECK_OIDC_SCOPES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const scopes = (v ?? "")
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean);
      if (scopes.length === 0) return ["openid", "email", "profile", "groups", "offline_access"];
      if (!scopes.includes("openid")) {
        ctx.addIssue({ code: "custom", message: `must include openid, got "${v}"` });
        return z.NEVER;
      }
      return scopes;
    }),
  TRUSTDECK_OIDC_USERNAME_CLAIM: optionalString,
  TRUSTDECK_OIDC_GROUPS_CLAIM: optionalString,
  TRUSTDECK_OIDC_CA_FILE: optionalString,
  TRUSTDECK_OIDC_REFRESH_BEFORE_SECONDS: int(60, 0, 86_400),
  TRUSTDECK_OIDC_PROVIDER_NAME: optionalString,
  TRUSTDECK_PUBLIC_URL: url,
  TRUSTDECK_SESSION_KEY: optionalString,
  TRUSTDECK_SESSION_KEY_FILE: optionalString,
  TRUSTDECK_SESSION_REVOCATIONS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? "").trim();
      if (s === "") return undefined;
      const m = s.match(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `expected namespace/name of a ConfigMap, got "${v}"` });
        return z.NEVER;
      }
      return { namespace: m[1] ?? "", name: m[3] ?? "" };
    }),
  TRUSTDECK_METRICS_AUTH_PATH: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return "/metrics";
      const s = v.trim();
      if (s === "") return undefined;
      if (!s.startsWith("/")) {
        ctx.addIssue({ code: "custom", message: `expected a path starting with /, got "${v}"` });
        return z.NEVER;
      }
      return s;
    }),
  TRUSTDECK_TRUSTED_PROXY_HOPS: int(0, 0, 10),
  TRUSTDECK_MAX_STREAMS_PER_SESSION: int(8, 1, 1000),
  TRUSTDECK_ACCESS_CACHE_SECONDS: int(60, 0, 3600),
  TRUSTDECK_GATEWAY_ADDRESS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined;
      const m = /^(\[[0-9a-fA-F:.]+\]|[0-9A-Za-z.-]+):(\d{1,5})$/.exec(v.trim());
      const port = Number(m?.[2]);
      if (!m?.[1] || !(port >= 1 && port <= 65_535)) {
        ctx.addIssue({ code: "custom", message: `expected host:port (port 1 to 65535), got "${v}"` });
        return z.NEVER;
      }
      return { host: m[1], port };
    }),
  TRUSTDECK_PROBE_ALLOW: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseProbeAllow(v);
      } catch (err) {
        const issue = (err as { issues?: { message?: string }[] }).issues?.[0]?.message;
        ctx.addIssue({
          code: "custom",
          message: issue ?? (err instanceof Error ? err.message : String(err)),
        });
        return z.NEVER;
      }
    }),
  TRUSTDECK_WATCH_CACHE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? "").trim().toLowerCase();
      if (s === "" || s === "auto") return "auto" as const;
      if (["1", "true", "yes", "on"].includes(s)) return "on" as const;
      if (["0", "false", "no", "off"].includes(s)) return "off" as const;
      ctx.addIssue({ code: "custom", message: `expected on, off or auto, got "${v}"` });
      return z.NEVER;
    }),
  VITEST: optionalString,
  NODE_ENV: optionalString,
  HOST: optionalString,
  PORT: int(3000, 1, 65_535),
});

type Problem = { name: string; message: string };

/** Checks between variables, run on the raw strings so they report alongside per-variable issues. */
function crossChecks(source: Record<string, string | undefined>): Problem[] {
  const set = (k: string) => (source[k] ?? "").trim() !== "";
  const out: Problem[] = [];
  if (set("TRUSTDECK_K8S_TOKEN") && set("TRUSTDECK_K8S_TOKEN_FILE")) {
    out.push({
      name: "TRUSTDECK_K8S_TOKEN_FILE",
      message: "set either TRUSTDECK_K8S_TOKEN or TRUSTDECK_K8S_TOKEN_FILE, not both",
    });
  }
  if (!set("TRUSTDECK_K8S_SERVER")) {
    for (const key of ["TRUSTDECK_K8S_TOKEN", "TRUSTDECK_K8S_TOKEN_FILE", "TRUSTDECK_K8S_CA_FILE"]) {
      if (set(key)) out.push({ name: key, message: "needs TRUSTDECK_K8S_SERVER to be set as well" });
    }
  } else if (!set("TRUSTDECK_K8S_TOKEN") && !set("TRUSTDECK_K8S_TOKEN_FILE")) {
    out.push({
      name: "TRUSTDECK_K8S_SERVER",
      message: "needs TRUSTDECK_K8S_TOKEN or TRUSTDECK_K8S_TOKEN_FILE",
    });
  }
  if ((source.TRUSTDECK_AUTH ?? "").trim().toLowerCase() === "oidc") {
    for (const key of ["TRUSTDECK_OIDC_ISSUER", "TRUSTDECK_OIDC_CLIENT_ID"]) {
      if (!set(key)) out.push({ name: key, message: "is required when TRUSTDECK_AUTH=oidc" });
    }
  }
  if (set("TRUSTDECK_OIDC_CLIENT_SECRET") && set("TRUSTDECK_OIDC_CLIENT_SECRET_FILE")) {
    out.push({
      name: "TRUSTDECK_OIDC_CLIENT_SECRET_FILE",
      message: "set either TRUSTDECK_OIDC_CLIENT_SECRET or TRUSTDECK_OIDC_CLIENT_SECRET_FILE, not both",
    });
  }
  if (set("TRUSTDECK_SESSION_KEY") && set("TRUSTDECK_SESSION_KEY_FILE")) {
    out.push({
      name: "TRUSTDECK_SESSION_KEY_FILE",
      message: "set either TRUSTDECK_SESSION_KEY or TRUSTDECK_SESSION_KEY_FILE, not both",
    });
  }
  if (/^(1|true|yes|on)$/i.test((source.TRUSTDECK_IN_CLUSTER ?? "").trim()) && set("TRUSTDECK_KUBECONFIG")) {
    out.push({ name: "TRUSTDECK_IN_CLUSTER", message: "cannot be true together with TRUSTDECK_KUBECONFIG" });
  }
  return out;
}

/** How the Kubernetes connection is configured, decided from the settings. */
export type KubeSource =
  | {
      mode: "explicit";
      server: string;
      token?: string;
      tokenFile?: string;
      caFile?: string;
      insecureSkipTlsVerify: boolean;
    }
  | { mode: "kubeconfig"; path: string; pathFrom: "TRUSTDECK_KUBECONFIG" | "KUBECONFIG" | "default" }
  | { mode: "in-cluster"; root: string };

export interface Env {
  kube: KubeSource;
  /** Default context name; undefined = the kubeconfig's current-context. */
  context?: string;
  /**
   * The fleet: `contexts` = `TRUSTDECK_CLUSTERS` (undefined = every context, or only `context` when
   * TRUSTDECK_CONTEXT is set); `file` = `TRUSTDECK_CLUSTERS_FILE` (remote API servers, read by
   * lib/k8s/config.ts with lib/fleet.ts's `parseClustersFile`).
   */
  clusters: { contexts?: string[]; file?: string };
  requestTimeoutMs: number;
  readOnly: boolean;
  maxBodyBytes: number;
  clusterResourceNamespace: string;
  /** Sign-in mode and, for `local`, the configured sign-in token (lib/auth generates one when unset). */
  auth: { mode: "local" | "token" | "oidc" | "none"; token?: string };
  /** oidc mode: the provider and the claims read from the ID token (undefined in other modes). */
  oidc?: OidcSettings;
  /** Sealed session cookies: the key source (lib/auth/session-key.ts reads the file) and revocations. */
  session: {
    /** `TRUSTDECK_SESSION_KEY` as given (one or more comma-separated keys), or undefined. */
    key?: string;
    keyFile?: string;
    /** The ConfigMap listing signed-out sessions (shared by every replica), or undefined = in-process. */
    revocations?: { namespace: string; name: string };
  };
  /** The non-resource URL a scraper's token must be allowed to `get` for `/api/metrics`; undefined = off. */
  metricsAuthPath?: string;
  /** `TRUSTDECK_PUBLIC_URL` without a trailing slash, or undefined (the request's origin is used). */
  publicUrl?: string;
  /** Reverse proxies trusted to append the client's address to X-Forwarded-For (0 = none). */
  trustedProxyHops: number;
  /** Open server-sent-event streams allowed per session. */
  maxStreamsPerSession: number;
  /** `host:port` patterns the TLS probe may reach (`TRUSTDECK_PROBE_ALLOW`, parsed by lib/probe/settings). */
  probeAllow: ReturnType<typeof parseProbeAllow>;
  /** Where the gateway's TLS listener is (`TRUSTDECK_GATEWAY_ADDRESS`): the rotation's verify steps probe there. */
  gatewayAddress?: { host: string; port: number };
  /**
   * The watch cache: `on`, `off`, or `auto` (on, except under Vitest, where unit tests with fake API
   * servers must see exactly the requests they make). The same in every sign-in mode: in token and oidc modes
   * it is filtered per person (lib/k8s/access-filter.ts).
   */
  watchCache: { setting: "on" | "off" | "auto"; autoStart: boolean };
  /**
   * How long a person's list decision (SelfSubjectAccessReview per kind × namespace, with their
   * token) is reused, in ms (`TRUSTDECK_ACCESS_CACHE_SECONDS`; 0 = never reused).
   */
  accessCacheTtlMs: number;
  /** `NODE_ENV=development` (next dev): the CSP allows eval for React's dev tools. */
  development: boolean;
  host: string;
  port: number;
}

/** The identity provider settings of `TRUSTDECK_AUTH=oidc`. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  clientSecretFile?: string;
  /** Scopes asked for, `openid` always among them. */
  scopes: string[];
  usernameClaim: string;
  groupsClaim: string;
  caFile?: string;
  /** Refresh the ID token when it expires within this many ms. */
  refreshBeforeMs: number;
  /** Shown on the sign-in button. */
  providerName: string;
}

/** True for the sign-in modes where every Kubernetes call runs as the signed-in person (token, oidc). */
export function personalCredentials(mode: Env["auth"]["mode"]): boolean {
  return mode === "token" || mode === "oidc";
}

/** The one message of every refusal in read-only mode (proxy, route wrapper, write path, access). */
export const READ_ONLY_MESSAGE =
  "Trustdeck runs read-only (TRUSTDECK_READ_ONLY=true): changes to the cluster are refused";

/** Thrown when one or more settings are invalid; the message names every bad variable. */
export class EnvError extends Error {
  constructor(readonly problems: { name: string; message: string }[]) {
    super(`Invalid environment: ${problems.map((p) => `${p.name}: ${p.message}`).join("; ")}`);
    this.name = "EnvError";
  }
}

/**
 * Parses settings from an environment object (pure; `getEnv()` caches it for `process.env`).
 * @throws EnvError naming every invalid variable.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  const problems: Problem[] = result.success
    ? []
    : result.error.issues.map((i) => ({ name: String(i.path[0] ?? "environment"), message: i.message }));
  problems.push(...crossChecks(source));
  if (!result.success || problems.length > 0) throw new EnvError(problems);
  const e = result.data;
  let kube: KubeSource;
  if (e.TRUSTDECK_K8S_SERVER) {
    kube = {
      mode: "explicit",
      server: e.TRUSTDECK_K8S_SERVER,
      token: e.TRUSTDECK_K8S_TOKEN,
      tokenFile: e.TRUSTDECK_K8S_TOKEN_FILE,
      caFile: e.TRUSTDECK_K8S_CA_FILE,
      insecureSkipTlsVerify: e.TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY,
    };
  } else if (e.TRUSTDECK_KUBECONFIG) {
    kube = { mode: "kubeconfig", path: e.TRUSTDECK_KUBECONFIG, pathFrom: "TRUSTDECK_KUBECONFIG" };
  } else if (
    e.TRUSTDECK_IN_CLUSTER === true ||
    (e.TRUSTDECK_IN_CLUSTER === undefined && e.KUBERNETES_SERVICE_HOST && !e.KUBECONFIG)
  ) {
    kube = { mode: "in-cluster", root: e.TRUSTDECK_SERVICEACCOUNT_ROOT ?? "" };
  } else if (e.KUBECONFIG) {
    kube = { mode: "kubeconfig", path: e.KUBECONFIG, pathFrom: "KUBECONFIG" };
  } else {
    kube = { mode: "kubeconfig", path: path.join(os.homedir(), ".kube", "config"), pathFrom: "default" };
  }
  return {
    kube,
    context: e.TRUSTDECK_CONTEXT,
    clusters: { contexts: e.TRUSTDECK_CLUSTERS, file: e.TRUSTDECK_CLUSTERS_FILE },
    requestTimeoutMs: e.TRUSTDECK_REQUEST_TIMEOUT_MS,
    readOnly: e.TRUSTDECK_READ_ONLY,
    maxBodyBytes: e.TRUSTDECK_MAX_BODY_BYTES,
    clusterResourceNamespace: e.TRUSTDECK_CLUSTER_RESOURCE_NAMESPACE ?? "cert-manager",
    auth: { mode: e.TRUSTDECK_AUTH, token: e.TRUSTDECK_AUTH_TOKEN },
    ...(e.TRUSTDECK_AUTH === "oidc" && e.TRUSTDECK_OIDC_ISSUER && e.TRUSTDECK_OIDC_CLIENT_ID
      ? {
          oidc: {
            issuer: e.TRUSTDECK_OIDC_ISSUER,
            clientId: e.TRUSTDECK_OIDC_CLIENT_ID,
            clientSecret: e.TRUSTDECK_OIDC_CLIENT_SECRET,
            clientSecretFile: e.TRUSTDECK_OIDC_CLIENT_SECRET_FILE,
            scopes: e.TRUSTDECK_OIDC_SCOPES,
            usernameClaim: e.TRUSTDECK_OIDC_USERNAME_CLAIM ?? "preferred_username",
            groupsClaim: e.TRUSTDECK_OIDC_GROUPS_CLAIM ?? "groups",
            caFile: e.TRUSTDECK_OIDC_CA_FILE,
            refreshBeforeMs: e.TRUSTDECK_OIDC_REFRESH_BEFORE_SECONDS * 1000,
            providerName: e.TRUSTDECK_OIDC_PROVIDER_NAME ?? new URL(e.TRUSTDECK_OIDC_ISSUER).host,
          },
        }
      : {}),
    session: {
      key: e.TRUSTDECK_SESSION_KEY,
      keyFile: e.TRUSTDECK_SESSION_KEY_FILE,
      revocations: e.TRUSTDECK_SESSION_REVOCATIONS,
    },
    metricsAuthPath: e.TRUSTDECK_METRICS_AUTH_PATH,
    publicUrl: e.TRUSTDECK_PUBLIC_URL,
    trustedProxyHops: e.TRUSTDECK_TRUSTED_PROXY_HOPS,
    maxStreamsPerSession: e.TRUSTDECK_MAX_STREAMS_PER_SESSION,
    probeAllow: e.TRUSTDECK_PROBE_ALLOW,
    ...(e.TRUSTDECK_GATEWAY_ADDRESS ? { gatewayAddress: e.TRUSTDECK_GATEWAY_ADDRESS } : {}),
    watchCache: {
      setting: e.TRUSTDECK_WATCH_CACHE,
      autoStart: e.TRUSTDECK_WATCH_CACHE === "on" || (e.TRUSTDECK_WATCH_CACHE === "auto" && !e.VITEST),
    },
    accessCacheTtlMs: e.TRUSTDECK_ACCESS_CACHE_SECONDS * 1000,
    development: e.NODE_ENV === "development",
    host: e.HOST ?? "127.0.0.1",
    port: e.PORT,
  };
}

let cached: Env | undefined;

/** The process's settings, parsed from `process.env` on first use. @throws EnvError */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Whether the server runs under `next dev` (`NODE_ENV=development`). Read without the full parse
 * so the security headers of an error answer never depend on the other settings being valid.
 */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === "development";
}

/**
 * The raw environment, for the few checks that must look at variables as the operating system set
 * them (the loopback rule of `TRUSTDECK_AUTH=none` reads `HOSTNAME`). Everything else uses `getEnv()`.
 */
export function rawEnvironment(): Record<string, string | undefined> {
  return process.env;
}

/** Forgets the cached settings (tests that change `process.env` call this). */
export function resetEnvCache(): void {
  cached = undefined;
}
