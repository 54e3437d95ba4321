/**
 * Condition edits exactly as cmctl makes them (cert-manager's `apiutil.SetCertificateCondition`
 * and `SetCertificateRequestCondition`). Pure: the caller sends the result to `/status`.
 */
import type { ConditionDto } from "@/lib/types";

/** A status condition as the API server stores it (the one condition shape, `ConditionDto`). */
export type Condition = ConditionDto;

/** Reason and message cmctl writes when it triggers a renewal. */
export const RENEW_REASON = "ManuallyTriggered";
export const RENEW_MESSAGE = "Certificate re-issuance manually triggered";

/** cmctl's default approve/deny reason. */
export const APPROVAL_REASON = "KubectlCertManager";
export const APPROVE_MESSAGE = "manually approved by Trustdeck";
export const DENY_MESSAGE = "manually denied by Trustdeck";

/**
 * Returns `conditions` with `next` set: an existing condition of the same type is replaced in place
 * (keeping its lastTransitionTime when the status does not change), otherwise `next` is appended.
 * Every other condition is kept as it was.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  next: Omit<Condition, "lastTransitionTime">,
  now: Date,
): Condition[] {
  const stamped: Condition = { ...next, lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, "Z") };
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, stamped];
  const old = list[i]!;
  if (old.status === next.status && old.lastTransitionTime)
    stamped.lastTransitionTime = old.lastTransitionTime;
  list[i] = stamped;
  return list;
}

import { findCondition } from "@/lib/inventory/conditions";

export { findCondition };

/** True when the Certificate's `Issuing` condition is True (an issuance is already in progress). */
export function isIssuing(conditions: readonly Condition[] | undefined): boolean {
  return findCondition(conditions, "Issuing")?.status === "True";
}

/**
 * The Certificate conditions after a manual renew: `Issuing=True`, reason `ManuallyTriggered`,
 * observedGeneration = `generation`, other conditions untouched (what `cmctl renew` writes).
 */
export function renewConditions(
  conditions: readonly Condition[] | undefined,
  generation: number | undefined,
  now: Date,
): Condition[] {
  return setCondition(
    conditions,
    {
      type: "Issuing",
      status: "True",
      reason: RENEW_REASON,
      message: RENEW_MESSAGE,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    },
    now,
  );
}

/** Approved / Denied / pending, from a CertificateRequest's conditions. */
export function approvalState(
  conditions: readonly Condition[] | undefined,
): "approved" | "denied" | "pending" {
  if (findCondition(conditions, "Approved")?.status === "True") return "approved";
  if (findCondition(conditions, "Denied")?.status === "True") return "denied";
  return "pending";
}

/** The CertificateRequest conditions after approving (`Approved=True`) or denying (`Denied=True`). */
export function approvalConditions(
  conditions: readonly Condition[] | undefined,
  decision: "approve" | "deny",
  reason: string,
  message: string,
  now: Date,
): Condition[] {
  return setCondition(
    conditions,
    { type: decision === "approve" ? "Approved" : "Denied", status: "True", reason, message },
    now,
  );
}
