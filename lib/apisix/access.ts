import "server-only";
import { deniedReason, type PermissionCheck } from "@/lib/actions/access-checks";
import { readOnlyReason } from "@/lib/actions/write";
import { canI, whoAmI } from "@/lib/k8s/access-review";
import { GATEWAY_ACTIONS, GATEWAY_PERMISSIONS, type GatewayAccessResult } from "./access-checks";

/**
 * What the current identity may do with APISIX objects in `namespace` (every namespace when
 * unset), per Gateway write, from one SelfSubjectAccessReview per permission. A denied write
 * carries a reason naming the identity, verb and resource; read-only mode denies every write.
 */
export async function getGatewayAccess(
  namespace: string | undefined,
  opts: { context?: string } = {},
): Promise<GatewayAccessResult> {
  const identity = await whoAmI(opts.context);
  const ro = readOnlyReason();
  const verdict = async (needs: PermissionCheck[]) => {
    if (ro) return { allowed: false, reason: ro };
    for (const c of needs) {
      const answer = await canI({ ...c, namespace }, opts);
      if (!answer.allowed) return { allowed: false, reason: deniedReason(identity, c, namespace) };
    }
    return { allowed: true, reason: "" };
  };
  const entries = await Promise.all(
    GATEWAY_ACTIONS.map(async (a) => [a, await verdict(GATEWAY_PERMISSIONS[a])] as const),
  );
  return {
    ...(namespace ? { namespace } : {}),
    identity,
    actions: Object.fromEntries(entries) as GatewayAccessResult["actions"],
  };
}
