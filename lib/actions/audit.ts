import "server-only";
import { whoAmI } from "@/lib/k8s/access-review";
import { type InvolvedObject, recordEvent } from "@/lib/k8s/record-event";
import { auditLog } from "@/lib/security/audit-log";

/** Names of Trustdeck's action Events (`reason`). */
export const EVENT_REASONS = {
  issue: "TrustdeckIssue",
  renew: "TrustdeckRenew",
  rotate: "TrustdeckRotate",
  approve: "TrustdeckApprove",
  deny: "TrustdeckDeny",
} as const;
export type AuditedAction = keyof typeof EVENT_REASONS;

/** Who acts: the kube user of the context (SelfSubjectReview, cached per context). */
export function actorFor(context?: string): Promise<string> {
  return whoAmI(context);
}

interface LogEntry {
  action: AuditedAction | "rotate-policy";
  who: string;
  context?: string;
  object: { kind: string; namespace: string; name: string };
  result: "ok" | "error" | "refused" | "denied";
  status?: number;
  detail?: string;
}

/** One structured JSON audit line per action (who, what, which object, result), scrubbed of keys. */
export function logAction(entry: LogEntry): void {
  auditLog({
    who: entry.who,
    action: entry.action,
    object: entry.object,
    result: entry.result,
    detail:
      [
        entry.context ? `context ${entry.context}` : "",
        entry.status ? `HTTP ${entry.status}` : "",
        entry.detail ?? "",
      ]
        .filter(Boolean)
        .join("; ") || undefined,
  });
}

/**
 * Records the action's Event on `involved`. A failure to record (e.g. no `create events`) is
 * logged and swallowed: the change itself already happened and must not be reported as failed.
 * @returns whether the Event was recorded.
 */
export async function recordActionEvent(
  action: AuditedAction,
  involved: InvolvedObject,
  message: string,
  context?: string,
): Promise<boolean> {
  try {
    await recordEvent(involved, { reason: EVENT_REASONS[action], message }, { context });
    return true;
  } catch (err) {
    auditLog({
      who: "trustdeck",
      action: `${action}-event`,
      object: { kind: involved.kind, namespace: involved.namespace, name: involved.name },
      result: "error",
      detail: `could not record the Event: ${err instanceof Error ? err.message : String(err)}`,
    });
    return false;
  }
}

/** Runs an action, logging its outcome with who / what / which object. Rethrows failures. */
export async function audited<T>(
  base: Omit<LogEntry, "result" | "status" | "detail">,
  fn: () => Promise<T>,
  summarize?: (value: T) => string | undefined,
): Promise<T> {
  try {
    const value = await fn();
    logAction({ ...base, result: "ok", detail: summarize?.(value) });
    return value;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    logAction({
      ...base,
      result: status === 409 ? "refused" : status === 403 ? "denied" : "error",
      status: typeof status === "number" ? status : 500,
      detail: err instanceof Error ? err.message : String(err),
    });
    throw err;
  }
}
