import type { RawCondition } from "@/lib/k8s/meta";
import type { ConditionDto, ConditionStatus } from "@/lib/types";

/** The condition of `type`, if present. */
export function findCondition(
  conditions: readonly RawCondition[] | undefined,
  type: string,
): RawCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Status of the condition of `type`, "Unknown" when absent or odd. */
export function conditionStatus(conditions: RawCondition[] | undefined, type: string): ConditionStatus {
  const s = findCondition(conditions, type)?.status;
  return s === "True" || s === "False" ? s : "Unknown";
}

/** Conditions as DTOs (same fields, unknown extras dropped). */
export function toConditionDtos(conditions: RawCondition[] | undefined): ConditionDto[] {
  return (conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status === "True" || c.status === "False" ? c.status : "Unknown",
    reason: c.reason,
    message: c.message,
    lastTransitionTime: c.lastTransitionTime,
    observedGeneration: c.observedGeneration,
  }));
}
