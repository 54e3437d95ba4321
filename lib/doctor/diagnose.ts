// The issuance doctor: which step of cert-manager's issuance a Certificate is stuck at, the
// evidence, and the fix. Pure: it reads objects the server gathered (lib/k8s/diagnosis.ts) and
// never talks to Kubernetes.
//
// Steps follow cert-manager's own controllers, in order (pkg/controller/certificates/*,
// certificaterequests/*, acmeorders, acmechallenges of cert-manager v1.21):
//   issuer Ready (issuers controller) -> spec accepted (observedGeneration) -> private key
//   (keymanager: status.nextPrivateKeySecretName) -> CertificateRequest created (requestmanager,
//   annotation cert-manager.io/certificate-revision = revision + 1) -> approved (approver:
//   Approved/Denied conditions) -> picked up by its issuer (the CR's Ready condition) -> ACME Order
//   (state) -> each Challenge (presented, self check, the ACME server's verdict) -> Secret written
//   (issuing controller) -> key matches.
// "Issuing certificate as Secret does not exist" (Issuing=True, DoesNotExist) is what starts an
// issuance: the doctor reports it as the trigger, never as the cause.

import { fixFor, ISSUANCE_STEP_TITLES } from "./fixes";
import type {
  CertificateRequestObject,
  ChallengeObject,
  ChallengeSummary,
  ConditionFacts,
  Diagnosis,
  DiagnosisState,
  DoctorInput,
  EventFacts,
  EvidenceItem,
  ObjectMetaFacts,
  StepResult,
  StepState,
} from "./types";
import { STEP_IDS } from "./types";

/** A step working longer than this (seconds) counts as stuck even without an error. */
export const EXPECTED_STEP_SECONDS = 10 * 60;
/** DNS-01 "not yet propagated" is normal for this long after presenting (seconds). */
export const PROPAGATION_GRACE_SECONDS = 2 * 60;
/** Renewal more than this late (seconds) without an issuance under way is overdue. */
export const RENEWAL_GRACE_SECONDS = 10 * 60;

const REVISION_ANNOTATION = "cert-manager.io/certificate-revision";

type Partial = Omit<StepResult, "id" | "title">;

/** @returns the condition of `type`, if any. */
export function conditionOf(obj: { status?: { conditions?: ConditionFacts[] } }, type: string) {
  return obj.status?.conditions?.find((c) => c.type === type);
}

const ref = (kind: string, meta: ObjectMetaFacts) =>
  `${kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name}`;

function condEvidence(source: string, c: ConditionFacts | undefined): EvidenceItem[] {
  if (!c) return [];
  return [
    {
      source,
      label: `${c.type}=${c.status}`,
      reason: c.reason,
      message: c.message,
      at: c.lastTransitionTime,
    },
  ];
}

function eventTime(e: EventFacts) {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
}

function eventsFor(events: EventFacts[], kind: string, name: string, limit = 3): EvidenceItem[] {
  return events
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .sort((a, b) => (eventTime(b) ?? "").localeCompare(eventTime(a) ?? ""))
    .slice(0, limit)
    .map((e) => ({
      source: `${kind} ${e.involvedObject.namespace ? `${e.involvedObject.namespace}/` : ""}${name}`,
      label: `${e.type ?? "Normal"} ${e.reason ?? ""}`.trim(),
      reason: e.reason,
      message: e.message,
      at: eventTime(e),
    }));
}

function ownedBy(meta: ObjectMetaFacts, kind: string, owner: ObjectMetaFacts) {
  return (meta.ownerReferences ?? []).some(
    (o) => o.kind === kind && o.name === owner.name && (!o.uid || !owner.uid || o.uid === owner.uid),
  );
}

function revisionOf(cr: CertificateRequestObject) {
  const v = Number(cr.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isFinite(v) ? v : undefined;
}

function newestFirst<T extends { metadata: ObjectMetaFacts }>(items: T[]) {
  return [...items].sort((a, b) =>
    (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? ""),
  );
}

/**
 * The CertificateRequest of the issuance in question: while Issuing, the one for revision + 1;
 * otherwise the one of the current revision, or else the newest.
 */
export function currentRequest(input: DoctorInput, issuing: boolean) {
  const revision = input.certificate.status?.revision ?? 0;
  const mine = newestFirst(input.requests);
  if (issuing) return mine.find((r) => revisionOf(r) === revision + 1);
  const sorted = [...mine].sort((a, b) => (revisionOf(b) ?? -1) - (revisionOf(a) ?? -1));
  return sorted[0];
}

function seconds(now: Date, since?: string) {
  if (!since) return undefined;
  const t = Date.parse(since);
  return Number.isFinite(t) ? Math.max(0, Math.round((now.getTime() - t) / 1000)) : undefined;
}

/** Is `message` cert-manager's DNS-01 propagation wait (normal for a while after presenting)? */
function isPropagationWait(reason: string) {
  return /Waiting for DNS-01 challenge propagation/i.test(reason);
}

/** Summarise one Challenge the way `cmctl status certificate` lists them, plus a self-check verdict. */
export function summariseChallenge(ch: ChallengeObject): ChallengeSummary {
  const reason = ch.status?.reason ?? "";
  const state = ch.status?.state;
  let selfCheck: ChallengeSummary["selfCheck"] = "pending";
  if (state === "valid" || state === "invalid" || /Successfully authorized/.test(reason))
    selfCheck = "passed";
  else if (/^Waiting for (HTTP-01|DNS-01) challenge propagation/i.test(reason)) selfCheck = "failing";
  return {
    name: ch.metadata.name,
    type: ch.spec.type,
    dnsName: ch.spec.dnsName,
    presented: ch.status?.presented ?? false,
    processing: ch.status?.processing ?? false,
    state,
    reason: ch.status?.reason,
    authorizationURL: ch.spec.authorizationURL,
    selfCheck,
    serverError: state === "invalid" || state === "errored" ? ch.status?.reason : undefined,
  };
}

/** The step of one Challenge: presented, self check, then the ACME server's answer. */
function challengeVerdict(
  ch: ChallengeObject,
  now: Date,
): { state: StepState; reason: string; summary: string } {
  const s = ch.status ?? {};
  const reason = s.reason ?? "";
  const what = `${ch.spec.type} challenge for ${ch.spec.dnsName}`;
  if (s.state === "valid")
    return { state: "done", reason: "Valid", summary: `${what}: the ACME server validated it` };
  if (s.state === "invalid" || s.state === "errored" || s.state === "expired")
    return {
      state: "failing",
      reason: "ChallengeInvalid",
      summary: `${what}: the ACME server marked it ${s.state}${reason ? `: ${reason}` : ""}`,
    };
  // A Challenge that is not presented but carries a reason failed to present (PresentError).
  if (!s.presented && reason && !/^Waiting/.test(reason))
    return { state: "failing", reason: "PresentError", summary: `${what} could not be presented: ${reason}` };
  if (s.presented && /^Waiting for (HTTP-01|DNS-01) challenge propagation/i.test(reason)) {
    const age = seconds(now, ch.metadata.creationTimestamp) ?? 0;
    if (isPropagationWait(reason) && /not yet propagated/.test(reason) && age < PROPAGATION_GRACE_SECONDS)
      return {
        state: "current",
        reason: "Propagating",
        summary: `${what}: waiting for the record to propagate`,
      };
    return {
      state: "failing",
      reason: ch.spec.type === "HTTP-01" ? "SelfCheckFailed" : "PropagationCheckFailed",
      summary: `${what}: cert-manager's ${ch.spec.type === "HTTP-01" ? "self check" : "propagation check"} fails: ${reason.replace(/^Waiting for \S+ challenge propagation: /, "")}`,
    };
  }
  if (!s.presented) return { state: "current", reason: "Presenting", summary: `${what}: being presented` };
  return {
    state: "current",
    reason: "Validating",
    summary: `${what}: presented, waiting for the ACME server`,
  };
}

/**
 * Diagnose one Certificate.
 * @returns the verdict: state, the step it is about (the first not done), reason, fix, evidence,
 *   how long stuck, and every step's state for the ladder. Never throws on partial input: what
 *   could not be read is reported as unknown in the evidence.
 */
export function diagnose(input: DoctorInput): Diagnosis {
  const { certificate: cert, now } = input;
  const ns = cert.metadata.namespace ?? "";
  const certSource = ref("Certificate", cert.metadata);
  const ready = conditionOf(cert, "Ready");
  const issuingCond = conditionOf(cert, "Issuing");
  const issuing = issuingCond?.status === "True";
  const cr = currentRequest(input, issuing);
  const crSource = cr ? ref("CertificateRequest", cr.metadata) : "";
  const order = cr
    ? newestFirst(input.orders.filter((o) => ownedBy(o.metadata, "CertificateRequest", cr.metadata)))[0]
    : undefined;
  const challenges = order
    ? input.challenges.filter((c) => ownedBy(c.metadata, "Order", order.metadata))
    : [];
  const issuerLookup = input.issuer;
  const isAcme = "found" in issuerLookup && issuerLookup.found ? !!issuerLookup.issuer.spec.acme : !!order;
  const renewalDueSeconds = seconds(now, cert.status?.renewalTime);
  const renewalOverdue =
    !issuing &&
    renewalDueSeconds !== undefined &&
    Date.parse(cert.status?.renewalTime ?? "") < now.getTime() &&
    renewalDueSeconds > RENEWAL_GRACE_SECONDS;
  // The last attempt failed and cert-manager backs off (Issuing=False, reason Failed).
  const failedAttempt = !issuing && issuingCond?.status === "False" && issuingCond.reason === "Failed";
  const inFlight = issuing || failedAttempt;
  const certEvents = eventsFor(input.events, "Certificate", cert.metadata.name);

  const results: Partial[] = [];
  const step = (p: Partial) => results.push(p);

  // 1. Issuer Ready
  {
    const l = issuerLookup;
    const name = cert.spec.issuerRef.name;
    const kind = cert.spec.issuerRef.kind ?? "Issuer";
    if ("external" in l) {
      step({
        state: "skipped",
        reason: "ExternalIssuer",
        summary: `${l.kind} ${l.name} belongs to ${l.group}, an external issuer: cert-manager does not report its readiness`,
        evidence: [],
        object: { kind: l.kind, name: l.name, namespace: ns },
      });
    } else if ("unknown" in l) {
      step({
        state: "skipped",
        reason: "Unknown",
        summary: `The issuer could not be read: ${l.message}`,
        evidence: [],
      });
    } else if (!l.found) {
      step({
        state: "failing",
        reason: "IssuerNotFound",
        summary: `${kind} ${l.namespace ? `${l.namespace}/` : ""}${name} does not exist`,
        evidence: cr ? condEvidence(crSource, conditionOf(cr, "Ready")) : [],
        since: cert.metadata.creationTimestamp,
        object: { kind, name, namespace: l.namespace },
      });
    } else {
      const iss = l.issuer;
      const c = conditionOf(iss, "Ready");
      const src = ref(iss.kind ?? kind, iss.metadata);
      const ev = [...condEvidence(src, c), ...eventsFor(input.events, iss.kind ?? kind, iss.metadata.name)];
      const object = { kind: iss.kind ?? kind, name: iss.metadata.name, namespace: iss.metadata.namespace };
      if (c?.status === "True")
        step({
          state: "done",
          reason: c.reason,
          summary: `${src} is Ready`,
          evidence: ev,
          since: c.lastTransitionTime,
          object,
        });
      else if (c?.status === "False")
        step({
          state: "failing",
          reason: c.reason ?? "NotReady",
          summary: `${src} is not Ready: ${c.message ?? c.reason ?? "no message"}`,
          evidence: ev,
          since: c.lastTransitionTime,
          object,
        });
      else
        step({
          state: "current",
          reason: "NotChecked",
          summary: `${src} has not been checked by cert-manager yet`,
          evidence: ev,
          since: iss.metadata.creationTimestamp,
          object,
        });
    }
  }

  // 2. Spec accepted: the controller has seen this generation of the spec.
  {
    const gen = cert.metadata.generation;
    const observed = Math.max(-1, ...(cert.status?.conditions ?? []).map((c) => c.observedGeneration ?? -1));
    const ev = [...condEvidence(certSource, ready), ...condEvidence(certSource, issuingCond)];
    if (!ready && !issuingCond)
      step({
        state: "current",
        reason: "NotObserved",
        summary: "cert-manager has not processed this Certificate yet",
        evidence: ev,
        since: cert.metadata.creationTimestamp,
      });
    else if (gen !== undefined && observed >= 0 && observed < gen)
      step({
        state: "current",
        reason: "SpecChanged",
        summary: `cert-manager has not processed generation ${gen} of the spec yet (last seen ${observed})`,
        evidence: ev,
      });
    else step({ state: "done", summary: "cert-manager has read the current spec", evidence: ev });
  }

  // 3. Private key: the keymanager stores the next key in a temporary Secret while Issuing.
  {
    const next = cert.status?.nextPrivateKeySecretName;
    const gen = eventsFor(input.events, "Certificate", cert.metadata.name, 10)
      .filter((e) => e.reason === "Generated")
      .slice(0, 1);
    if (issuing && !next && !cr)
      step({
        state: "current",
        reason: "GeneratingKey",
        summary: "cert-manager is generating the private key",
        evidence: gen,
        since: issuingCond?.lastTransitionTime,
      });
    else
      step({
        state: "done",
        summary: next ? `The next private key is stored in Secret ${next}` : "A private key is in place",
        evidence: gen,
      });
  }

  // 4. CertificateRequest created.
  if (renewalOverdue) {
    step({
      state: "failing",
      reason: "RenewalOverdue",
      summary: `Renewal was due at ${cert.status?.renewalTime} and no new CertificateRequest has been created`,
      evidence: certEvents,
      since: cert.status?.renewalTime,
    });
  } else if (!cr) {
    if (inFlight)
      step({
        state: "current",
        reason: "RequestNotCreated",
        summary: `No CertificateRequest for revision ${(cert.status?.revision ?? 0) + 1} yet`,
        evidence: certEvents,
        since: issuingCond?.lastTransitionTime,
      });
    else
      step({
        state: ready?.status === "True" ? "done" : "current",
        summary: "No CertificateRequest is needed right now",
        evidence: [],
      });
  } else {
    step({
      state: "done",
      summary: `${crSource} (revision ${revisionOf(cr) ?? "?"})`,
      evidence: [],
      since: cr.metadata.creationTimestamp,
      object: { kind: "CertificateRequest", name: cr.metadata.name, namespace: cr.metadata.namespace },
    });
  }

  // 5. Approved.
  const crObject = cr
    ? { kind: "CertificateRequest", name: cr.metadata.name, namespace: cr.metadata.namespace }
    : undefined;
  if (cr) {
    const approved = conditionOf(cr, "Approved");
    const denied = conditionOf(cr, "Denied");
    const evs = eventsFor(input.events, "CertificateRequest", cr.metadata.name);
    if (denied?.status === "True")
      step({
        state: "failing",
        reason: "Denied",
        summary: `${crSource} was denied${denied.message ? `: ${denied.message}` : ""}`,
        evidence: [...condEvidence(crSource, denied), ...evs],
        since: denied.lastTransitionTime,
        object: crObject,
      });
    else if (approved?.status === "True")
      step({
        state: "done",
        reason: approved.reason,
        summary: `Approved${approved.message ? `: ${approved.message}` : ""}`,
        evidence: condEvidence(crSource, approved),
        since: approved.lastTransitionTime,
        object: crObject,
      });
    else
      step({
        state: "current",
        reason: "AwaitingApproval",
        summary: `${crSource} waits for approval`,
        evidence: evs,
        since: cr.metadata.creationTimestamp,
        object: crObject,
      });
  } else step({ state: "not-reached", summary: "", evidence: [] });

  // 6. Picked up by its issuer (the CR's Ready condition is the issuer's answer).
  if (cr) {
    const c = conditionOf(cr, "Ready");
    const invalid = conditionOf(cr, "InvalidRequest");
    const ev = [
      ...condEvidence(crSource, c),
      ...eventsFor(input.events, "CertificateRequest", cr.metadata.name),
    ];
    if (invalid?.status === "True")
      step({
        state: "failing",
        reason: invalid.reason ?? "InvalidRequest",
        summary: `The issuer refused the request: ${invalid.message ?? ""}`,
        evidence: [...condEvidence(crSource, invalid), ...ev],
        since: invalid.lastTransitionTime,
        object: crObject,
      });
    else if (c?.status === "True")
      step({
        state: "done",
        reason: c.reason,
        summary: "The issuer signed the request",
        evidence: ev,
        since: c.lastTransitionTime,
        object: crObject,
      });
    else if (c?.reason === "Failed")
      step({
        state: "failing",
        reason: "Failed",
        summary: `The issuer failed the request: ${c.message ?? ""}`,
        evidence: ev,
        since: c.lastTransitionTime,
        object: crObject,
      });
    else if (c?.reason === "Pending" && /not found|not ready|IssuerTypeMissing/i.test(c.message ?? ""))
      step({
        state: "failing",
        reason: "IssuerNotReady",
        summary: c.message ?? "The issuer is not ready",
        evidence: ev,
        since: c.lastTransitionTime,
        object: crObject,
      });
    else if (c)
      step({
        state: "done",
        reason: c.reason,
        summary: `The issuer is working on it: ${c.message ?? c.reason ?? ""}`,
        evidence: ev,
        since: c.lastTransitionTime,
        object: crObject,
      });
    else
      step({
        state: "current",
        reason: "NotPickedUp",
        summary: `No issuer controller has answered ${crSource} yet`,
        evidence: ev,
        since: cr.metadata.creationTimestamp,
        object: crObject,
      });
  } else step({ state: "not-reached", summary: "", evidence: [] });

  // 7. ACME Order.
  if (!isAcme) step({ state: "skipped", summary: "Not an ACME issuer", evidence: [] });
  else if (!order)
    step({
      state: cr ? "current" : "not-reached",
      reason: cr ? "OrderNotCreated" : undefined,
      summary: cr ? "No Order yet" : "",
      evidence: [],
    });
  else {
    const st = order.status?.state;
    const src = ref("Order", order.metadata);
    const object = { kind: "Order", name: order.metadata.name, namespace: order.metadata.namespace };
    const ev: EvidenceItem[] = [
      {
        source: src,
        label: `state=${st ?? "(none)"}`,
        reason: st,
        message: order.status?.reason,
        at: order.status?.failureTime,
      },
      ...eventsFor(input.events, "Order", order.metadata.name),
    ];
    if (st === "valid")
      step({ state: "done", reason: "valid", summary: `${src} is valid`, evidence: ev, object });
    else if (st === "invalid" || st === "errored" || st === "expired")
      step({
        state: "failing",
        reason: `Order${st[0]?.toUpperCase()}${st.slice(1)}`,
        summary: `${src} is ${st}${order.status?.reason ? `: ${order.status.reason}` : ""}`,
        evidence: ev,
        since: order.status?.failureTime,
        object,
      });
    else
      step({
        state: "done",
        reason: st ?? "created",
        summary: `${src} is ${st ?? "created"} at the ACME server; its Challenges come next`,
        evidence: ev,
        since: order.metadata.creationTimestamp,
        object,
      });
  }

  // 8. Challenges.
  if (!isAcme) step({ state: "skipped", summary: "Not an ACME issuer", evidence: [] });
  else if (!order || order.status?.state === "valid" || challenges.length === 0) {
    const valid = order?.status?.state === "valid";
    step({
      state: valid
        ? "done"
        : order && ["pending", undefined].includes(order.status?.state)
          ? "current"
          : "not-reached",
      reason: valid ? "Valid" : order ? "ChallengesNotCreated" : undefined,
      summary: valid ? "Every authorization is valid" : order ? "Waiting for the Order's Challenges" : "",
      evidence: [],
    });
  } else {
    const verdicts = challenges.map((c) => ({ c, v: challengeVerdict(c, now) }));
    const worst =
      verdicts.find((x) => x.v.state === "failing") ??
      verdicts.find((x) => x.v.state === "current") ??
      verdicts[0];
    const ev = challenges.flatMap((c) => [
      {
        source: ref("Challenge", c.metadata),
        label: `presented=${c.status?.presented ?? false} processing=${c.status?.processing ?? false} state=${c.status?.state ?? "(none)"}`,
        reason: c.status?.state,
        message: c.status?.reason,
      },
      ...eventsFor(input.events, "Challenge", c.metadata.name),
    ]);
    step({
      state: worst?.v.state ?? "current",
      reason: worst?.v.reason,
      summary: worst?.v.summary ?? "",
      evidence: ev,
      since: worst?.c.metadata.creationTimestamp,
      challenges: challenges.map(summariseChallenge),
      object: worst
        ? { kind: "Challenge", name: worst.c.metadata.name, namespace: worst.c.metadata.namespace }
        : undefined,
    });
  }

  // 9. Secret written.
  {
    const s = input.secret;
    if ("unknown" in s)
      step({
        state: "skipped",
        reason: "Unknown",
        summary: `The Secret could not be read: ${s.message}`,
        evidence: [],
      });
    else if (!s.exists || !s.hasCertificate)
      step({
        state: "current",
        reason: s.exists ? "MissingData" : "DoesNotExist",
        summary: `Secret ${ns}/${cert.spec.secretName} ${s.exists ? "has no tls.crt yet" : "does not exist yet"}`,
        evidence: [],
      });
    else if (issuing)
      step({
        state: "current",
        reason: "Issuing",
        summary: `Secret ${ns}/${cert.spec.secretName} holds the previous certificate until this issuance completes`,
        evidence: [],
      });
    else
      step({
        state: "done",
        summary: `Secret ${ns}/${cert.spec.secretName} holds the certificate`,
        evidence: [],
        object: { kind: "Secret", name: cert.spec.secretName, namespace: ns },
      });
  }

  // 10. Key matches.
  {
    const s = input.secret;
    const object = { kind: "Secret", name: cert.spec.secretName, namespace: ns };
    if ("unknown" in s || !s.exists || !s.hasCertificate || !s.hasKey || s.keyMatches === undefined)
      step({ state: "not-reached", summary: "", evidence: [] });
    else if (s.keyMatches)
      step({ state: "done", summary: "tls.key is the private key of tls.crt", evidence: [], object });
    else
      step({
        state: "failing",
        reason: "InvalidKeyPair",
        summary: `In Secret ${ns}/${cert.spec.secretName}, tls.key is not the private key of tls.crt`,
        evidence: condEvidence(certSource, ready),
        since: ready?.lastTransitionTime,
        object,
      });
  }

  // Assemble: the first step not done is the verdict; later ones are not reached (except the
  // Secret's key check, which can be read at any time).
  const steps: StepResult[] = STEP_IDS.map((id, i) => ({
    id,
    title: ISSUANCE_STEP_TITLES[id],
    ...(results[i] as Partial),
  }));
  const certReady = ready?.status === "True";
  let verdictIndex = -1;
  if (!(certReady && !issuing && !renewalOverdue)) {
    verdictIndex = steps.findIndex((s) => s.state === "failing" || s.state === "current");
    // Waiting at the Secret while an earlier step cannot move: point at the earlier step.
  }
  if (verdictIndex >= 0) {
    for (let i = verdictIndex + 1; i < steps.length; i++) {
      const s = steps[i] as StepResult;
      if (s.id === "key-matches" && s.state === "failing") continue;
      if (s.state === "skipped") continue;
      steps[i] = { ...s, state: "not-reached", summary: s.summary, fix: undefined };
    }
  }
  for (const s of steps) {
    if (s.state === "failing" || s.state === "current") s.fix = fixFor(s, input);
  }

  const at = verdictIndex >= 0 ? (steps[verdictIndex] as StepResult) : undefined;
  const keyStep = steps.find((s) => s.id === "key-matches") as StepResult;
  let state: DiagnosisState = "ready";
  if (at) {
    if (at.state === "failing") state = "failing";
    else if (at.id === "approved") state = "waiting";
    else state = "progressing";
  } else if (keyStep.state === "failing") state = "failing";
  const verdictStep = at ?? (keyStep.state === "failing" ? keyStep : undefined);
  const since = verdictStep?.since ?? issuingCond?.lastTransitionTime;
  const stuckFor = verdictStep ? seconds(now, since) : undefined;
  if (state === "progressing" && (stuckFor ?? 0) > EXPECTED_STEP_SECONDS) state = "failing";

  const allEvents = [...input.events]
    .sort((a, b) => (eventTime(b) ?? "").localeCompare(eventTime(a) ?? ""))
    .slice(0, 10)
    .map((e) => ({
      source: `${e.involvedObject.kind} ${e.involvedObject.namespace ? `${e.involvedObject.namespace}/` : ""}${e.involvedObject.name}`,
      label: `${e.type ?? "Normal"} ${e.reason ?? ""}`.trim(),
      reason: e.reason,
      message: e.message,
      at: eventTime(e),
    }));

  return {
    certificate: { namespace: ns, name: cert.metadata.name },
    state,
    stuck: state === "failing" || state === "waiting",
    step: verdictStep?.id,
    reason: verdictStep?.reason,
    summary: verdictStep
      ? `${verdictStep.title}: ${verdictStep.summary}`
      : `Ready: ${ready?.message ?? "the certificate is up to date"}`,
    fix: verdictStep?.fix,
    since: verdictStep ? since : undefined,
    stuckForSeconds: stuckFor,
    // cert-manager's own judgment (Ready=False), or else why it issues (Issuing=True).
    trigger:
      ready?.status === "False"
        ? { reason: ready.reason, message: ready.message }
        : issuing
          ? { reason: issuingCond?.reason, message: issuingCond?.message }
          : undefined,
    renewalOverdue,
    steps,
    events: allEvents,
  };
}
