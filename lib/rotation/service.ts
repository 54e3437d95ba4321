import "server-only";
import { X509Certificate } from "node:crypto";
import { renewCertificate } from "@/lib/actions/renew";
import { auditedWrite } from "@/lib/actions/write";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { updateApisixTlsSpec } from "@/lib/k8s/apisix-write";
import {
  createBundle,
  deleteBundle,
  getBundle,
  mergePatchBundle,
  readBundleTargetSecret,
} from "@/lib/k8s/bundles";
import { createCertificate } from "@/lib/k8s/certificate-actions";
import { getCertificate, type RawCertificate } from "@/lib/k8s/certificates";
import { createConfigMap, getConfigMap, type RawConfigMap, replaceConfigMap } from "@/lib/k8s/configmaps";
import { KubeError } from "@/lib/k8s/errors";
import { deleteCertificate, mergePatchIssuer } from "@/lib/k8s/rotation-writes";
import { getSecretFacts } from "@/lib/k8s/secrets";
import { runProbe } from "@/lib/probe/service";
import { loadTrustInput } from "@/lib/trust/source";
import type { TrustGraphInput } from "@/lib/trust/types";
import { loadWorkloads } from "@/lib/trust/workload-source";
import type { WorkloadVisibility } from "@/lib/trust/workloads";
import {
  nextRotationName,
  type ProbeOutcome,
  planRotation,
  type RotationPlan,
  rotationMountTargets,
  type TrustCheck,
  verifyRotationTrust,
  withProbes,
} from "./plan";
import { stateFromConfigMap, stateToConfigMap } from "./state";
import {
  type BundleSource,
  type CaSpec,
  initialState,
  nextStep,
  type ProbeEndpoint,
  previewStep,
  type RotationState,
  readBundles,
  repointedConsumers,
  STEP_IDS,
  STEP_INFO,
  type StepId,
  type StepPreview,
  type StepRecord,
  type StepStatus,
  stateObjectName,
  stepStatuses,
  undoableStep,
  withInLine,
  withoutInLine,
} from "./steps";

/**
 * The CA rotation wizard's server side: reads the plan and the state (a ConfigMap in the CA's
 * namespace), previews each step's exact writes, and applies a step (or its undo) through the
 * audited write path, one Event per step on the CA Certificate.
 */

type Opts = { context?: string };

/** How long a step waits for cert-manager or trust-manager to act (ms). */
const WAIT_MS = 90_000;
/** Pause between two leaf renewals (ms): the re-issue is throttled, one leaf at a time. */
const THROTTLE_MS = 500;

/** One step as the wizard shows it. */
export interface RotationStepView {
  id: StepId;
  title: string;
  what: string;
  status: StepStatus;
  record?: StepRecord;
}

/** Everything the wizard page shows. */
export interface RotationView {
  ca: { namespace: string; name: string };
  plan: RotationPlan;
  state?: RotationState;
  steps: RotationStepView[];
  /** The next step's exact writes. */
  next?: StepPreview;
  /** The undo of the last step, when it may be undone. */
  undo?: StepPreview;
  /** Re-issue progress: leaves and which CA signs the certificate each holds now. */
  progress?: TrustCheck["leaves"];
  /** Trust as it is now (old + new before the re-issue, new after). */
  check?: TrustCheck;
  /** Workloads (Pods, by controller) mounting the CA's Secret or a Bundle target carrying it. */
  workloads: WorkloadVisibility;
  /** `TRUSTDECK_GATEWAY_ADDRESS` as `host:port`: where consumers without an endpoint of their own are probed. */
  gateway?: string;
  complete: boolean;
  generatedAt: string;
}

function firstPem(pem: string | undefined): string | undefined {
  return pem?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
}

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

function pemFingerprints(pem: string | undefined): string[] {
  return (pem?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(fingerprint);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ok: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!(await ok())) {
    if (Date.now() > until)
      throw new HttpError(
        504,
        `Waited ${WAIT_MS / 1000} s for ${what}; apply the step again to go on waiting.`,
      );
    await sleep(500);
  }
}

async function loadState(namespace: string, name: string, opts: Opts) {
  const cm = await getConfigMap(namespace, stateObjectName(name), opts);
  return cm ? { cm, state: stateFromConfigMap(cm) } : undefined;
}

function trustNamespace(): string {
  return getEnv().clusterResourceNamespace;
}

function minimalPlan(state: RotationState): RotationPlan {
  return {
    ca: { namespace: state.ca.namespace, name: state.ca.name, secretName: state.ca.secretName },
    issuers: state.issuers,
    leaves: [],
    unmanaged: [],
    consumers: [],
    trustHolders: [],
    bundles: [],
    warnings: [],
  };
}

function currentConsumers(input: TrustGraphInput, state: RotationState) {
  return state.consumers.map((c) => {
    const t = (input.apisixTls ?? []).find((x) => x.namespace === c.namespace && x.name === c.name);
    const ref = t?.client?.caSecret;
    return {
      namespace: c.namespace,
      name: c.name,
      caSecret: ref ? { namespace: ref.namespace || c.namespace, name: ref.name } : c.caSecret,
    };
  });
}

function checkNow(input: TrustGraphInput, state: RotationState): TrustCheck | undefined {
  if (!state.oldFingerprint || !state.newFingerprint) return undefined;
  const reissued = state.steps.reissue?.status === "done";
  return verifyRotationTrust(input, {
    consumers: currentConsumers(input, state),
    leaves: state.leaves,
    oldFingerprint: state.oldFingerprint,
    newFingerprint: state.newFingerprint,
    expect: reissued ? "new" : "both",
    now: new Date(),
  });
}

async function caSpec(state: RotationState | undefined, namespace: string, name: string, opts: Opts) {
  try {
    return (await getCertificate(namespace, name, opts)).spec as CaSpec;
  } catch (err) {
    if (err instanceof KubeError && err.status === 404 && state) return undefined;
    throw err;
  }
}

/** The current `spec.sources` (and resourceVersion) of the Bundles consumers already read. */
async function readBundleSources(state: RotationState, opts: Opts, forPreview = false) {
  const out: Record<string, BundleSource[]> = {};
  const versions: Record<string, string | undefined> = {};
  for (const b of readBundles(state)) {
    try {
      const raw = await getBundle(b, opts);
      out[b] = raw.spec.sources as BundleSource[];
      versions[b] = raw.metadata.resourceVersion;
    } catch (err) {
      // Absent, or (for a preview) not readable with this identity: the preview says so.
      if (!(err instanceof KubeError && (err.status === 404 || (forPreview && err.status === 403))))
        throw err;
    }
  }
  return { sources: out, versions };
}

/** How many handshakes one consumer's probe makes at most (one per client certificate). */
const PROBE_CLIENTS_MAX = 5;

/**
 * Probes every consumer whose endpoint is known — given in the wizard, or the gateway address
 * (`TRUSTDECK_GATEWAY_ADDRESS`) — with lib/probe and its allow-list, as the Probe page does:
 * one handshake per client certificate the rotation re-issues, each presenting that Certificate's
 * key pair (read on the server, never returned).
 */
async function probeConsumers(input: TrustGraphInput, state: RotationState, check: TrustCheck, opts: Opts) {
  const probed: Record<string, { endpoint: string; outcomes: ProbeOutcome[] }> = {};
  for (const c of check.consumers) {
    const key = `${c.namespace}/${c.name}`;
    // The wizard's endpoint first; else the configured gateway (TRUSTDECK_GATEWAY_ADDRESS), which
    // serves every ApisixTls host: the consumer's host goes as SNI.
    const ep: ProbeEndpoint | undefined = state.endpoints?.[key] ?? getEnv().gatewayAddress;
    if (!ep) continue;
    const hosts = (input.apisixTls ?? []).find(
      (t) => t.namespace === c.namespace && t.name === c.name,
    )?.hosts;
    const sni = ep.sni ?? hosts?.find((h) => !h.includes("*"));
    const outcomes: ProbeOutcome[] = [];
    for (const client of c.clients.slice(0, PROBE_CLIENTS_MAX)) {
      const cert = input.certificates.find((x) => x.namespace === client.namespace && x.name === client.name);
      if (!cert) continue;
      const ref = { namespace: client.namespace, name: client.name };
      try {
        const r = await runProbe(
          {
            host: ep.host,
            port: ep.port,
            ...(sni ? { sni } : {}),
            clientCertificate: { namespace: cert.namespace, secretName: cert.secretName },
          },
          opts,
        );
        const ok = r.withClientCert?.ok === true && r.verdict.layer === "ok";
        outcomes.push({ client: ref, ok, summary: r.verdict.summary });
      } catch (err) {
        outcomes.push({ client: ref, ok: false, summary: err instanceof Error ? err.message : String(err) });
      }
    }
    probed[key] = { endpoint: `${ep.host}:${ep.port}`, outcomes };
  }
  return withProbes(check, probed);
}

/**
 * The rotation of CA Certificate `namespace/name`: its plan, its state (when started), each step's
 * status and who did it, the previews of the next step and of the possible undo, and trust as it is now.
 * @throws KubeError 404 when neither the Certificate nor a rotation of it exists; Error (422) when it is
 * not a CA.
 */
export async function getRotation(namespace: string, name: string, opts: Opts = {}): Promise<RotationView> {
  const [{ input }, stored] = await Promise.all([loadTrustInput(opts), loadState(namespace, name, opts)]);
  const state = stored?.state;
  let plan: RotationPlan;
  try {
    plan = planRotation(input, { namespace, name }, { now: new Date(), trustNamespace: trustNamespace() });
  } catch (err) {
    if (!state) {
      const exists = input.certificates.some((c) => c.namespace === namespace && c.name === name);
      throw exists
        ? new HttpError(422, err instanceof Error ? err.message : String(err))
        : new KubeError(404, `Certificate ${namespace}/${name} does not exist.`);
    }
    plan = minimalPlan(state);
  }
  const view: RotationView = {
    ca: { namespace, name },
    plan,
    steps: [],
    complete: false,
    workloads: { workloads: [], hidden: [] },
    generatedAt: new Date().toISOString(),
  };
  const gw = getEnv().gatewayAddress;
  if (gw) view.gateway = `${gw.host}:${gw.port}`;
  const draft =
    state ??
    initialState(
      plan,
      { name: nextRotationName(name), secretName: nextRotationName(plan.ca.secretName) },
      "(not started)",
      new Date(),
    );
  const statuses = stepStatuses(draft);
  view.steps = STEP_IDS.map((id) => ({
    id,
    ...STEP_INFO[id],
    status: statuses[id],
    ...(draft.steps[id] ? { record: draft.steps[id] } : {}),
  }));
  const spec = await caSpec(state, namespace, name, opts);
  const [{ sources: bundleSources }, workloads] = await Promise.all([
    readBundleSources(draft, opts, true),
    loadWorkloads(
      rotationMountTargets(input, plan, {
        ...(state ? { secrets: [state.newCa.secretName], bundles: [state.bundle] } : {}),
      }),
      opts,
    ),
  ]);
  view.workloads = workloads;
  const pems = { oldPem: draft.oldPem, newPem: draft.newPem, bundleSources, ...(spec ? { spec } : {}) };
  const next = nextStep(draft);
  if (next) view.next = previewStep(draft, next, "apply", pems);
  const undo = undoableStep(draft);
  if (undo) view.undo = previewStep(draft, undo, "undo", pems);
  view.complete = !next;
  if (state) {
    view.state = state;
    const check = checkNow(input, state);
    if (check) {
      view.check = check;
      view.progress = check.leaves;
    }
  }
  return view;
}

/** What one applied step answers. */
export interface StepResult {
  step: StepId;
  direction: "apply" | "undo";
  who: string;
  detail: string;
}

/**
 * Applies step `step` of the rotation of CA `namespace/name` (or, with `direction: "undo"`, undoes it)
 * through the audited write path: a `TrustdeckRotation` Event on the CA Certificate and one audit line.
 * Only the next step may be applied and only the last done one undone (never `retire`).
 * @throws HttpError 409 for a step out of order or a failed verification (its reasons), 504 when
 * cert-manager or trust-manager did not act in time (the step may be applied again); KubeError.
 */
export async function applyRotationStep(
  namespace: string,
  name: string,
  step: StepId,
  direction: "apply" | "undo",
  opts: Opts = {},
): Promise<StepResult> {
  const { context } = opts;
  const { value } = await auditedWrite(
    { action: "rotation-step", context, object: { kind: "Certificate", namespace, name } },
    async (who) => {
      const stored = await loadState(namespace, name, opts);
      let cm: RawConfigMap | undefined = stored?.cm;
      let state: RotationState;
      if (stored) state = stored.state;
      else {
        if (step !== "issue-new" || direction !== "apply")
          throw new HttpError(
            409,
            `No rotation of ${namespace}/${name} has started: its first step is issue-new.`,
          );
        const { input } = await loadTrustInput(opts);
        let plan: RotationPlan;
        try {
          plan = planRotation(
            input,
            { namespace, name },
            { now: new Date(), trustNamespace: trustNamespace() },
          );
        } catch (err) {
          throw new HttpError(422, err instanceof Error ? err.message : String(err));
        }
        if (!plan.ca.fingerprint)
          throw new HttpError(409, plan.warnings[0] ?? "The CA has no certificate yet.");
        state = initialState(
          plan,
          { name: nextRotationName(name), secretName: nextRotationName(plan.ca.secretName) },
          who,
          new Date(),
        );
      }
      const expected = direction === "apply" ? nextStep(state) : undoableStep(state);
      if (expected !== step) {
        throw new HttpError(
          409,
          expected
            ? `The step to ${direction} now is "${expected}", not "${step}".`
            : direction === "apply"
              ? "This rotation is complete."
              : "No step can be undone now (the old CA is retired, or nothing is done yet).",
        );
      }
      const save = async () => {
        const body = stateToConfigMap(state, cm?.metadata.resourceVersion);
        cm = cm ? await replaceConfigMap(body, opts) : await createConfigMap(body, opts);
      };
      const detail = await runStep(state, step, direction, { ...opts, save, who });
      state.steps[step] = {
        status: direction === "apply" ? "done" : "undone",
        who,
        at: new Date().toISOString(),
        detail,
      };
      await save();
      let uid: string | undefined;
      try {
        uid = (await getCertificate(namespace, name, opts)).metadata.uid;
      } catch {
        // retired: the Event still names the Certificate
      }
      const title = STEP_INFO[step].title;
      return {
        value: { step, direction, who, detail },
        event: {
          involved: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            namespace,
            name,
            ...(uid ? { uid } : {}),
          },
          message: `CA rotation: ${direction === "undo" ? `undid "${title}"` : title} by ${who} via Trustdeck: ${detail}`,
        },
      };
    },
  );
  return value;
}

async function targetsHold(state: RotationState, fps: string[], opts: Opts): Promise<boolean> {
  const namespaces = [...new Set(repointedConsumers(state).map((c) => c.namespace))];
  for (const ns of namespaces) {
    const pem = await readBundleTargetSecret(ns, state.bundle, "ca.crt", opts);
    const have = pemFingerprints(pem).sort();
    if (JSON.stringify(have) !== JSON.stringify([...fps].sort())) return false;
  }
  return true;
}

/**
 * Whether the target Secrets of Bundle `bundle` that consumers read (their `caSecret`, key as APISIX
 * reads it) hold (`present`) or no longer hold the certificate `fp`.
 */
async function readersSee(
  state: RotationState,
  bundle: string,
  fp: string,
  present: boolean,
  opts: Opts,
): Promise<boolean> {
  for (const c of state.consumers.filter((x) => x.bundle === bundle)) {
    const facts = await getSecretFacts(c.caSecret.namespace, c.caSecret.name, opts);
    const pem = facts?.cert ?? facts?.tlsCrt ?? facts?.caCrt;
    if (pemFingerprints(pem).includes(fp) !== present) return false;
  }
  return true;
}

/** Adds (or removes) the new CA's inLine source to each Bundle consumers already read, then waits. */
async function patchReadBundles(state: RotationState, add: boolean, opts: Opts): Promise<string[]> {
  const { sources, versions } = await readBundleSources(state, opts);
  const done: string[] = [];
  for (const b of readBundles(state)) {
    const cur = sources[b];
    if (!cur) continue; // deleted meanwhile: nothing to add to or take back
    const next = add ? withInLine(cur, state.newPem!) : withoutInLine(cur, state.newPem!);
    if (next.length !== cur.length)
      // resourceVersion: a concurrent edit of the sources makes this a 409, never a lost update
      await mergePatchBundle(
        b,
        { metadata: { resourceVersion: versions[b] }, spec: { sources: next } },
        opts,
      );
    await waitFor(
      `trust-manager to ${add ? "add the new CA to" : "remove the new CA from"} Bundle ${b}'s targets`,
      () => readersSee(state, b, state.newFingerprint!, add, opts),
    );
    done.push(b);
  }
  return done;
}

async function secretPem(namespace: string, name: string, opts: Opts): Promise<string | undefined> {
  return firstPem((await getSecretFacts(namespace, name, opts))?.tlsCrt);
}

async function reissueAll(
  state: RotationState,
  secretName: string,
  why: string,
  opts: Opts & { save: () => Promise<void> },
): Promise<number> {
  for (const i of state.issuers) await mergePatchIssuer(i, { spec: { ca: { secretName } } }, opts);
  const done = new Set(state.reissued ?? []);
  let count = 0;
  for (const leaf of state.leaves) {
    const key = `${leaf.namespace}/${leaf.name}`;
    if (done.has(key)) continue;
    let before: RawCertificate;
    try {
      before = await getCertificate(leaf.namespace, leaf.name, opts);
    } catch (err) {
      if (err instanceof KubeError && err.status === 404) continue; // deleted meanwhile: nothing to re-issue
      throw err;
    }
    await renewCertificate(leaf.namespace, leaf.name, { context: opts.context, message: why });
    const rev = before.status?.revision ?? 0;
    await waitFor(`Certificate ${key} to be re-issued`, async () => {
      const c = await getCertificate(leaf.namespace, leaf.name, opts);
      const ready = c.status?.conditions?.find((x) => x.type === "Ready")?.status === "True";
      return ready && (c.status?.revision ?? 0) > rev;
    });
    done.add(key);
    state.reissued = [...done];
    count++;
    await opts.save();
    await sleep(THROTTLE_MS);
  }
  return count;
}

async function runStep(
  state: RotationState,
  step: StepId,
  direction: "apply" | "undo",
  opts: Opts & { save: () => Promise<void>; who: string },
): Promise<string> {
  const ns = state.ca.namespace;
  switch (`${step}:${direction}`) {
    case "issue-new:apply": {
      const spec = (await getCertificate(ns, state.ca.name, opts)).spec as CaSpec;
      state.oldPem ??= await secretPem(ns, state.ca.secretName, opts);
      const manifest = previewStep(state, "issue-new", "apply", { spec }).writes[0]!.body as {
        metadata: { name: string; namespace: string };
      };
      try {
        await createCertificate(manifest, opts);
      } catch (err) {
        if (!(err instanceof KubeError && err.status === 409)) throw err; // exists: an earlier attempt
      }
      await opts.save();
      await waitFor(`cert-manager to issue ${ns}/${state.newCa.name}`, async () => {
        const pem = await secretPem(ns, state.newCa.secretName, opts);
        if (pem && fingerprint(pem) !== state.oldFingerprint) {
          state.newPem = pem;
          state.newFingerprint = fingerprint(pem);
          return true;
        }
        return false;
      });
      return `Certificate ${ns}/${state.newCa.name} issued (Secret ${state.newCa.secretName}, SHA-256 ${state.newFingerprint}).`;
    }
    case "issue-new:undo":
      await deleteCertificate(ns, state.newCa.name, opts);
      delete state.newPem;
      delete state.newFingerprint;
      return `Certificate ${ns}/${state.newCa.name} deleted; its Secret ${state.newCa.secretName} is left for kubectl.`;
    case "distribute:apply": {
      if (!state.oldPem || !state.newPem || !state.oldFingerprint || !state.newFingerprint)
        throw new HttpError(409, "The new CA is not issued yet.");
      if (state.consumers.length === 0)
        return "No consumer verifies peers with this CA: nothing to distribute.";
      const repointed = repointedConsumers(state);
      const said: string[] = [];
      if (repointed.length > 0) {
        const manifest = previewStep(state, "distribute", "apply", state).writes[0]!.body as Parameters<
          typeof createBundle
        >[0];
        try {
          await createBundle(manifest, opts);
        } catch (err) {
          if (!(err instanceof KubeError && err.status === 409)) throw err;
          await mergePatchBundle(state.bundle, { spec: manifest.spec }, opts);
        }
        await waitFor(`trust-manager to write old + new into the Bundle's Secrets`, () =>
          targetsHold(state, [state.oldFingerprint!, state.newFingerprint!], opts),
        );
        for (const c of repointed)
          await updateApisixTlsSpec(
            c.namespace,
            c.name,
            (cur) => ({
              ...cur.spec,
              client: { ...cur.spec.client, caSecret: { name: state.bundle, namespace: c.namespace } },
            }),
            opts,
          );
        said.push(
          `Bundle ${state.bundle} carries old + new; ${repointed.map((c) => `ApisixTls ${c.namespace}/${c.name}`).join(", ")} now read(s) it.`,
        );
      }
      const patched = await patchReadBundles(state, true, opts);
      if (patched.length > 0)
        said.push(
          `The new CA was added to Bundle(s) ${patched.join(", ")}, which their consumers already read.`,
        );
      return said.join(" ");
    }
    case "distribute:undo": {
      const repointed = repointedConsumers(state);
      for (const c of repointed)
        await updateApisixTlsSpec(
          c.namespace,
          c.name,
          (cur) => ({ ...cur.spec, client: { ...cur.spec.client, caSecret: c.caSecret } }),
          opts,
        );
      if (repointed.length > 0) await deleteBundle(state.bundle, opts);
      const patched = state.newPem ? await patchReadBundles(state, false, opts) : [];
      return [
        repointed.length > 0
          ? `Consumers read their original CA Secrets again; Bundle ${state.bundle} deleted.`
          : "",
        patched.length > 0 ? `The new CA was removed from Bundle(s) ${patched.join(", ")}.` : "",
      ]
        .filter(Boolean)
        .join(" ");
    }
    case "verify-both:apply":
    case "verify-new:apply": {
      const { input } = await loadTrustInput(opts);
      const chains = checkNow(input, state);
      if (!chains) throw new HttpError(409, "The new CA is not issued yet.");
      const check = await probeConsumers(input, state, chains, opts);
      state.probes = {
        ...state.probes,
        [step]: check.consumers.map((c) => ({ namespace: c.namespace, name: c.name, probe: c.probe! })),
      };
      if (!check.ok) {
        await opts.save(); // what the probe saw stays visible beside the refusal
        throw new HttpError(409, `Not yet: ${check.failures.join(" ")}`);
      }
      const clients = check.consumers.reduce((n, c) => n + c.clients.length, 0);
      const handshakes = check.consumers.reduce((n, c) => n + (c.probe?.results.length ?? 0), 0);
      return `${check.consumers.length} consumer(s) trust ${step === "verify-both" ? "old and new" : "the new CA"}; ${clients} client chain(s) verify${
        step === "verify-new" ? `; all ${check.leaves.length} leaves are signed by the new CA` : ""
      }; ${handshakes} probe handshake(s) accepted.`;
    }
    case "verify-both:undo":
    case "verify-new:undo":
      return "Verdict forgotten.";
    case "reissue:apply": {
      const n = await reissueAll(
        state,
        state.newCa.secretName,
        "CA rotation: re-issue from the new CA",
        opts,
      );
      return `${state.issuers.map((i) => `${i.kind} ${i.name}`).join(", ") || "No issuer"} sign(s) with ${state.newCa.secretName}; ${n} leaf certificate(s) re-issued.`;
    }
    case "reissue:undo": {
      state.reissued = [];
      const n = await reissueAll(
        state,
        state.ca.secretName,
        "CA rotation undone: re-issue from the old CA",
        opts,
      );
      state.reissued = [];
      return `Issuers sign with ${state.ca.secretName} again; ${n} leaf certificate(s) re-issued from the old CA.`;
    }
    case "remove-old:apply":
    case "remove-old:undo": {
      if (repointedConsumers(state).length === 0)
        return readBundles(state).length > 0
          ? `Bundle(s) ${readBundles(state).join(", ")} keep their own sources: remove the old CA there once nothing signed by it is in use.`
          : "No Bundle to change.";
      const keep = direction === "apply" ? [state.newPem!] : [state.oldPem!, state.newPem!];
      await mergePatchBundle(state.bundle, { spec: { sources: keep.map((inLine) => ({ inLine })) } }, opts);
      const fps =
        direction === "apply" ? [state.newFingerprint!] : [state.oldFingerprint!, state.newFingerprint!];
      await waitFor("trust-manager to update the Bundle's Secrets", () => targetsHold(state, fps, opts));
      return direction === "apply"
        ? `Bundle ${state.bundle} carries the new CA only.`
        : `Bundle ${state.bundle} carries old + new again.`;
    }
    case "retire:apply":
      await deleteCertificate(ns, state.ca.name, opts);
      return `Certificate ${ns}/${state.ca.name} deleted: the old CA is no longer renewed or used. Its Secret ${state.ca.secretName} still holds its key: delete it with kubectl.`;
    default:
      throw new HttpError(409, `Step ${step} cannot be undone.`);
  }
}

/**
 * Records (or, with `endpoint` undefined, forgets) where consumer `consumer` of the rotation of CA
 * `namespace/name` can be reached, so the verify steps probe it (lib/probe: its allow-list applies
 * when probing). Stored in the rotation's state; recorded as an Event on the CA Certificate.
 * @throws HttpError 409 before the rotation has started, 422 when `consumer` is not one of its
 * consumers; KubeError.
 */
export async function setRotationEndpoint(
  namespace: string,
  name: string,
  consumer: { namespace: string; name: string },
  endpoint: ProbeEndpoint | undefined,
  opts: Opts = {},
): Promise<{ who: string; endpoints: Record<string, ProbeEndpoint> }> {
  const { value } = await auditedWrite(
    { action: "rotation-step", context: opts.context, object: { kind: "Certificate", namespace, name } },
    async (who) => {
      const stored = await loadState(namespace, name, opts);
      if (!stored)
        throw new HttpError(
          409,
          `No rotation of ${namespace}/${name} has started: issue the new CA first, then give endpoints.`,
        );
      const { cm, state } = stored;
      const key = `${consumer.namespace}/${consumer.name}`;
      if (!state.consumers.some((c) => `${c.namespace}/${c.name}` === key))
        throw new HttpError(422, `consumer: ApisixTls ${key} is not a consumer of this rotation.`);
      const endpoints = { ...state.endpoints };
      if (endpoint) endpoints[key] = endpoint;
      else delete endpoints[key];
      state.endpoints = endpoints;
      await replaceConfigMap(stateToConfigMap(state, cm.metadata.resourceVersion), opts);
      const uid = (await getCertificate(namespace, name, opts).catch(() => undefined))?.metadata.uid;
      return {
        value: { who, endpoints },
        event: {
          involved: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            namespace,
            name,
            ...(uid ? { uid } : {}),
          },
          message: endpoint
            ? `CA rotation: the verify steps probe ApisixTls ${key} at ${endpoint.host}:${endpoint.port} (set by ${who} via Trustdeck)`
            : `CA rotation: no endpoint for ApisixTls ${key} any more (${who} via Trustdeck)`,
        },
      };
    },
  );
  return value;
}
