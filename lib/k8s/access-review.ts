import "server-only";
import { AuthorizationV1Api } from "@kubernetes/client-node";
import { currentUserKey, getKubeConfig, kubeCall, makeClient } from "./config";
import { reviewSelf } from "./self-subject-review";

const IDENTITY_TTL_MS = 5 * 60_000;
const identities = new Map<string, { name: string; at: number }>();

/**
 * The user name the API server sees for `context`, from a SelfSubjectReview
 * (`authentication.k8s.io/v1`), cached per context for five minutes. Falls back to the
 * kubeconfig's user name for the context when the review is not possible. In token sign-in mode
 * the cache is keyed by the signed-in user as well.
 */
export async function whoAmI(context?: string): Promise<string> {
  const kc = getKubeConfig(context);
  const key = `${kc.getCurrentContext()}|${currentUserKey() ?? ""}`;
  const hit = identities.get(key);
  if (hit && Date.now() - hit.at < IDENTITY_TTL_MS) return hit.name;
  let name: string | undefined;
  try {
    name = (await reviewSelf(context)).username || undefined;
  } catch {
    // older clusters, or no permission to review: the kubeconfig user name is the best we know
  }
  name ??= kc.getCurrentUser()?.name ?? (kc.getCurrentContext() || "unknown");
  identities.set(key, { name, at: Date.now() });
  return name;
}

/** One SelfSubjectAccessReview question. */
export interface AccessQuestion {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

/** Whether the identity of `context` may do `q`, and the authorizer's reason. */
export async function canI(
  q: AccessQuestion,
  opts: { context?: string } = {},
): Promise<{ allowed: boolean; reason?: string }> {
  const { context } = opts;
  const review = await kubeCall(context, () =>
    makeClient(AuthorizationV1Api, context).createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: {
          resourceAttributes: {
            verb: q.verb,
            group: q.group,
            resource: q.resource,
            subresource: q.subresource,
            namespace: q.namespace,
          },
        },
      },
    }),
  );
  return { allowed: review.status?.allowed === true, reason: review.status?.reason || undefined };
}

/** Forgets cached identities (tests). */
export function resetIdentityCache(): void {
  identities.clear();
}
