import type { ApiErrorBody } from "@/lib/types";

type Issue = { path: string; message: string };
type Denied = NonNullable<ApiErrorBody["error"]["denied"]>;

/** The one error the browser sees from the API: the HTTP status plus the server's message. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues?: Issue[];
  readonly denied?: Denied;
  /** The Trustdeck server setting that refused the request (its own policy, not the cluster's RBAC). */
  readonly policy?: string;
  /** The parsed response body, for callers that accept a non-2xx payload (health). */
  readonly body?: unknown;

  constructor(
    status: number,
    message: string,
    extra: { issues?: Issue[]; denied?: Denied; policy?: string; body?: unknown } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    if (extra.issues) this.issues = extra.issues;
    if (extra.denied) this.denied = extra.denied;
    if (extra.policy) this.policy = extra.policy;
    if (extra.body !== undefined) this.body = extra.body;
  }
}

/** True for errors that another attempt will not fix (permission, validation, not found, unreachable). */
export function isFinalError(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status !== 429 && err.status !== 502;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "message" in error;
}

/**
 * Pages of one path segment that show one cluster at a time (a gateway's hop matrix is one
 * cluster's APISIX): their `?cluster=` picks that cluster, as on an object's page.
 */
const ONE_CLUSTER_PAGES: readonly string[] = ["/gateway"];

/**
 * Whether the page at `pathname` is about one cluster's objects (its `?cluster=` sends every API
 * call there): an object's page (two or more path segments) or one of `ONE_CLUSTER_PAGES`. List
 * pages read every cluster and filter in the browser.
 */
export function isOneClusterPage(pathname: string): boolean {
  const segments = pathname.split("/").filter(Boolean);
  return segments.length >= 2 || ONE_CLUSTER_PAGES.includes(`/${segments.join("/")}`);
}

/**
 * The cluster a page is about: its `cluster` query parameter on an object's page
 * (`/certificates/ns/name?cluster=east`) or a one-cluster page (`/gateway?cluster=east`, see
 * `isOneClusterPage`); undefined on list pages, without the parameter, or outside a browser. Query
 * keys of such a page's reads include it (their answers differ per cluster).
 */
export function pageCluster(location?: { pathname: string; search: string }): string | undefined {
  const loc = location ?? (typeof window === "undefined" ? undefined : window.location);
  if (!loc || !isOneClusterPage(loc.pathname)) return undefined;
  return new URLSearchParams(loc.search).get("cluster") ?? undefined;
}

/**
 * On an object's page (`/certificates/ns/name?cluster=east`: two or more path segments), every API
 * call of the page goes to that object's cluster: the page's `cluster` query parameter is added to
 * `/api/...` paths that do not name one. List pages (one segment) filter by cluster in the browser
 * and read every cluster. Outside a browser, or without the parameter, `path` is returned as is.
 */
export function withPageCluster(path: string, location?: { pathname: string; search: string }): string {
  if (!path.startsWith("/api/")) return path;
  const cluster = pageCluster(location);
  if (!cluster || /[?&]cluster=/.test(path)) return path;
  return `${path}${path.includes("?") ? "&" : "?"}cluster=${encodeURIComponent(cluster)}`;
}

/**
 * Fetches a JSON route of the Trustdeck API and returns the parsed body.
 * Throws `ApiError` for any non-2xx answer (with the server's message, issues and denied
 * verb/resource when present), and `ApiError` with status 0 when the request never got an answer.
 */
export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  const headers = new Headers(init?.headers);
  headers.set("accept", "application/json");
  const method = (init?.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD" && typeof document !== "undefined") {
    // Double-submit CSRF token: the server checks this header against the trustdeck-csrf cookie.
    // Over https the cookie is `__Host-trustdeck-csrf` (lib/auth/session.ts), which wins.
    const csrf =
      document.cookie.match(/(?:^|;\s*)__Host-trustdeck-csrf=([^;]*)/)?.[1] ??
      document.cookie.match(/(?:^|;\s*)trustdeck-csrf=([^;]*)/)?.[1];
    if (csrf) headers.set("x-trustdeck-csrf", decodeURIComponent(csrf));
  }
  if (init?.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");

  let res: Response;
  try {
    res = await fetch(withPageCluster(path), { ...init, headers, cache: "no-store" });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ApiError(0, `Could not reach the Trustdeck server (${reason})`);
  }

  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }

  if (!res.ok) {
    if (isErrorBody(body)) {
      const { message, issues, denied, policy } = body.error;
      throw new ApiError(res.status, message, { issues, denied, policy, body });
    }
    throw new ApiError(res.status, `${res.status} ${res.statusText || "request failed"} for ${path}`, {
      body,
    });
  }
  return body as T;
}

/**
 * Builds `path?query` from the defined, non-empty values of `params`; appended with `&` when
 * `path` already has a query (`/api/access?namespace=tls` + cluster).
 */
export function withQuery(
  path: string,
  params: Record<string, string | number | boolean | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  if (!query) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${query}`;
}
