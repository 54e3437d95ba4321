// The issuance doctor's inputs and verdict. Inputs are Kubernetes objects as the API serves them
// (cert-manager.io/v1, acme.cert-manager.io/v1, core/v1 Events), typed to the fields the doctor
// reads, plus facts about the Secret computed on the server: never its key bytes.

export interface ObjectMetaFacts {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid?: string; apiVersion?: string }[];
}

/** A status condition (cert-manager's shape: Ready, Issuing, Approved, Denied, InvalidRequest). */
export interface ConditionFacts {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface IssuerRefFacts {
  name: string;
  kind?: string;
  group?: string;
}

/** cert-manager.io/v1 Certificate. */
export interface CertificateObject {
  metadata: ObjectMetaFacts;
  spec: {
    secretName: string;
    issuerRef: IssuerRefFacts;
    dnsNames?: string[];
    commonName?: string;
    privateKey?: { rotationPolicy?: string; algorithm?: string };
  };
  status?: {
    conditions?: ConditionFacts[];
    revision?: number;
    notAfter?: string;
    renewalTime?: string;
    lastFailureTime?: string;
    failedIssuanceAttempts?: number;
    nextPrivateKeySecretName?: string;
  };
}

/** cert-manager.io/v1 Issuer or ClusterIssuer. */
export interface IssuerObject {
  kind?: string;
  metadata: ObjectMetaFacts;
  spec: {
    acme?: { server?: string; email?: string; solvers?: unknown[] };
    ca?: { secretName?: string };
    selfSigned?: unknown;
    vault?: unknown;
    venafi?: unknown;
  };
  status?: {
    conditions?: ConditionFacts[];
    acme?: { uri?: string; lastRegisteredEmail?: string };
  };
}

/**
 * What the server could find about the Issuer a Certificate refers to. `external`: an issuer
 * outside cert-manager.io, whose readiness cert-manager cannot report; `unknown`: it could not be
 * read (say, 403).
 */
export type IssuerLookup =
  | { found: true; issuer: IssuerObject }
  | { found: false; kind: string; name: string; namespace?: string }
  | { external: true; group: string; kind: string; name: string }
  | { unknown: true; message: string };

/** cert-manager.io/v1 CertificateRequest. */
export interface CertificateRequestObject {
  metadata: ObjectMetaFacts;
  spec: { issuerRef: IssuerRefFacts };
  status?: { conditions?: ConditionFacts[]; failureTime?: string; certificate?: string };
}

/** acme.cert-manager.io/v1 Order. */
export interface OrderObject {
  metadata: ObjectMetaFacts;
  spec: { dnsNames?: string[]; commonName?: string; issuerRef?: IssuerRefFacts };
  status?: {
    state?: string;
    reason?: string;
    url?: string;
    finalizeURL?: string;
    failureTime?: string;
    authorizations?: { url: string; identifier?: string; initialState?: string; wildcard?: boolean }[];
  };
}

/** acme.cert-manager.io/v1 Challenge. */
export interface ChallengeObject {
  metadata: ObjectMetaFacts;
  spec: {
    type: string;
    dnsName: string;
    authorizationURL?: string;
    url?: string;
    token?: string;
    wildcard?: boolean;
    issuerRef?: IssuerRefFacts;
  };
  status?: { processing?: boolean; presented?: boolean; reason?: string; state?: string };
}

/** A core/v1 Event about one of the objects above. */
export interface EventFacts {
  involvedObject: { kind: string; name: string; namespace?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

/**
 * The Certificate's Secret as the server saw it. `keyMatches` is computed on the server by
 * comparing the public key of `tls.crt` with the one derived from `tls.key`; the key never leaves.
 */
export type SecretFacts =
  | { exists: false }
  | {
      exists: true;
      hasCertificate: boolean;
      hasKey: boolean;
      keyMatches?: boolean;
      certificateNotAfter?: string;
    }
  | { unknown: true; message: string };

export interface DoctorInput {
  /** Clock of the verdict (how long stuck, renewal overdue). */
  now: Date;
  certificate: CertificateObject;
  issuer: IssuerLookup;
  secret: SecretFacts;
  /** CertificateRequests owned by the Certificate (any revision). */
  requests: CertificateRequestObject[];
  /** Orders owned by those requests. */
  orders: OrderObject[];
  /** Challenges owned by those orders. */
  challenges: ChallengeObject[];
  /** Events about the Certificate, its issuer, requests, orders and challenges. */
  events: EventFacts[];
}

/** The steps of cert-manager's issuance, in the order it works through them. */
export const STEP_IDS = [
  "issuer-ready",
  "spec-accepted",
  "private-key",
  "request-created",
  "approved",
  "issuer-picked-up",
  "acme-order",
  "acme-challenges",
  "secret-written",
  "key-matches",
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** done; current (cert-manager is working on it, or it waits); failing; not reached; not applicable. */
export type StepState = "done" | "current" | "failing" | "not-reached" | "skipped";

export interface EvidenceItem {
  /** Where it was read: "Certificate acme/www", "Challenge acme/www-1-2-3", ... */
  source: string;
  /** What: a condition ("Ready=False"), an event ("Warning PresentError"), or a field. */
  label: string;
  reason?: string;
  message?: string;
  /** RFC 3339. */
  at?: string;
}

export interface ChallengeSummary {
  name: string;
  type: string;
  dnsName: string;
  presented: boolean;
  processing: boolean;
  state?: string;
  reason?: string;
  authorizationURL?: string;
  /** What the controller's self check or propagation check last said, when it failed. */
  selfCheck?: "passed" | "failing" | "pending";
  /** The ACME server's error, once it marked the challenge invalid. */
  serverError?: string;
}

export interface StepResult {
  id: StepId;
  title: string;
  state: StepState;
  /** Machine reason: cert-manager's condition reason where there is one, else the doctor's. */
  reason?: string;
  /** Plain words: what happened at this step. */
  summary: string;
  /** The field to change or the command to run; only for failing and waiting steps. */
  fix?: string;
  /** When this step's current state began (RFC 3339). */
  since?: string;
  evidence: EvidenceItem[];
  /** For acme-challenges. */
  challenges?: ChallengeSummary[];
  /** The object this step is about, for links. */
  object?: { kind: string; name: string; namespace?: string };
}

/**
 * ready: issued and the Secret is sound. failing: a step failed and needs a fix. waiting: a
 * step waits for a person (approval). progressing: cert-manager is working within expected time.
 */
export type DiagnosisState = "ready" | "failing" | "waiting" | "progressing";

export interface Diagnosis {
  certificate: { namespace: string; name: string };
  state: DiagnosisState;
  /** failing, or waiting, or progressing for longer than expected. */
  stuck: boolean;
  /** The step the verdict is about: the first step not done; absent when ready. */
  step?: StepId;
  reason?: string;
  summary: string;
  fix?: string;
  /** When the verdict's step entered its state, and for how long (seconds) until `now`. */
  since?: string;
  stuckForSeconds?: number;
  /**
   * Why cert-manager is (re-)issuing at all: the Issuing condition's reason and message, such as
   * DoesNotExist "Issuing certificate as Secret does not exist". A trigger, never the cause.
   */
  trigger?: { reason?: string; message?: string };
  /** Renewal was due (status.renewalTime) and no issuance has started. */
  renewalOverdue: boolean;
  steps: StepResult[];
  /** The latest Events over all objects involved, newest first (at most 10). */
  events: EvidenceItem[];
}
