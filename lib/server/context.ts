import "server-only";
import { sessionFromCookieHeader } from "@/lib/auth/session";
import { authMode } from "@/lib/auth/settings";
import { contextFromCookieHeader, isFleetCluster } from "@/lib/k8s/config";
import { KubeError } from "@/lib/k8s/errors";

/**
 * What one API request acts with, built once by the route wrapper and passed to the handler as an
 * argument: the kube context, the signed-in user, and a display identity for logs.
 */
export interface RequestContext {
  /**
   * The kubeconfig context the request reads: the fleet cluster named by `?cluster=` (detail pages
   * and actions go to their object's own cluster), else the context cookie `trustdeck-context` (the
   * context switcher narrows the view to one context); undefined = the default, or every cluster
   * of the fleet merged.
   */
  kube?: string;
  /**
   * The signed-in user. `token` (token and oidc sign-in modes only) is the person's bearer token
   * (in oidc mode their ID token): every Kubernetes call of the request runs with it. Never logged,
   * never answered.
   */
  user?: { username?: string; token?: string };
  /** Who the request is, for audit lines before the cluster is asked: the session's user name, or "anonymous". */
  display: string;
}

/**
 * Builds the RequestContext of `req` from its cookies. Only the proxy decides whether a request
 * may pass; this reads what it carries.
 */
export async function requestContext(req: Request): Promise<RequestContext> {
  return contextOf(req.headers.get("cookie"), clusterOf(req));
}

/**
 * The RequestContext of a server-rendered page, from its Cookie header: what an API request of the
 * page would act with. A page's own `?cluster=` is not read here (on the list pages it filters the
 * rows; the lists' API requests carry none either).
 */
export async function pageContext(cookie: string | null): Promise<RequestContext> {
  return contextOf(cookie, undefined);
}

async function contextOf(cookie: string | null, cluster: string | undefined): Promise<RequestContext> {
  const session = await sessionFromCookieHeader(cookie);
  const mode = authMode();
  const token = mode === "token" ? session?.token : mode === "oidc" ? session?.oidc?.idToken : undefined;
  const kube = cluster ?? contextFromCookieHeader(cookie);
  return {
    ...(kube ? { kube } : {}),
    ...(session ? { user: { username: session.username, ...(token ? { token } : {}) } } : {}),
    display: session?.username ?? "anonymous",
  };
}

/**
 * The `cluster` query parameter of `req`, when given.
 * @throws KubeError 422 when it names no cluster of the fleet.
 */
function clusterOf(req: Request): string | undefined {
  let asked: string | null;
  try {
    asked = new URL(req.url).searchParams.get("cluster");
  } catch {
    return undefined;
  }
  if (!asked) return undefined;
  if (!isFleetCluster(asked))
    throw new KubeError(422, `cluster: "${asked}" is not a configured cluster`, "UnknownCluster");
  return asked;
}
