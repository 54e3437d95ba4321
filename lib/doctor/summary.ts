import { ISSUANCE_STEP_TITLES } from "./fixes";
import { type Diagnosis, STEP_IDS, type StepId } from "./types";

/** One stuck Certificate in the overview's list. */
export interface StuckItem {
  /** The fleet cluster of the Certificate, in a merged (several-cluster) summary (lib/fleet.ts). */
  cluster?: string;
  namespace: string;
  name: string;
  state: Diagnosis["state"];
  step: StepId;
  reason?: string;
  summary: string;
  stuckForSeconds?: number;
}

/** Stuck issuance across the cluster: counts per failing step (in cert-manager's order) and the items. */
export interface StuckSummary {
  total: number;
  byStep: { step: StepId; title: string; count: number }[];
  items: StuckItem[];
  /** Clusters of a merged summary that could not be read (left out), in plain words. */
  clusterErrors?: { cluster: string; message: string; status: number }[];
}

/**
 * The key of a stuck item or a certificate row: `namespace/name`, prefixed by `cluster|` when the
 * object carries a cluster (merged fleet reads), so two clusters' same-named Certificates never meet.
 */
export function stuckKey(o: { cluster?: string; namespace: string; name: string }): string {
  return `${o.cluster ? `${o.cluster}|` : ""}${o.namespace}/${o.name}`;
}

/**
 * Summarises diagnoses for the overview: only stuck ones (failing, or waiting for a person), counted
 * per step in the order of STEP_IDS (steps with none are left out), items longest stuck first. A
 * diagnosis with a `cluster` (a merged fleet read) keeps it on its item.
 */
export function summariseStuck(diagnoses: readonly (Diagnosis & { cluster?: string })[]): StuckSummary {
  const items: StuckItem[] = diagnoses
    .filter((d): d is Diagnosis & { cluster?: string; step: StepId } => d.stuck && !!d.step)
    .map((d) => ({
      ...(d.cluster ? { cluster: d.cluster } : {}),
      namespace: d.certificate.namespace,
      name: d.certificate.name,
      state: d.state,
      step: d.step,
      reason: d.reason,
      summary: d.summary,
      stuckForSeconds: d.stuckForSeconds,
    }))
    .sort((a, b) => (b.stuckForSeconds ?? 0) - (a.stuckForSeconds ?? 0));
  const byStep = STEP_IDS.map((step) => ({
    step,
    title: ISSUANCE_STEP_TITLES[step],
    count: items.filter((i) => i.step === step).length,
  })).filter((s) => s.count > 0);
  return { total: items.length, byStep, items };
}
