"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { useUrlParams } from "@/components/ui/use-url-params";
import type { BulkDryRunResult, BulkRunResult } from "@/lib/actions/types";
import { ApiError } from "@/lib/api-client";
import { queryKeys } from "@/lib/queries";
import { ActionDialog, DeniedReason, Notice } from "./dialog";
import { postAction, useAccess } from "./queries";

type State =
  | { step: "closed" }
  | { step: "planning" }
  | { step: "confirm"; plan: BulkDryRunResult }
  | { step: "running"; plan: BulkDryRunResult }
  | { step: "done"; result: BulkRunResult }
  | { step: "error"; message: string };

function ListActions() {
  const client = useQueryClient();
  const { get } = useUrlParams();
  const filter = { namespace: get("namespace"), q: get("q"), issuer: get("issuer"), state: get("state") };
  const access = useAccess(filter.namespace);
  const [state, setState] = useState<State>({ step: "closed" });
  const renew = access.data?.actions.renew;
  const issue = access.data?.actions.issue;

  const plan = async () => {
    setState({ step: "planning" });
    try {
      const result = await postAction<BulkDryRunResult>("/api/certificates/renew", {
        selection: { filter },
        dryRun: true,
      });
      setState({ step: "confirm", plan: result });
    } catch (err) {
      setState({ step: "error", message: err instanceof ApiError ? err.message : String(err) });
    }
  };
  const run = async (p: BulkDryRunResult) => {
    setState({ step: "running", plan: p });
    try {
      const names = p.items.map(({ namespace, name }) => ({ namespace, name }));
      const result = await postAction<BulkRunResult>("/api/certificates/renew", { selection: { names } });
      setState({ step: "done", result });
    } catch (err) {
      setState({ step: "error", message: err instanceof ApiError ? err.message : String(err) });
    }
  };
  const close = () => {
    if (state.step === "done") void client.invalidateQueries({ queryKey: queryKeys.certificates.all });
    setState({ step: "closed" });
  };

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <Button
          data-testid="bulk-renew-button"
          disabled={!renew?.allowed}
          title={renew?.reason || undefined}
          onClick={plan}
        >
          Renew matching…
        </Button>
        {issue?.allowed ? (
          <Link href="/certificates/new" className={buttonClass("primary")} data-testid="issue-link">
            Issue certificate
          </Link>
        ) : (
          <Button variant="primary" disabled title={issue?.reason || undefined} data-testid="issue-link">
            Issue certificate
          </Button>
        )}
      </div>
      <DeniedReason reason={!renew?.allowed ? renew?.reason : !issue?.allowed ? issue?.reason : undefined} />
      <ActionDialog
        open={state.step !== "closed"}
        onClose={close}
        title="Renew matching certificates"
        testId="bulk-dialog"
        wide
      >
        {state.step === "planning" ? <p>Resolving the certificates that match the current filters…</p> : null}
        {state.step === "confirm" || state.step === "running" ? (
          <>
            <p data-testid="bulk-count">
              {state.plan.count === 0
                ? "No certificate matches the current filters."
                : `${state.plan.count} certificate${state.plan.count === 1 ? "" : "s"} will be renewed (4 at a time), each exactly as cmctl renew does.`}
            </p>
            {state.plan.warning ? (
              <Notice tone="warning" testId="bulk-acme-warning">
                {state.plan.warning}
              </Notice>
            ) : null}
            <ul className="scroll-thin max-h-48 overflow-y-auto rounded-lg border border-zinc-200 px-3 py-2 font-mono text-xs dark:border-zinc-800">
              {state.plan.items.map((t) => (
                <li key={`${t.namespace}/${t.name}`}>
                  {t.namespace}/{t.name}
                  {t.acme ? (
                    <span className="ml-2 font-sans text-amber-700 dark:text-amber-400">ACME</span>
                  ) : null}
                </li>
              ))}
            </ul>
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button
                variant="primary"
                data-testid="bulk-confirm"
                disabled={state.step === "running" || state.plan.count === 0}
                onClick={() => run(state.plan)}
              >
                {state.step === "running" ? `Renewing ${state.plan.count}…` : `Renew ${state.plan.count}`}
              </Button>
            </div>
          </>
        ) : null}
        {state.step === "done" ? (
          <>
            <Notice tone={state.result.failed ? "warning" : "success"} testId="bulk-summary">
              {state.result.succeeded} renewal{state.result.succeeded === 1 ? "" : "s"} triggered,{" "}
              {state.result.failed} failed. cert-manager now issues each new revision.
            </Notice>
            <ul className="scroll-thin max-h-60 space-y-1 overflow-y-auto text-xs" data-testid="bulk-results">
              {state.result.results.map((r) => (
                <li key={`${r.namespace}/${r.name}`} data-ok={String(r.ok)} className="flex gap-2">
                  <span className={r.ok ? "text-emerald-600" : "text-red-600"}>{r.ok ? "✓" : "✗"}</span>
                  <span className="font-mono">
                    {r.namespace}/{r.name}
                  </span>
                  {r.error ? <span className="text-red-700 dark:text-red-400">{r.error}</span> : null}
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button onClick={close}>Close</Button>
            </div>
          </>
        ) : null}
        {state.step === "error" ? (
          <>
            <Notice tone="error" testId="bulk-error">
              {state.message}
            </Notice>
            <div className="flex justify-end">
              <Button onClick={close}>Close</Button>
            </div>
          </>
        ) : null}
      </ActionDialog>
    </div>
  );
}

/** "Renew matching…" (bulk renew of the list's current filters) and "Issue certificate", for the list header. */
export function CertificateListActions() {
  return (
    <Suspense fallback={null}>
      <ListActions />
    </Suspense>
  );
}
