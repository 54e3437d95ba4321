import { type RotationState, STEP_IDS, stateObjectName } from "./steps";

/**
 * A rotation's state as a ConfigMap (pure): `data["state.json"]` holds the state; one annotation per
 * step says who did it and when (`trustdeck.io/step.<id>`: "done by alice at 2026-11-30T17:00:00Z"),
 * so `kubectl describe configmap trustdeck-rotation-<ca>` tells the story without Trustdeck.
 */

export const ROTATION_LABEL = "trustdeck.io/rotation";
export const STATE_KEY = "state.json";

/** The ConfigMap body for a state (`resourceVersion` makes the write a compare-and-swap). */
export function stateToConfigMap(state: RotationState, resourceVersion?: string) {
  const annotations: Record<string, string> = {
    "trustdeck.io/ca": `${state.ca.namespace}/${state.ca.name}`,
    "trustdeck.io/started": `by ${state.startedBy} at ${state.startedAt}`,
  };
  for (const id of STEP_IDS) {
    const r = state.steps[id];
    if (r) annotations[`trustdeck.io/step.${id}`] = `${r.status} by ${r.who} at ${r.at}`;
  }
  return {
    metadata: {
      name: stateObjectName(state.ca.name),
      namespace: state.ca.namespace,
      labels: { [ROTATION_LABEL]: "true", "trustdeck.io/ca": state.ca.name },
      annotations,
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    data: { [STATE_KEY]: JSON.stringify(state, null, 1) },
  };
}

/**
 * The state a ConfigMap holds.
 * @throws Error naming the ConfigMap when `state.json` is missing or not a rotation state.
 */
export function stateFromConfigMap(cm: {
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
}): RotationState {
  const raw = cm.data?.[STATE_KEY];
  const where = `ConfigMap ${cm.metadata.namespace ?? ""}/${cm.metadata.name}`;
  if (!raw) throw new Error(`${where} has no ${STATE_KEY}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(
      `${where}: ${STATE_KEY} is not JSON (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  const s = parsed as Partial<RotationState>;
  if (
    !s.ca?.name ||
    !s.newCa?.name ||
    !s.bundle ||
    !Array.isArray(s.consumers) ||
    typeof s.steps !== "object"
  )
    throw new Error(`${where}: ${STATE_KEY} is not a rotation state.`);
  return s as RotationState;
}
