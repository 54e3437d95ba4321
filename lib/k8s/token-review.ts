import "server-only";
import { AuthenticationV1Api, AuthorizationV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient, runAsTrustdeck } from "./config";

/** Who a bearer token belongs to, as the API server's TokenReview says; undefined when not authenticated. */
export interface ReviewedUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/**
 * Asks the API server who `token` is (TokenReview, `authentication.k8s.io/v1`), as Trustdeck's own
 * identity (it needs `create` on tokenreviews, as kube-rbac-proxy does).
 * @returns the user, or undefined when the API server does not authenticate the token.
 * @throws KubeError when the review itself fails (e.g. 403: Trustdeck may not create TokenReviews).
 */
export function reviewToken(token: string, context?: string): Promise<ReviewedUser | undefined> {
  return runAsTrustdeck(async () => {
    const review = await kubeCall(context, () =>
      makeClient(AuthenticationV1Api, context).createTokenReview({
        body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } },
      }),
    );
    const status = review.status;
    if (!status?.authenticated || !status.user?.username) return undefined;
    return {
      username: status.user.username,
      uid: status.user.uid,
      groups: status.user.groups ?? [],
      extra: status.user.extra,
    };
  });
}

/**
 * Whether `user` may `verb` the non-resource URL `path` (SubjectAccessReview with
 * nonResourceAttributes, `authorization.k8s.io/v1`), asked as Trustdeck's own identity (it needs
 * `create` on subjectaccessreviews). The pattern kube-rbac-proxy uses to guard /metrics.
 * @throws KubeError when the review itself fails.
 */
export function userMayAccessPath(
  user: ReviewedUser,
  path: string,
  verb = "get",
  context?: string,
): Promise<{ allowed: boolean; reason?: string }> {
  return runAsTrustdeck(async () => {
    const review = await kubeCall(context, () =>
      makeClient(AuthorizationV1Api, context).createSubjectAccessReview({
        body: {
          apiVersion: "authorization.k8s.io/v1",
          kind: "SubjectAccessReview",
          spec: {
            user: user.username,
            uid: user.uid,
            groups: user.groups,
            extra: user.extra,
            nonResourceAttributes: { path, verb },
          },
        },
      }),
    );
    return { allowed: review.status?.allowed === true, reason: review.status?.reason || undefined };
  });
}
