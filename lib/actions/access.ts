import "server-only";
import { canI, whoAmI } from "@/lib/k8s/access-review";
import { ACTION_PERMISSIONS, CREATE_EVENTS, deniedReason, type PermissionCheck } from "./access-checks";
import { ACTIONS, type AccessResult } from "./types";
import { readOnlyReason } from "./write";

const id = (c: PermissionCheck) => `${c.verb} ${c.group}/${c.resource}/${c.subresource ?? ""}`;

/**
 * What the current identity may do in `namespace`, per action, from SelfSubjectAccessReviews
 * (one per distinct permission). Denied actions carry a reason naming the identity, verb and resource.
 */
export async function getAccess(
  namespace: string | undefined,
  opts: { context?: string } = {},
): Promise<AccessResult> {
  const { context } = opts;
  const identity = await whoAmI(context);
  const ro = readOnlyReason();
  const checks = new Map<string, PermissionCheck>();
  for (const c of [...Object.values(ACTION_PERMISSIONS).flat(), CREATE_EVENTS]) checks.set(id(c), c);
  const answers = new Map<string, { allowed: boolean; reason?: string }>();
  if (!ro) {
    await Promise.all(
      [...checks.entries()].map(async ([k, c]) => {
        answers.set(k, await canI({ ...c, namespace }, { context }));
      }),
    );
  }
  const verdict = (needs: PermissionCheck[]) => {
    if (ro) return { allowed: false, reason: ro };
    for (const c of needs) {
      if (!answers.get(id(c))?.allowed)
        return { allowed: false, reason: deniedReason(identity, c, namespace) };
    }
    return { allowed: true, reason: "" };
  };
  const actions = Object.fromEntries(
    ACTIONS.map((a) => [a, verdict(ACTION_PERMISSIONS[a])]),
  ) as AccessResult["actions"];
  return { ...(namespace ? { namespace } : {}), identity, actions, events: verdict([CREATE_EVENTS]) };
}
