"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, Notice } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { APPROVAL_REASON, APPROVE_MESSAGE, DENY_MESSAGE } from "@/lib/actions/conditions";
import type { ApprovalResult } from "@/lib/actions/types";
import { useRequestDecision } from "@/lib/client/actions";
import { useAccess } from "@/lib/client/cluster";
import type { CertificateRequestRow } from "@/lib/types";

type Decision = "approve" | "deny";

/**
 * Approve / Deny for a pending CertificateRequest row, with a dialog for reason and message
 * (cmctl's defaults). A refusal (already decided, 403) shows the server's message; success is
 * shown only after the API answered 2xx.
 */
export function RequestActions({
  request,
  onDecided,
  cluster,
}: {
  request: CertificateRequestRow;
  /** The fleet cluster of a merged list's row: the decision goes there. */
  cluster?: string;
  /** Called when the dialog closes after a decision (the page shows a toast). */
  onDecided?: (result: ApprovalResult) => void;
}) {
  const access = useAccess(request.namespace, cluster);
  const ids = { reason: useId(), message: useId() };
  const [open, setOpen] = useState<Decision | undefined>();
  const [reason, setReason] = useState(APPROVAL_REASON);
  const [message, setMessage] = useState("");
  const decide = useRequestDecision(request.namespace, request.name, cluster);

  // Keep an open dialog mounted when a live update shows the request decided: the user sees the
  // outcome of their own click (or the server's refusal), not a dialog that vanished.
  if ((request.approved || request.denied) && !open) return null;

  const show = (d: Decision) => {
    setReason(APPROVAL_REASON);
    setMessage(d === "approve" ? APPROVE_MESSAGE : DENY_MESSAGE);
    decide.reset();
    setOpen(d);
  };
  const close = () => {
    setOpen(undefined);
    if (decide.isSuccess) onDecided?.(decide.data);
  };
  const submit = () => {
    if (!open) return;
    decide.mutate({
      decision: open,
      reason: reason.trim() || undefined,
      message: message.trim() || undefined,
    });
  };
  const result = decide.data;

  const approve = access.data?.actions.approve;
  const deny = access.data?.actions.deny;
  const reasonText = !approve?.allowed ? approve?.reason : !deny?.allowed ? deny?.reason : undefined;

  return (
    <div className="flex flex-col items-start gap-1" data-testid="request-actions">
      <div className="flex gap-1.5">
        <Button
          size="sm"
          data-testid="approve-button"
          disabled={!approve?.allowed}
          title={approve?.reason || undefined}
          onClick={() => show("approve")}
        >
          Approve
        </Button>
        <Button
          size="sm"
          data-testid="deny-button"
          disabled={!deny?.allowed}
          title={deny?.reason || undefined}
          onClick={() => show("deny")}
        >
          Deny
        </Button>
      </div>
      {reasonText ? (
        <span
          className="max-w-64 text-[11px] text-amber-700 leading-tight dark:text-amber-400"
          data-testid="action-denied-reason"
        >
          {reasonText}
        </span>
      ) : null}
      <Dialog
        open={open !== undefined}
        onClose={close}
        title={`${open === "deny" ? "Deny" : "Approve"} ${request.namespace}/${request.name}`}
        testId="approval-dialog"
      >
        {result ? (
          <Notice tone="success" testId="approval-success">
            {result.decision === "approved" ? "Approved" : "Denied"} ({result.reason}: {result.message}).
            {result.decision === "approved"
              ? " The issuer may now sign it."
              : " The issuer will not sign it."}
          </Notice>
        ) : (
          <>
            <p className="text-zinc-600 dark:text-zinc-400">
              {open === "deny"
                ? "Sets Denied=True: the issuer will never sign this request. This cannot be undone."
                : "Sets Approved=True: the issuer may sign this request. This cannot be undone."}
            </p>
            <Field id={ids.reason} label="Reason">
              <Input
                id={ids.reason}
                data-testid="approval-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </Field>
            <Field id={ids.message} label="Message">
              <Input
                id={ids.message}
                data-testid="approval-message"
                value={message}
                onChange={(e) => setMessage(e.target.value)}
              />
            </Field>
            {decide.error ? (
              <Notice tone="error" testId="approval-error">
                {decide.error.message}
              </Notice>
            ) : null}
          </>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>{decide.isIdle || decide.isPending ? "Cancel" : "Close"}</Button>
          {decide.isIdle || decide.isPending ? (
            <Button
              variant={open === "deny" ? "danger" : "primary"}
              data-testid="confirm-approval"
              disabled={decide.isPending}
              onClick={submit}
            >
              {decide.isPending ? "Sending…" : open === "deny" ? "Deny request" : "Approve request"}
            </Button>
          ) : null}
        </div>
      </Dialog>
    </div>
  );
}
