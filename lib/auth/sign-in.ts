import "server-only";
import { z } from "zod";
import { HttpError } from "@/lib/http/errors";
import { accessKeyOf, dropAccessCache } from "@/lib/k8s/access-filter";
import { contextFromRequest, runWithUserToken } from "@/lib/k8s/config";
import { KubeError } from "@/lib/k8s/errors";
import { reviewSelf, type UserIdentity } from "@/lib/k8s/self-subject-review";
import { createSession, type Session, safeEqual } from "./session";
import { authMode, signInToken } from "./settings";

/** Body of `POST /api/auth/signin`: the local sign-in token, or (token mode) a Kubernetes bearer token. */
export const signInBody = z.object({
  token: z
    .string()
    .min(1, "paste a token")
    .max(16_384, "a token is at most 16384 characters")
    .regex(/^[A-Za-z0-9._~+/=-]+$/, "a bearer token has no spaces or special characters"),
});

/**
 * Local mode: true when `token` is this process's sign-in token (constant-time). The token stays
 * valid for the life of the process; sign-in attempts are rate-limited by the proxy instead.
 */
export function isLocalSignInToken(token: string | null | undefined): boolean {
  return !!token && safeEqual(token, signInToken());
}

/**
 * Token mode: validates `token` by a SelfSubjectReview made AS that token, then opens a session that
 * keeps it server-side.
 * @throws HttpError 401 when the cluster does not accept the token.
 */
export async function signInWithKubeToken(
  req: Request,
  token: string,
): Promise<{ session: Session; cookie: string; identity: UserIdentity }> {
  let identity: UserIdentity;
  try {
    const context = contextFromRequest(req);
    identity = await runWithUserToken(token, () => reviewSelf(context));
  } catch (err) {
    if (err instanceof KubeError && (err.status === 401 || err.status === 403)) {
      throw new HttpError(401, "the cluster did not accept this token (SelfSubjectReview was refused)");
    }
    throw err;
  }
  if (identity.username === "system:anonymous") {
    throw new HttpError(401, "the cluster treats this token as anonymous; paste a valid bearer token");
  }
  // A new session asks the cluster afresh what this person may list (lib/k8s/access-filter.ts).
  dropAccessCache(accessKeyOf(token));
  const created = await createSession("token", {
    token,
    username: identity.username,
    groups: identity.groups,
  });
  return { ...created, identity };
}

/** Opens a session for the current mode without a Kubernetes token (local mode). */
export function openLocalSession(): Promise<{ session: Session; cookie: string }> {
  return createSession(authMode(), { username: "local-user" });
}
