/** Which Kubernetes permissions each action needs. Pure. */
import type { ActionName } from "./types";

/** One SelfSubjectAccessReview attribute set. */
export interface PermissionCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

const CM = "cert-manager.io";

export const CREATE_CERTIFICATES: PermissionCheck = { verb: "create", group: CM, resource: "certificates" };
export const UPDATE_CERTIFICATE_STATUS: PermissionCheck = {
  verb: "update",
  group: CM,
  resource: "certificates",
  subresource: "status",
};
export const PATCH_CERTIFICATES: PermissionCheck = { verb: "patch", group: CM, resource: "certificates" };
export const UPDATE_REQUEST_STATUS: PermissionCheck = {
  verb: "update",
  group: CM,
  resource: "certificaterequests",
  subresource: "status",
};
export const CREATE_EVENTS: PermissionCheck = { verb: "create", group: "", resource: "events" };

/** The permissions each action needs, in the order they are checked. */
export const ACTION_PERMISSIONS: Record<ActionName, PermissionCheck[]> = {
  issue: [CREATE_CERTIFICATES],
  renew: [UPDATE_CERTIFICATE_STATUS],
  rotate: [PATCH_CERTIFICATES, UPDATE_CERTIFICATE_STATUS],
  approve: [UPDATE_REQUEST_STATUS],
  deny: [UPDATE_REQUEST_STATUS],
};

/** "certificates/status" for a check. */
export function resourceLabel(c: PermissionCheck): string {
  return c.subresource ? `${c.resource}/${c.subresource}` : c.resource;
}

/** "Your identity alice may not update certificates/status" (+ namespace, + the cluster's reason). */
export function deniedReason(identity: string, c: PermissionCheck, namespace?: string, why?: string): string {
  const where = namespace ? ` in namespace ${namespace}` : "";
  return `Your identity ${identity} may not ${c.verb} ${resourceLabel(c)}${where}${why ? ` (${why})` : ""}`;
}
