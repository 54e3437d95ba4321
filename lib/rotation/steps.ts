import type { ConsumerProbe, Ref, RotationPlan } from "./plan";

/**
 * The steps of a CA rotation, their order, and the exact objects each one writes (pure). The state
 * lives in the cluster, in a ConfigMap `trustdeck-rotation-<ca>` in the CA's namespace
 * (lib/rotation/state.ts), so a rotation resumes after a browser close or a server restart.
 */

/** The steps, in order. */
export const STEP_IDS = [
  "issue-new",
  "distribute",
  "verify-both",
  "reissue",
  "verify-new",
  "remove-old",
  "retire",
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Titles and what each step does, in plain words. */
export const STEP_INFO: Record<StepId, { title: string; what: string }> = {
  "issue-new": {
    title: "Issue the new CA beside the old",
    what: "A second CA Certificate with the same subject and key settings; the old one keeps signing for now.",
  },
  distribute: {
    title: "Distribute old + new",
    what: "A trust-manager Bundle carries both CA certificates to every consumer's namespace; consumers that pinned the CA's Secret are pointed at the Bundle's Secret (only once it holds both); a consumer that already reads a Bundle keeps it, and the new CA is added to that Bundle's sources.",
  },
  "verify-both": {
    title: "Verify every consumer trusts both",
    what: "Each consumer's trusted CA set must hold the old and the new CA, and every client certificate must build a valid chain to it; where the consumer's endpoint is known, the probe's TLS handshake with each client certificate must succeed too.",
  },
  reissue: {
    title: "Re-issue every leaf from the new CA",
    what: "The CA issuers sign with the new CA's Secret; each leaf is renewed (as `cmctl renew`), one at a time.",
  },
  "verify-new": {
    title: "Verify again",
    what: "Every leaf is signed by the new CA and every client certificate still verifies at every consumer (and gets through the probe where the endpoint is known).",
  },
  "remove-old": {
    title: "Remove the old CA from trust",
    what: "The Bundle carries the new CA only.",
  },
  retire: {
    title: "Retire the old CA",
    what: "The old CA Certificate is deleted: cert-manager stops renewing it. Not reversible.",
  },
};

/** Who did a step and when. */
export interface StepRecord {
  status: "done" | "undone";
  who: string;
  /** ISO time. */
  at: string;
  detail?: string;
}

/** A rotation's state, as stored in its ConfigMap (data key `state.json`). */
export interface RotationState {
  /** The CA Certificate being rotated. */
  ca: Ref & { secretName: string };
  /** The new CA Certificate and its Secret. */
  newCa: { name: string; secretName: string };
  /** The cluster-scoped trust-manager Bundle the rotation distributes with. */
  bundle: string;
  /**
   * Consumers and the CA Secret each read before the rotation (to undo). `bundle`: the consumer
   * already reads that trust-manager Bundle's target; the rotation adds the new CA to that Bundle's
   * sources instead of repointing the consumer.
   */
  consumers: (Ref & { caSecret: Ref; bundle?: string })[];
  /**
   * Where each consumer can be reached for the TLS probe (lib/probe), keyed `namespace/name`, as the
   * person gave it in the wizard. Without one, the verify steps check chains only.
   */
  endpoints?: Record<string, ProbeEndpoint>;
  /** What the TLS probe showed per consumer at the last run of each verify step. */
  probes?: Partial<Record<"verify-both" | "verify-new", (Ref & { probe: ConsumerProbe })[]>>;
  /** Issuers that signed with the old CA's Secret. */
  issuers: { kind: "Issuer" | "ClusterIssuer"; namespace?: string; name: string }[];
  /** Leaves to re-issue. */
  leaves: Ref[];
  oldFingerprint?: string;
  newFingerprint?: string;
  startedBy: string;
  startedAt: string;
  steps: Partial<Record<StepId, StepRecord>>;
  /** Re-issue progress: leaves renewed so far ("namespace/name"). */
  reissued?: string[];
  /** The CA certificates' public PEMs, kept so trust can be rebuilt after the old Secret is gone. */
  oldPem?: string;
  newPem?: string;
}

/** A consumer's `host:port` for the TLS probe, and the SNI to send (default: its first host). */
export interface ProbeEndpoint {
  host: string;
  port: number;
  sni?: string;
}

/** A trust-manager Bundle source as the rotation writes it (only `inLine` is looked into). */
export type BundleSource = { inLine?: string } & Record<string, unknown>;

/** Consumers the rotation points at its own Bundle (those that do not read a Bundle already). */
export function repointedConsumers(state: RotationState): RotationState["consumers"] {
  return state.consumers.filter((c) => !c.bundle);
}

/** The Bundles consumers already read (the rotation adds the new CA to their sources), sorted. */
export function readBundles(state: RotationState): string[] {
  return [...new Set(state.consumers.flatMap((c) => (c.bundle ? [c.bundle] : [])))].sort();
}

const samePem = (a: string | undefined, b: string) => !!a && a.trim() === b.trim();

/** `sources` plus `{ inLine: pem }`, unless an inLine source holds exactly that PEM already. */
export function withInLine(sources: BundleSource[], pem: string): BundleSource[] {
  return sources.some((s) => samePem(s.inLine, pem)) ? sources : [...sources, { inLine: pem }];
}

/** `sources` without the inLine source holding exactly `pem` (what `withInLine` added). */
export function withoutInLine(sources: BundleSource[], pem: string): BundleSource[] {
  return sources.filter((s) => !samePem(s.inLine, pem));
}

/** Name of the ConfigMap holding the rotation of CA `name`. */
export function stateObjectName(caName: string): string {
  return `trustdeck-rotation-${caName}`.slice(0, 253);
}

/** Name of the Bundle a rotation of `namespace/name` distributes with (Bundles are cluster-scoped). */
export function bundleName(ca: Ref): string {
  return `trustdeck-${ca.namespace}-${ca.name}`.slice(0, 253);
}

/** A fresh state for a plan (nothing done yet). */
export function initialState(
  plan: RotationPlan,
  next: { name: string; secretName: string },
  who: string,
  now: Date,
): RotationState {
  return {
    ca: { namespace: plan.ca.namespace, name: plan.ca.name, secretName: plan.ca.secretName },
    newCa: next,
    bundle: bundleName(plan.ca),
    consumers: plan.consumers.map((c) => ({
      namespace: c.namespace,
      name: c.name,
      caSecret: c.caSecret,
      ...(c.reads === "bundle" && c.bundle ? { bundle: c.bundle } : {}),
    })),
    issuers: plan.issuers,
    leaves: plan.leaves.map((l) => ({ namespace: l.namespace, name: l.name })),
    ...(plan.ca.fingerprint ? { oldFingerprint: plan.ca.fingerprint } : {}),
    startedBy: who,
    startedAt: now.toISOString(),
    steps: {},
  };
}

export type StepStatus = "done" | "next" | "waiting";

/** Each step's status: done ones, then the one to do next, then those waiting for it. */
export function stepStatuses(state: RotationState): Record<StepId, StepStatus> {
  const out = {} as Record<StepId, StepStatus>;
  let nextGiven = false;
  for (const id of STEP_IDS) {
    if (state.steps[id]?.status === "done" && !nextGiven) out[id] = "done";
    else if (!nextGiven) {
      out[id] = "next";
      nextGiven = true;
    } else out[id] = "waiting";
  }
  return out;
}

/** The step to do next, or undefined when the rotation is complete. */
export function nextStep(state: RotationState): StepId | undefined {
  const s = stepStatuses(state);
  return STEP_IDS.find((id) => s[id] === "next");
}

/**
 * The step that may be undone: the last one done, unless it is `retire` (a deleted CA cannot come
 * back). Undoing goes back one step at a time.
 */
export function undoableStep(state: RotationState): StepId | undefined {
  const s = stepStatuses(state);
  const done = STEP_IDS.filter((id) => s[id] === "done");
  const last = done[done.length - 1];
  return last && last !== "retire" ? last : undefined;
}

/** One object a step writes (or checks), exactly as it will be sent. */
export interface PlannedWrite {
  action: "create" | "merge-patch" | "update-spec" | "delete" | "renew" | "check" | "wait";
  kind: string;
  namespace?: string;
  name: string;
  /** The body sent (a manifest, a merge patch, or the new field values). */
  body?: unknown;
  /** Why, in plain words. */
  note: string;
}

/** What a step will do, or undo, before the person confirms. */
export interface StepPreview {
  step: StepId;
  direction: "apply" | "undo";
  title: string;
  writes: PlannedWrite[];
}

/** The parts of the old CA Certificate the new one copies (cert-manager.io/v1 Certificate spec). */
export interface CaSpec {
  commonName?: string;
  subject?: Record<string, unknown>;
  duration?: string;
  renewBefore?: string;
  privateKey?: Record<string, unknown>;
  issuerRef: { name: string; kind?: string; group?: string };
  [key: string]: unknown;
}

/** The new CA Certificate's manifest: the old spec with the new name and Secret. */
export function newCaManifest(state: RotationState, spec: CaSpec): Record<string, unknown> {
  const { secretName: _s, ...rest } = spec;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: {
      name: state.newCa.name,
      namespace: state.ca.namespace,
      labels: { "trustdeck.io/rotation-of": state.ca.name },
    },
    spec: { ...rest, isCA: true, secretName: state.newCa.secretName },
  };
}

/**
 * The rotation Bundle: the given CA certificates inLine (public PEMs; its sources need not live in
 * trust-manager's trust namespace), a `ca.crt` target Secret in each consumer's namespace.
 */
export function bundleManifest(state: RotationState, pems: string[]): Record<string, unknown> {
  const namespaces = [...new Set(repointedConsumers(state).map((c) => c.namespace))].sort();
  return {
    apiVersion: "trust.cert-manager.io/v1alpha1",
    kind: "Bundle",
    metadata: {
      name: state.bundle,
      labels: { "trustdeck.io/rotation-of": `${state.ca.namespace}.${state.ca.name}` },
    },
    spec: {
      sources: pems.map((pem) => ({ inLine: pem })),
      target: {
        secret: { key: "ca.crt" },
        namespaceSelector: {
          matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: namespaces }],
        },
      },
    },
  };
}

/**
 * The exact writes of a step (apply) or of its undo. `pems` are the CA certificates' PEMs as known now
 * (the new one only once it is issued); `bundleSources` the current `spec.sources` of the Bundles
 * consumers already read (`readBundles`), by name.
 */
export function previewStep(
  state: RotationState,
  step: StepId,
  direction: "apply" | "undo",
  ctx: {
    spec?: CaSpec;
    oldPem?: string;
    newPem?: string;
    bundleSources?: Record<string, BundleSource[]>;
  },
): StepPreview {
  const w: PlannedWrite[] = [];
  const ns = state.ca.namespace;
  const both = [ctx.oldPem, ctx.newPem].filter((p): p is string => !!p);
  const own = repointedConsumers(state).length > 0;
  const readersOf = (b: string) =>
    state.consumers
      .filter((c) => c.bundle === b)
      .map((c) => `ApisixTls ${c.namespace}/${c.name}`)
      .join(", ");
  const otherBundlesPatch = (add: boolean) =>
    readBundles(state).map<PlannedWrite>((b) => {
      const cur = ctx.bundleSources?.[b];
      const unknown = cur ? "" : " (its current sources could not be read, so the exact patch is not shown)";
      return {
        action: "merge-patch",
        kind: "Bundle",
        name: b,
        ...(cur
          ? {
              body: {
                spec: {
                  sources: ctx.newPem
                    ? add
                      ? withInLine(cur, ctx.newPem)
                      : withoutInLine(cur, ctx.newPem)
                    : cur,
                },
              },
            }
          : {}),
        note: add
          ? `add the new CA (inLine) to the Bundle ${readersOf(b)} already read(s); its other sources stay${unknown}`
          : `remove the new CA's inLine source again; its other sources stay${unknown}`,
      };
    });
  const consumersPatch = (to: "bundle" | "original") =>
    repointedConsumers(state).map<PlannedWrite>((c) => ({
      action: "update-spec",
      kind: "ApisixTls",
      namespace: c.namespace,
      name: c.name,
      body: {
        client: { caSecret: to === "bundle" ? { name: state.bundle, namespace: c.namespace } : c.caSecret },
      },
      note:
        to === "bundle"
          ? "client.caSecret → the Bundle's Secret (old + new)"
          : `client.caSecret back to ${c.caSecret.namespace}/${c.caSecret.name}`,
    }));
  const issuersPatch = (secretName: string) =>
    state.issuers.map<PlannedWrite>((i) => ({
      action: "merge-patch",
      kind: i.kind,
      ...(i.namespace ? { namespace: i.namespace } : {}),
      name: i.name,
      body: { spec: { ca: { secretName } } },
      note: `sign with ${secretName}`,
    }));
  const renewLeaves = (from: string) =>
    state.leaves.map<PlannedWrite>((l) => ({
      action: "renew",
      kind: "Certificate",
      namespace: l.namespace,
      name: l.name,
      note: `re-issue from ${from} (Issuing=True, as cmctl renew; one at a time)`,
    }));
  switch (`${step}:${direction}`) {
    case "issue-new:apply":
      w.push({
        action: "create",
        kind: "Certificate",
        namespace: ns,
        name: state.newCa.name,
        body: ctx.spec ? newCaManifest(state, ctx.spec) : undefined,
        note: "the new CA, beside the old",
      });
      break;
    case "issue-new:undo":
      w.push({
        action: "delete",
        kind: "Certificate",
        namespace: ns,
        name: state.newCa.name,
        note: `cert-manager leaves its Secret ${state.newCa.secretName}; delete it with kubectl (Trustdeck never writes Secrets)`,
      });
      break;
    case "distribute:apply":
      if (own) {
        w.push({
          action: "create",
          kind: "Bundle",
          name: state.bundle,
          body: bundleManifest(state, both),
          note: "old + new CA to each consumer's namespace",
        });
        w.push({
          action: "wait",
          kind: "Secret",
          name: state.bundle,
          note: "until trust-manager has written old + new into every target Secret",
        });
        w.push(...consumersPatch("bundle"));
      }
      for (const p of otherBundlesPatch(true))
        w.push(p, {
          action: "wait",
          kind: "Secret",
          name: p.name,
          note: "until trust-manager has written the new CA beside the old into the target Secrets its readers use",
        });
      break;
    case "distribute:undo":
      if (own) {
        w.push(...consumersPatch("original"));
        w.push({
          action: "delete",
          kind: "Bundle",
          name: state.bundle,
          note: "trust-manager removes its target Secrets",
        });
      }
      w.push(...otherBundlesPatch(false));
      break;
    case "verify-both:apply":
    case "verify-new:apply":
      w.push({
        action: "check",
        kind: "ApisixTls",
        name: state.consumers.map((c) => `${c.namespace}/${c.name}`).join(", ") || "(no consumers)",
        note:
          step === "verify-both"
            ? "each trusts old and new; every client certificate verifies"
            : "every leaf is signed by the new CA; every client certificate verifies",
      });
      break;
    case "verify-both:undo":
    case "verify-new:undo":
      w.push({
        action: "check",
        kind: "ConfigMap",
        namespace: ns,
        name: stateObjectName(state.ca.name),
        note: "forget the verdict",
      });
      break;
    case "reissue:apply":
      w.push(...issuersPatch(state.newCa.secretName), ...renewLeaves("the new CA"));
      break;
    case "reissue:undo":
      w.push(...issuersPatch(state.ca.secretName), ...renewLeaves("the old CA"));
      break;
    case "remove-old:apply":
      if (own)
        w.push({
          action: "merge-patch",
          kind: "Bundle",
          name: state.bundle,
          body: { spec: { sources: ctx.newPem ? [{ inLine: ctx.newPem }] : [] } },
          note: "the new CA only",
        });
      for (const b of readBundles(state))
        w.push({
          action: "check",
          kind: "Bundle",
          name: b,
          note: "left as it is: the old CA comes from this Bundle's own sources; remove it there once nothing signed by it is in use",
        });
      break;
    case "remove-old:undo":
      if (own)
        w.push({
          action: "merge-patch",
          kind: "Bundle",
          name: state.bundle,
          body: { spec: { sources: both.map((pem) => ({ inLine: pem })) } },
          note: "old + new again",
        });
      break;
    case "retire:apply":
      w.push({
        action: "delete",
        kind: "Certificate",
        namespace: ns,
        name: state.ca.name,
        note: `cert-manager stops renewing the old CA; its Secret ${state.ca.secretName} (with its key) is left for you to delete with kubectl`,
      });
      break;
    default:
      throw new Error(`Step ${step} cannot be undone.`);
  }
  return { step, direction, title: STEP_INFO[step].title, writes: w };
}
