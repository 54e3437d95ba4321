import "server-only";
import { getEnv, READ_ONLY_MESSAGE } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { whoAmI } from "@/lib/k8s/access-review";
import { type InvolvedObject, recordEvent } from "@/lib/k8s/record-event";
import { type AuditEntry, auditLog } from "@/lib/security/audit-log";
import { WRITES, type WriteAction, type WriteInfo } from "./write-table";

/**
 * The one audited write path. Every change Trustdeck makes to a cluster (issue, renew, bulk renew,
 * rotate, approve, deny, ApisixTls create and mTLS toggle, ApisixUpstream mTLS toggle) runs through
 * `auditedWrite`: the read-only guard, who acts (SelfSubjectReview), the change itself (which retries
 * 409 conflicts by re-reading, see `retryOnConflict` in lib/k8s/conflict.ts), the Kubernetes Event on
 * the object, and one audit line with one outcome vocabulary (`outcomeOf`).
 */

export type { WriteAction } from "./write-table";

/** How a write ended, as audit lines say it. */
export type WriteOutcome = AuditEntry["result"];

/**
 * The outcome of a failed write: `denied` for 401/403 (the cluster's RBAC or a lost sign-in),
 * `refused` for any other status below 500 (409 conflict, 404, 422 validation, read-only mode),
 * `error` for everything else (5xx, unreachable cluster, bugs).
 */
export function outcomeOf(err: unknown): Exclude<WriteOutcome, "ok"> {
  const status = (err as { status?: unknown } | null)?.status;
  if (status === 401 || status === 403)
    return err instanceof HttpError && isReadOnlyError(err) ? "refused" : "denied";
  if (typeof status === "number" && status < 500) return "refused";
  return "error";
}

function isReadOnlyError(err: HttpError): boolean {
  return err.message === READ_ONLY_MESSAGE;
}

/** Why changes are off for the whole server, or undefined when they are on. */
export function readOnlyReason(): string | undefined {
  return getEnv().readOnly ? READ_ONLY_MESSAGE : undefined;
}

/**
 * Refuses a change when the server is read-only.
 * @throws HttpError 403 with READ_ONLY_MESSAGE
 */
export function assertMayChange(): void {
  if (getEnv().readOnly) throw new HttpError(403, READ_ONLY_MESSAGE);
}

/** Which object a write changes (for the audit line). */
export interface WriteTarget {
  action: WriteAction;
  object: { kind: string; namespace: string; name: string };
  context?: string;
}

/** What a successful change hands back to the write path. */
export interface WriteDone<T> {
  value: T;
  /** The Event to record on the changed object (`reason` defaults to the write table's). */
  event: { involved: InvolvedObject; message: string; reason?: string };
  /** Extra words for the audit line (the Event message is always included). */
  detail?: string;
}

function line(target: WriteTarget, who: string, result: WriteOutcome, detail: string): void {
  auditLog({
    who,
    action: target.action,
    object: target.object,
    result,
    detail: [target.context ? `context ${target.context}` : "", detail].filter(Boolean).join("; "),
  });
}

/**
 * Runs one cluster write: refuses it in read-only mode, resolves who acts, runs `change(who)`,
 * records the Event it names and writes one audit line (`ok`, or `refused` / `denied` / `error` with
 * the status and message, then rethrows). A failure to record the Event (e.g. no `create events`)
 * is logged and reported as `eventRecorded: false`; the change itself already happened.
 * @throws HttpError 403 in read-only mode; whatever `change` throws.
 */
export async function auditedWrite<T>(
  target: WriteTarget,
  change: (who: string) => Promise<WriteDone<T>>,
): Promise<{ value: T; who: string; eventRecorded: boolean }> {
  if (getEnv().readOnly) {
    const who = await whoAmI(target.context).catch(() => "unknown");
    line(target, who, "refused", READ_ONLY_MESSAGE);
    throw new HttpError(403, READ_ONLY_MESSAGE);
  }
  const who = await whoAmI(target.context);
  let done: WriteDone<T>;
  try {
    done = await change(who);
  } catch (err) {
    const status = (err as { status?: unknown } | null)?.status;
    line(
      target,
      who,
      outcomeOf(err),
      `HTTP ${typeof status === "number" ? status : 500}; ${err instanceof Error ? err.message : String(err)}`,
    );
    throw err;
  }
  const info: WriteInfo = WRITES[target.action];
  const reason = done.event.reason ?? info.eventReason ?? target.action;
  let eventRecorded = true;
  try {
    await recordEvent(
      done.event.involved,
      { reason, message: done.event.message },
      { context: target.context },
    );
  } catch (err) {
    eventRecorded = false;
    line(
      target,
      who,
      "error",
      `could not record the Event: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  line(
    target,
    who,
    "ok",
    [done.event.message, eventRecorded ? "" : "(the Event could not be recorded)", done.detail ?? ""]
      .filter(Boolean)
      .join(" "),
  );
  return { value: done.value, who, eventRecorded };
}

/** One extra audit line inside a write (e.g. rotate's policy change before the renewal). */
export function auditStep(target: WriteTarget, who: string, detail: string): void {
  line(target, who, "ok", detail);
}
