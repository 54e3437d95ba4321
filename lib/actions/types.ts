/** DTOs of the action routes (what `app/api/**` returns to the browser for issue, renew, ...). */

/** The same states as `GET /api/certificates?state=` (the one list, in lib/types.ts). */
export { CERTIFICATE_STATES as certificateStates } from "@/lib/types";

/** Public facts of the certificate in the Secret before (or after) an action. */
export interface CertificateSnapshot {
  revision?: number;
  serialNumber?: string;
  notBefore?: string;
  notAfter?: string;
  publicKeyFingerprint?: string;
}

/** `POST /api/certificates` answer (201). */
export interface IssueResult {
  namespace: string;
  name: string;
  /** The object as created (spec only; no status yet). */
  certificate: { metadata: { name: string; namespace: string; uid?: string }; spec: Record<string, unknown> };
  identity: string;
}

/** `POST .../renew` answer. */
export interface RenewResult {
  namespace: string;
  name: string;
  /** What the Secret held before the renewal was triggered. */
  previous: CertificateSnapshot;
  /** rotationPolicy in force for this renewal, and what it means for the key. */
  rotationPolicy: "Always" | "Never";
  newKeyExpected: boolean;
  /** How many 409 conflicts were retried before the update went through. */
  retries: number;
  identity: string;
}

/** `POST .../rotate` answer. */
export interface RotateResult extends RenewResult {
  /** Set when rotate had to change `spec.privateKey.rotationPolicy` to Always first. */
  policyChanged?: { from: string; to: "Always" };
  previousPublicKeyFingerprint?: string;
}

/** `POST /api/certificaterequests/.../approve|deny` answer. */
export interface ApprovalResult {
  namespace: string;
  name: string;
  decision: "approved" | "denied";
  reason: string;
  message: string;
  identity: string;
}

/** One certificate of a bulk renew selection. */
export interface BulkTarget {
  /** The fleet cluster of the Certificate (set when several clusters are configured). */
  cluster?: string;
  namespace: string;
  name: string;
  issuer: { name: string; kind: string };
  acme: boolean;
}

/** `POST /api/certificates/renew` with `dryRun: true`. */
export interface BulkDryRunResult {
  dryRun: true;
  count: number;
  items: BulkTarget[];
  /** Set when some targets are issued by an ACME issuer (rate limits apply). */
  warning?: string;
  acme: BulkTarget[];
  /** Clusters left out of a merged resolution (unreachable, forbidden), in plain words. */
  clusterErrors?: { cluster: string; message: string; status: number }[];
}

/** `POST /api/certificates/renew` without dryRun. */
export interface BulkRunResult {
  dryRun: false;
  count: number;
  succeeded: number;
  failed: number;
  results: {
    cluster?: string;
    namespace: string;
    name: string;
    ok: boolean;
    error?: string;
    status?: number;
  }[];
}

/** The actions `GET /api/access` reports on. */
export const ACTIONS = ["issue", "renew", "rotate", "approve", "deny"] as const;
export type ActionName = (typeof ACTIONS)[number];

/** `GET /api/access` answer. */
export interface AccessResult {
  namespace?: string;
  identity: string;
  actions: Record<ActionName, { allowed: boolean; reason: string }>;
  /** Whether Events can be recorded (actions still work without it; the audit trail is then only the log). */
  events: { allowed: boolean; reason: string };
}
