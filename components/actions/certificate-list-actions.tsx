"use client";

import Link from "next/link";
import { Suspense, useId, useMemo, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { ClusterBadge } from "@/components/ui/cluster";
import { DeniedReason, Dialog, Notice } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { useUrlParams } from "@/components/ui/use-url-params";
import type { BulkDryRunResult, BulkTarget } from "@/lib/actions/types";
import { useBulkRenew, useBulkRenewPlan } from "@/lib/client/actions";
import { useAccess } from "@/lib/client/cluster";
import { useCertificateFeed } from "@/lib/client/inventory";
import type { CertificateRow } from "@/lib/types";
import { BlastRadius } from "./blast-radius";
import { excludedBecause } from "./bulk-selection";

/** A target's key: `namespace/name`, `cluster|` first when it carries a cluster (several clusters). */
const key = (t: { cluster?: string; namespace: string; name: string }) =>
  `${t.cluster ? `${t.cluster}|` : ""}${t.namespace}/${t.name}`;

/** What a target is called on screen: its cluster's badge (several clusters) and `namespace/name`. */
function TargetName({ t }: { t: { cluster?: string; namespace: string; name: string } }) {
  return (
    <>
      {t.cluster ? <ClusterBadge cluster={t.cluster} /> : null}
      <span className="font-mono">
        {t.namespace}/{t.name}
      </span>
    </>
  );
}

function BulkItem({
  t,
  row,
  checked,
  onToggle,
}: {
  t: BulkTarget;
  row: CertificateRow | undefined;
  checked: boolean;
  onToggle: (on: boolean) => void;
}) {
  const id = useId();
  const why = excludedBecause(row);
  return (
    <li data-testid="bulk-item" data-name={key(t)} data-checked={String(checked)} data-excluded={why ?? ""}>
      <label htmlFor={id} className="flex cursor-pointer items-start gap-2 py-0.5">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 size-3.5 accent-sky-600"
          checked={checked}
          onChange={(e) => onToggle(e.target.checked)}
          data-testid="bulk-item-check"
        />
        <TargetName t={t} />
        {why === "ca" ? (
          <span className="font-sans text-red-700 dark:text-red-400">
            CA — new CA certificate for everything it signed
          </span>
        ) : null}
        {why === "stuck" ? (
          <span className="font-sans text-amber-700 dark:text-amber-400">
            not Ready ({row?.readyReason ?? "unknown"}) — renewing will not fix it
          </span>
        ) : null}
        {t.acme ? <span className="font-sans text-amber-700 dark:text-amber-400">ACME</span> : null}
      </label>
    </li>
  );
}

/** The confirm step of a bulk renew: every item can be unticked; CAs and stuck ones start unticked. */
function BulkPlan({
  plan,
  rows,
  running,
  onCancel,
  onRun,
}: {
  plan: BulkDryRunResult;
  rows: Map<string, CertificateRow>;
  running: boolean;
  onCancel: () => void;
  onRun: (names: { cluster?: string; namespace: string; name: string }[]) => void;
}) {
  const [ticked, setTicked] = useState<Set<string>>(
    () => new Set(plan.items.filter((t) => !excludedBecause(rows.get(key(t)))).map(key)),
  );
  const [typed, setTyped] = useState<Record<string, string>>({});
  const typedId = useId();
  const chosen = plan.items.filter((t) => ticked.has(key(t)));
  const cas = chosen.filter((t) => rows.get(key(t))?.isCA);
  const excluded = plan.items.filter((t) => !ticked.has(key(t)) && excludedBecause(rows.get(key(t))));
  const confirmed = cas.every((t) => (typed[key(t)] ?? "").trim() === t.name);

  return (
    <>
      <p data-testid="bulk-count">
        {plan.count === 0
          ? "No certificate matches the current filters."
          : `${plan.count} certificate${plan.count === 1 ? "" : "s"} match; ${chosen.length} ticked will be renewed (4 at a time), each exactly as cmctl renew does.`}
      </p>
      {excluded.length ? (
        <Notice tone="info" testId="bulk-excluded">
          Not ticked by default:{" "}
          {excluded.map((t) => `${t.cluster ? `${t.cluster}: ` : ""}${t.namespace}/${t.name}`).join(", ")}.
          CAs would get a new CA certificate (and key) that everything they signed must pick up; stuck
          certificates fail for a reason renewing does not fix. Tick them to include them anyway.
        </Notice>
      ) : null}
      {plan.warning ? (
        <Notice tone="warning" testId="bulk-acme-warning">
          {plan.warning}
        </Notice>
      ) : null}
      <ul className="scroll-thin max-h-56 overflow-y-auto rounded-lg border border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
        {plan.items.map((t) => (
          <BulkItem
            key={key(t)}
            t={t}
            row={rows.get(key(t))}
            checked={ticked.has(key(t))}
            onToggle={(on) =>
              setTicked((prev) => {
                const next = new Set(prev);
                if (on) next.add(key(t));
                else next.delete(key(t));
                return next;
              })
            }
          />
        ))}
      </ul>
      {cas.map((t, i) => (
        <div key={key(t)} className="space-y-2">
          <BlastRadius namespace={t.namespace} name={t.name} cluster={t.cluster} isCA />
          <Field
            id={`${typedId}-${i}`}
            label={
              <>
                Type <span className="font-mono">{t.name}</span> to renew this CA
              </>
            }
          >
            <Input
              id={`${typedId}-${i}`}
              value={typed[key(t)] ?? ""}
              autoComplete="off"
              onChange={(e) => setTyped((prev) => ({ ...prev, [key(t)]: e.target.value }))}
              data-testid="bulk-ca-confirm"
              data-name={key(t)}
            />
          </Field>
        </div>
      ))}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          variant="primary"
          data-testid="bulk-confirm"
          disabled={running || chosen.length === 0 || !confirmed}
          onClick={() =>
            onRun(
              chosen.map(({ cluster, namespace, name }) => ({
                ...(cluster ? { cluster } : {}),
                namespace,
                name,
              })),
            )
          }
        >
          {running ? `Renewing ${chosen.length}…` : `Renew ${chosen.length}`}
        </Button>
      </div>
    </>
  );
}

function ListActions() {
  const { get } = useUrlParams();
  const filter = { namespace: get("namespace"), q: get("q"), issuer: get("issuer"), state: get("state") };
  const access = useAccess(filter.namespace);
  const [open, setOpen] = useState(false);
  const plan = useBulkRenewPlan();
  const bulk = useBulkRenew();
  // Every row the browser holds (the plan names the rows to renew; they are looked up by key).
  const list = useCertificateFeed();
  const rows = useMemo(() => new Map((list.data?.rows ?? []).map((r) => [key(r), r])), [list.data]);
  const renew = access.data?.actions.renew;
  const issue = access.data?.actions.issue;

  const start = () => {
    bulk.reset();
    plan.reset();
    setOpen(true);
    // The list's cluster filter (several clusters) narrows the plan to that cluster.
    plan.mutate({ selection: { filter }, cluster: get("cluster") });
  };
  const close = () => setOpen(false);
  const failed = plan.error ?? bulk.error;

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <Button
          data-testid="bulk-renew-button"
          disabled={!renew?.allowed}
          title={renew?.reason || undefined}
          onClick={start}
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
      <Dialog open={open} onClose={close} title="Renew matching certificates" testId="bulk-dialog" size="lg">
        {plan.isPending || (plan.isSuccess && list.isPending) ? (
          <p>Resolving the certificates that match the current filters…</p>
        ) : null}
        {plan.data && !list.isPending && !bulk.data && !failed ? (
          <BulkPlan
            plan={plan.data}
            rows={rows}
            running={bulk.isPending}
            onCancel={close}
            onRun={(names) => bulk.mutate(names)}
          />
        ) : null}
        {bulk.data ? (
          <>
            <Notice tone={bulk.data.failed ? "warning" : "success"} testId="bulk-summary">
              {bulk.data.succeeded} renewal{bulk.data.succeeded === 1 ? "" : "s"} triggered,{" "}
              {bulk.data.failed} failed. cert-manager now issues each new revision.
            </Notice>
            <ul className="scroll-thin max-h-60 space-y-1 overflow-y-auto text-xs" data-testid="bulk-results">
              {bulk.data.results.map((r) => (
                <li key={key(r)} data-ok={String(r.ok)} className="flex gap-2">
                  <span className={r.ok ? "text-emerald-600" : "text-red-600"}>{r.ok ? "✓" : "✗"}</span>
                  <TargetName t={r} />
                  {r.error ? <span className="text-red-700 dark:text-red-400">{r.error}</span> : null}
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button onClick={close}>Close</Button>
            </div>
          </>
        ) : null}
        {failed ? (
          <>
            <Notice tone="error" testId="bulk-error">
              {failed.message}
            </Notice>
            <div className="flex justify-end">
              <Button onClick={close}>Close</Button>
            </div>
          </>
        ) : null}
      </Dialog>
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
