/**
 * Every cluster write Trustdeck makes, in one table (pure; shared by the write path, the access
 * checks and the RBAC test of `deploy/`). Each write goes through `auditedWrite` (lib/actions/write.ts),
 * which records a Kubernetes Event on the object and one audit line.
 */
import {
  CREATE_CERTIFICATES,
  CREATE_EVENTS,
  PATCH_CERTIFICATES,
  type PermissionCheck,
  UPDATE_CERTIFICATE_STATUS,
  UPDATE_REQUEST_STATUS,
} from "./access-checks";

const APISIX = "apisix.apache.org";
const CM = "cert-manager.io";
const TRUST = "trust.cert-manager.io";

/** cert-manager's approval webhook asks for `approve` on the signer `issuers.cert-manager.io/<ns>.<name>`. */
export const APPROVE_SIGNERS: PermissionCheck = {
  verb: "approve",
  group: "cert-manager.io",
  resource: "signers",
};

/** One write: the kind it changes, its Event reason (when fixed) and the permissions it needs. */
export interface WriteInfo {
  kind: string;
  /** `reason` of the Event recorded on success; writes with a per-call reason give it at the call. */
  eventReason?: string;
  /** Permissions the write calls with (asked by `/api/access` before offering the action). */
  needs: readonly PermissionCheck[];
  /** Further permissions checked by an admission webhook (granted in deploy/, not asked beforehand). */
  webhookNeeds?: readonly PermissionCheck[];
}

/** The writes, by the action name the audit line and the route wrapper use. */
export const WRITES = {
  issue: { kind: "Certificate", eventReason: "TrustdeckIssue", needs: [CREATE_CERTIFICATES] },
  renew: { kind: "Certificate", eventReason: "TrustdeckRenew", needs: [UPDATE_CERTIFICATE_STATUS] },
  rotate: {
    kind: "Certificate",
    eventReason: "TrustdeckRotate",
    needs: [PATCH_CERTIFICATES, UPDATE_CERTIFICATE_STATUS],
  },
  approve: {
    kind: "CertificateRequest",
    eventReason: "TrustdeckApprove",
    needs: [UPDATE_REQUEST_STATUS],
    webhookNeeds: [APPROVE_SIGNERS],
  },
  deny: {
    kind: "CertificateRequest",
    eventReason: "TrustdeckDeny",
    needs: [UPDATE_REQUEST_STATUS],
    webhookNeeds: [APPROVE_SIGNERS],
  },
  "apisixtls-create": {
    kind: "ApisixTls",
    eventReason: "Created",
    needs: [{ verb: "create", group: APISIX, resource: "apisixtlses" }],
  },
  "mtls-toggle": { kind: "ApisixTls", needs: [{ verb: "update", group: APISIX, resource: "apisixtlses" }] },
  "upstream-mtls-toggle": {
    kind: "ApisixUpstream",
    needs: [{ verb: "update", group: APISIX, resource: "apisixupstreams" }],
  },
  // One step of a CA rotation (lib/rotation/service.ts); the Event goes on the CA Certificate.
  "rotation-step": {
    kind: "Certificate",
    eventReason: "TrustdeckRotation",
    needs: [
      CREATE_CERTIFICATES,
      { verb: "delete", group: CM, resource: "certificates" },
      UPDATE_CERTIFICATE_STATUS,
      { verb: "patch", group: CM, resource: "issuers" },
      { verb: "patch", group: CM, resource: "clusterissuers" },
      { verb: "create", group: TRUST, resource: "bundles" },
      { verb: "patch", group: TRUST, resource: "bundles" },
      { verb: "delete", group: TRUST, resource: "bundles" },
      { verb: "update", group: APISIX, resource: "apisixtlses" },
      { verb: "create", group: "", resource: "configmaps" },
      { verb: "update", group: "", resource: "configmaps" },
    ],
  },
  // Adopting an unmanaged TLS Secret: a Certificate naming it (lib/adopt/service.ts).
  adopt: { kind: "Certificate", eventReason: "TrustdeckAdopt", needs: [CREATE_CERTIFICATES] },
} as const satisfies Record<string, WriteInfo>;

/** The name of a write (`issue`, `renew`, ..., `upstream-mtls-toggle`). */
export type WriteAction = keyof typeof WRITES;

/** Every write action, in table order. */
export const WRITE_ACTIONS = Object.keys(WRITES) as WriteAction[];

/** Permissions of the write path itself: the Event every write records. */
export const WRITE_PATH_NEEDS: readonly PermissionCheck[] = [CREATE_EVENTS];

/** Every permission the writes call with, the webhook checks and the write path needs. */
export function writeGrants(): PermissionCheck[] {
  return [
    ...Object.values(WRITES as Record<string, WriteInfo>).flatMap((w) => [
      ...w.needs,
      ...(w.webhookNeeds ?? []),
    ]),
    ...WRITE_PATH_NEEDS,
  ];
}
