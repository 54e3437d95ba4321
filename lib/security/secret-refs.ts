import "server-only";
import { HttpError } from "@/lib/http/errors";
import { canI } from "@/lib/k8s/access-review";

/** A Secret an APISIX object would point at. */
export interface SecretRef {
  namespace: string;
  name: string;
}

/**
 * The refs that live in another namespace than the object being written (pure). Those are the
 * ones to check: APISIX reads Secrets with its own, broad identity, so a write that points it at
 * another namespace's Secret could hand that Secret to someone who may not read it.
 */
export function foreignSecretRefs(
  objectNamespace: string,
  refs: readonly (SecretRef | undefined)[],
): SecretRef[] {
  return refs.filter((r): r is SecretRef => !!r && r.namespace !== objectNamespace);
}

/**
 * Refuses an APISIX write that names a Secret in another namespace unless the person (the identity
 * of `context`, or the signed-in person's token) may `get` it: a SelfSubjectAccessReview per Secret.
 * Source: issue 16 item 12.
 * @throws HttpError 403 naming the Secret.
 */
export async function assertMayReadSecretRefs(
  objectNamespace: string,
  refs: readonly (SecretRef | undefined)[],
  opts: { context?: string } = {},
): Promise<void> {
  for (const ref of foreignSecretRefs(objectNamespace, refs)) {
    const review = await canI(
      { verb: "get", group: "", resource: "secrets", namespace: ref.namespace },
      opts,
    );
    if (!review.allowed) {
      throw new HttpError(
        403,
        `you may not read Secret ${ref.namespace}/${ref.name} (get secrets in namespace ${ref.namespace}), so this change may not point APISIX at it`,
      );
    }
  }
}
