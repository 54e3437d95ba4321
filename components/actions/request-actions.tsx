"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { APPROVAL_REASON, APPROVE_MESSAGE, DENY_MESSAGE } from "@/lib/actions/conditions";
import type { ApprovalResult } from "@/lib/actions/types";
import { ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/queries";
import type { CertificateRequestRow } from "@/lib/types";
import { ActionDialog, Notice } from "./dialog";
import { postAction, useAccess } from "./queries";

type Decision = "approve" | "deny";

/**
 * Approve / Deny for a pending CertificateRequest row, with a dialog for reason and message
 * (cmctl's defaults). A refusal (already decided, 403) shows the server's message; success is
 * shown only after the API answered 2xx.
 */
export function RequestActions({ request }: { request: CertificateRequestRow }) {
  const client = useQueryClient();
  const access = useAccess(request.namespace);
  const [open, setOpen] = useState<Decision | undefined>();
  const [reason, setReason] = useState(APPROVAL_REASON);
  const [message, setMessage] = useState("");
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "sending" }
    | { kind: "done"; result: ApprovalResult }
    | { kind: "error"; message: string }
  >({ kind: "idle" });

  // Keep an open dialog mounted when a live update shows the request decided: the user sees the
  // outcome of their own click (or the server's refusal), not a dialog that vanished.
  if ((request.approved || request.denied) && !open) return null;

  const show = (d: Decision) => {
    setReason(APPROVAL_REASON);
    setMessage(d === "approve" ? APPROVE_MESSAGE : DENY_MESSAGE);
    setState({ kind: "idle" });
    setOpen(d);
  };
  const close = () => {
    setOpen(undefined);
    if (state.kind !== "idle") void client.invalidateQueries({ queryKey: [...queryKeys.all, "requests"] });
  };
  const submit = async () => {
    if (!open) return;
    setState({ kind: "sending" });
    try {
      const path = `/api/certificaterequests/${encodeURIComponent(request.namespace)}/${encodeURIComponent(request.name)}/${open}`;
      const result = await postAction<ApprovalResult>(path, {
        reason: reason.trim() || undefined,
        message: message.trim() || undefined,
      });
      setState({ kind: "done", result });
    } catch (err) {
      setState({ kind: "error", message: err instanceof ApiError ? err.message : String(err) });
    }
  };

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
      <ActionDialog
        open={open !== undefined}
        onClose={close}
        title={`${open === "deny" ? "Deny" : "Approve"} ${request.namespace}/${request.name}`}
        testId="approval-dialog"
      >
        {state.kind === "done" ? (
          <Notice tone="success" testId="approval-success">
            {state.result.decision === "approved" ? "Approved" : "Denied"} ({state.result.reason}:{" "}
            {state.result.message}).
            {state.result.decision === "approved"
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
            <div className="block space-y-1">
              <span className="font-medium text-xs" aria-hidden="true">
                Reason
              </span>
              <TextInput
                label="Reason"
                data-testid="approval-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                className="w-full"
              />
            </div>
            <div className="block space-y-1">
              <span className="font-medium text-xs" aria-hidden="true">
                Message
              </span>
              <TextInput
                label="Message"
                data-testid="approval-message"
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                className="w-full"
              />
            </div>
            {state.kind === "error" ? (
              <Notice tone="error" testId="approval-error">
                {state.message}
              </Notice>
            ) : null}
          </>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>
            {state.kind === "done" || state.kind === "error" ? "Close" : "Cancel"}
          </Button>
          {state.kind === "idle" || state.kind === "sending" ? (
            <Button
              variant={open === "deny" ? "danger" : "primary"}
              data-testid="confirm-approval"
              disabled={state.kind === "sending"}
              onClick={submit}
            >
              {state.kind === "sending" ? "Sending…" : open === "deny" ? "Deny request" : "Approve request"}
            </Button>
          ) : null}
        </div>
      </ActionDialog>
    </div>
  );
}
