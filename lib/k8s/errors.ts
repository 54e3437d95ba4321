import "server-only";
import { ApiException } from "@kubernetes/client-node";

/** The verb and resource a 403 denied (from the Status `details` and message). */
export interface Denied {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  /** "User \"x\"" / "ServiceAccount ..." as the API server named it. */
  identity?: string;
}

/** An error answered by the API server: keeps its HTTP status, `reason` and message. */
export class KubeError extends Error {
  readonly status: number;
  readonly reason?: string;
  readonly denied?: Denied;

  constructor(status: number, message: string, reason?: string, denied?: Denied) {
    super(message);
    this.name = "KubeError";
    this.status = status;
    this.reason = reason;
    this.denied = denied;
  }
}

/** The API server could not be reached (refused, timed out, DNS, TLS, bad kubeconfig). Always 503. */
export class ClusterUnreachableError extends Error {
  readonly status = 503;
  readonly server?: string;
  readonly context?: string;

  constructor(message: string, target: { server?: string; context?: string } = {}) {
    super(message);
    this.name = "ClusterUnreachableError";
    this.server = target.server;
    this.context = target.context;
  }
}

/** Raised by the HTTP layer when a request outlives `TRUSTDECK_REQUEST_TIMEOUT_MS`. */
export class RequestTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "RequestTimeoutError";
  }
}

interface KubeStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string };
}

function parseStatusBody(body: unknown): KubeStatus | undefined {
  let value = body;
  if (Buffer.isBuffer(value)) value = value.toString("utf8");
  if (typeof value === "string") {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch {
      return text.trim() ? { message: text.trim().slice(0, 500) } : undefined;
    }
  }
  if (value && typeof value === "object") return value as KubeStatus;
  return undefined;
}

// e.g. `secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "tls"`
const FORBIDDEN_RE =
  /forbidden: (.+?) cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/;

/** Reads verb/resource/group/namespace out of a 403 Status. Exported for tests. */
export function parseForbidden(message: string, details?: KubeStatus["details"]): Denied | undefined {
  const m = FORBIDDEN_RE.exec(message);
  if (!m) {
    if (!details?.kind) return undefined;
    return { verb: "access", resource: details.kind, group: details.group || undefined };
  }
  return {
    identity: m[1],
    verb: m[2] ?? "access",
    resource: m[3] ?? details?.kind ?? "unknown",
    group: m[4] || details?.group || undefined,
    namespace: m[5] || undefined,
  };
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "timed out",
  ESOCKETTIMEDOUT: "timed out",
  ENOTFOUND: "host name not found (DNS)",
  EAI_AGAIN: "DNS lookup failed (temporary)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: the server's certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS: a self-signed certificate in the server's chain is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: the server's certificate could not be verified",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: the server's certificate issuer is not trusted",
  CERT_HAS_EXPIRED: "TLS: the server's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: the server's certificate does not match its host name",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS: the server did not answer with TLS",
  EPROTO: "TLS/protocol error",
};

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps anything a client-node call throws to a `KubeError` (the server answered) or a
 * `ClusterUnreachableError` (it did not). `target` names what was tried, for the message.
 */
export function toKubeError(err: unknown, target: { server?: string; context?: string }): Error {
  if (err instanceof KubeError || err instanceof ClusterUnreachableError) return err;
  if (err instanceof ApiException) {
    const status = parseStatusBody(err.body);
    const code = typeof err.code === "number" && err.code >= 400 ? err.code : (status?.code ?? 500);
    let message = status?.message || `the API server answered HTTP ${code}`;
    const denied = code === 403 ? parseForbidden(message, status?.details) : undefined;
    if (code === 403 && denied && !FORBIDDEN_RE.test(message)) {
      message = `forbidden: cannot ${denied.verb} ${denied.resource}: ${message}`;
    }
    if (code === 401)
      message = `unauthorized: the credentials of context ${target.context ?? "(default)"} were rejected (${message})`;
    return new KubeError(code, message, status?.reason, denied);
  }
  const code = errorCode(err);
  const where = `${target.server ?? "(unknown server)"}${target.context ? ` (context ${target.context})` : ""}`;
  if (err instanceof RequestTimeoutError) {
    return new ClusterUnreachableError(
      `Kubernetes API at ${where} did not answer within ${err.timeoutMs} ms`,
      target,
    );
  }
  const raw = err instanceof Error ? err.message : String(err);
  if (code && code in UNREACHABLE_CODES) {
    return new ClusterUnreachableError(
      `Kubernetes API at ${where} is unreachable: ${UNREACHABLE_CODES[code]} (${code}: ${raw})`,
      target,
    );
  }
  if (code?.startsWith("ERR_TLS") || code?.startsWith("ERR_SSL") || code?.includes("CERT")) {
    return new ClusterUnreachableError(
      `Kubernetes API at ${where} failed the TLS handshake: ${code}: ${raw}`,
      target,
    );
  }
  return err instanceof Error ? err : new Error(raw);
}
