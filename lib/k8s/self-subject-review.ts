import "server-only";
import { AuthenticationV1Api } from "@kubernetes/client-node";
import { kubeCall, makeClient } from "./config";

/** Who the API server says the caller is. */
export interface UserIdentity {
  username: string;
  uid?: string;
  groups: string[];
}

/**
 * Asks the API server who the current identity is (SelfSubjectReview, `authentication.k8s.io/v1`),
 * with no cache and no fallback: it throws when the credential is not accepted. Inside
 * `runWithUserToken(token, ...)` this is how a pasted token is validated at sign-in.
 * @throws KubeError (401 for a token the cluster rejects) or ClusterUnreachableError.
 */
export async function reviewSelf(context?: string): Promise<UserIdentity> {
  const review = await kubeCall(context, () =>
    makeClient(AuthenticationV1Api, context).createSelfSubjectReview({
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    }),
  );
  const info = review.status?.userInfo;
  return { username: info?.username ?? "unknown", uid: info?.uid, groups: info?.groups ?? [] };
}
