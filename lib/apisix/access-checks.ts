/**
 * Which Kubernetes permissions each APISIX write of the Gateway page needs. Pure (shared with the
 * browser as types). The verbs are the ones `lib/k8s/apisix-write.ts` calls: `create` for a new
 * ApisixTls, `update` (read-modify-replace of `spec`) for the mTLS toggles.
 */
import type { PermissionCheck } from "@/lib/actions/access-checks";

const APISIX = "apisix.apache.org";

export const GATEWAY_ACTIONS = ["createTls", "toggleTlsMtls", "toggleUpstreamMtls"] as const;
export type GatewayActionName = (typeof GATEWAY_ACTIONS)[number];

/** The permissions each Gateway write needs, in the order they are checked. */
export const GATEWAY_PERMISSIONS: Record<GatewayActionName, PermissionCheck[]> = {
  createTls: [{ verb: "create", group: APISIX, resource: "apisixtlses" }],
  toggleTlsMtls: [{ verb: "update", group: APISIX, resource: "apisixtlses" }],
  toggleUpstreamMtls: [{ verb: "update", group: APISIX, resource: "apisixupstreams" }],
};

/** `GET /api/apisix/access` answer: per Gateway write, allowed or the reason it is not. */
export interface GatewayAccessResult {
  namespace?: string;
  identity: string;
  actions: Record<GatewayActionName, { allowed: boolean; reason: string }>;
}
