"use client";
import Link from "next/link";
import { useState } from "react";
import YAML from "yaml";
import { WorkloadList } from "@/components/trust/workload-list";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { useRotation, useRotationEndpoint, useRotationStep } from "@/lib/client/rotation";
import { formatDateTimeSeconds } from "@/lib/format";
import type { RotationView } from "@/lib/rotation/service";
import type { PlannedWrite, StepPreview } from "@/lib/rotation/steps";

const READS: Record<string, string> = {
  "ca-secret": "pins the CA's own Secret",
  bundle: "reads a trust Bundle",
  copy: "reads a copy of the CA",
};

function shortFp(fp: string | undefined): string {
  return fp ? `${fp.slice(0, 23)}…` : "—";
}

function WriteRow({ w }: { w: PlannedWrite }) {
  const where = w.namespace ? `${w.namespace}/${w.name}` : w.name;
  return (
    <li className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge
          tone={w.action === "delete" ? "red" : w.action === "check" || w.action === "wait" ? "gray" : "blue"}
        >
          {w.action}
        </Badge>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">
          {w.kind} <span className="font-mono break-all">{where}</span>
        </span>
      </div>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{w.note}</p>
      {w.body !== undefined ? (
        <pre className="mt-2 max-h-72 overflow-auto rounded-md bg-zinc-50 p-2 font-mono text-[11px] leading-snug text-zinc-800 dark:bg-zinc-950 dark:text-zinc-300">
          {YAML.stringify(w.body)}
        </pre>
      ) : null}
    </li>
  );
}

function Preview({ preview, testId }: { preview: StepPreview; testId: string }) {
  return (
    <ul className="mt-3 space-y-2" data-testid={testId}>
      {preview.writes.map((w) => (
        <WriteRow key={`${w.action}-${w.kind}-${w.namespace ?? ""}-${w.name}`} w={w} />
      ))}
    </ul>
  );
}

function PlanCard({ view }: { view: RotationView }) {
  const { plan, state } = view;
  const leaves =
    view.progress ??
    plan.leaves.map((l) => ({ namespace: l.namespace, name: l.name, signedBy: "old" as const }));
  return (
    <Card data-testid="rotation-plan">
      <CardHeader
        title="Plan"
        description="What the CA signed, who trusts it, and how each consumer reads it."
      />
      <div className="grid gap-5 px-5 pb-5 text-sm md:grid-cols-2">
        <section>
          <h3 className="font-medium text-zinc-900 dark:text-zinc-100">The CA</h3>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">
            {plan.ca.subject ?? "(no certificate)"} · Secret{" "}
            <span className="font-mono">{plan.ca.secretName}</span>
          </p>
          <p className="mt-0.5 font-mono text-xs text-zinc-500 break-all">
            SHA-256 {shortFp(plan.ca.fingerprint ?? state?.oldFingerprint)}
          </p>
          {state ? (
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">
              New CA: <span className="font-mono">{state.newCa.name}</span> (Secret{" "}
              <span className="font-mono">{state.newCa.secretName}</span>) · SHA-256{" "}
              <span className="font-mono text-xs">{shortFp(state.newFingerprint)}</span>
            </p>
          ) : null}
          <h3 className="mt-4 font-medium text-zinc-900 dark:text-zinc-100">Issuers signing with it</h3>
          <ul className="mt-1 text-zinc-600 dark:text-zinc-400">
            {(state?.issuers ?? plan.issuers).map((i) => (
              <li key={`${i.kind}/${i.namespace}/${i.name}`}>
                {i.kind}{" "}
                <span className="font-mono">
                  {i.namespace ? `${i.namespace}/` : ""}
                  {i.name}
                </span>
              </li>
            ))}
            {(state?.issuers ?? plan.issuers).length === 0 ? <li>none</li> : null}
          </ul>
        </section>
        <section>
          <h3 className="font-medium text-zinc-900 dark:text-zinc-100">What it signed ({leaves.length})</h3>
          <ul className="mt-1 space-y-0.5" data-testid="rotation-leaves">
            {leaves.map((l) => (
              <li key={`${l.namespace}/${l.name}`} className="flex items-center justify-between gap-2">
                <Link
                  className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                  href={`/certificates/${l.namespace}/${l.name}`}
                >
                  {l.namespace}/{l.name}
                </Link>
                <Badge
                  tone={l.signedBy === "new" ? "green" : l.signedBy === "old" ? "amber" : "gray"}
                  data-testid={`leaf-${l.name}`}
                >
                  {l.signedBy === "new" ? "new CA" : l.signedBy === "old" ? "old CA" : "other"}
                </Badge>
              </li>
            ))}
          </ul>
          <h3 className="mt-4 font-medium text-zinc-900 dark:text-zinc-100">Who trusts it</h3>
          <ul className="mt-1 space-y-1" data-testid="rotation-consumers">
            {(plan.consumers.length > 0 ? plan.consumers : []).map((c) => (
              <li key={`${c.namespace}/${c.name}`}>
                ApisixTls{" "}
                <span className="font-mono">
                  {c.namespace}/{c.name}
                </span>{" "}
                ({c.hosts.join(", ")}):{" "}
                <Badge tone={c.reads === "bundle" ? "green" : "amber"}>{READS[c.reads]}</Badge>{" "}
                <span className="font-mono text-xs text-zinc-500">
                  {c.caSecret.namespace}/{c.caSecret.name}
                </span>
              </li>
            ))}
            {plan.consumers.length === 0 && state
              ? state.consumers.map((c) => (
                  <li key={`${c.namespace}/${c.name}`}>
                    ApisixTls{" "}
                    <span className="font-mono">
                      {c.namespace}/{c.name}
                    </span>
                  </li>
                ))
              : null}
            <li className="text-zinc-500 dark:text-zinc-400">
              {plan.trustHolders.length} Secret(s) carry it in ca.crt
              {plan.bundles.length > 0 ? `; Bundles: ${plan.bundles.join(", ")}` : ""}
            </li>
          </ul>
        </section>
        <section className="md:col-span-2" data-testid="rotation-workloads">
          <h3 className="font-medium text-zinc-900 dark:text-zinc-100">
            Workloads mounting it ({view.workloads.workloads.length})
          </h3>
          <WorkloadList visibility={view.workloads} />
        </section>
        {plan.warnings.length > 0 ? (
          <ul
            className="space-y-1 text-amber-800 md:col-span-2 dark:text-amber-300"
            data-testid="rotation-warnings"
          >
            {plan.warnings.map((w) => (
              <li key={w}>⚠ {w}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}

/** `host:port` → parts (IPv6 in brackets), or undefined when it is not one. */
function parseEndpoint(text: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[0-9A-Za-z.-]+):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[2]);
  return m?.[1] && port >= 1 && port <= 65_535 ? { host: m[1], port } : undefined;
}

function EndpointRow({
  ca,
  consumer,
  current,
  gateway,
}: {
  ca: { namespace: string; name: string };
  consumer: { namespace: string; name: string };
  current?: { host: string; port: number };
  /** The configured gateway address, probed when no endpoint is given here. */
  gateway?: string;
}) {
  const save = useRotationEndpoint(ca.namespace, ca.name);
  const [text, setText] = useState(current ? `${current.host}:${current.port}` : "");
  const parsed = parseEndpoint(text);
  const key = `${consumer.namespace}/${consumer.name}`;
  return (
    <li className="flex flex-wrap items-center gap-2" data-testid={`endpoint-${consumer.name}`}>
      <span className="min-w-40 font-mono text-xs">ApisixTls {key}</span>
      <Input
        aria-label={`host:port of ApisixTls ${key}`}
        className="max-w-56 font-mono text-xs"
        placeholder="host:port"
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="endpoint-input"
      />
      <Button
        size="sm"
        disabled={!parsed || save.isPending}
        data-testid="endpoint-save"
        onClick={() => parsed && save.mutate({ consumer, endpoint: parsed })}
      >
        Save
      </Button>
      {current ? (
        <Button
          size="sm"
          variant="ghost"
          disabled={save.isPending}
          onClick={() => save.mutate({ consumer, endpoint: null }, { onSuccess: () => setText("") })}
        >
          Forget
        </Button>
      ) : null}
      <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="endpoint-state">
        {current
          ? `verify steps probe ${current.host}:${current.port}`
          : text && !parsed
            ? "host:port, e.g. gateway.example.local:9443"
            : gateway
              ? `verify steps probe the gateway ${gateway} (TRUSTDECK_GATEWAY_ADDRESS)`
              : "no endpoint known — chain check only"}
      </span>
      {save.error ? (
        <div className="w-full">
          <ErrorPanel error={save.error} />
        </div>
      ) : null}
    </li>
  );
}

/** Where the verify steps probe each consumer (a live handshake beside the chain checks). */
function EndpointsCard({ view }: { view: RotationView }) {
  const state = view.state;
  if (!state || state.consumers.length === 0) return null;
  return (
    <Card data-testid="rotation-endpoints">
      <CardHeader
        title="Probe endpoints"
        description="Where each consumer can be reached (host:port of the gateway serving its hosts). The verify steps then make a real TLS handshake there with each client certificate, besides checking the chains. Targets must be allowed by TRUSTDECK_PROBE_ALLOW."
      />
      <ul className="space-y-2 px-5 pb-5 text-sm">
        {state.consumers.map((c) => (
          <EndpointRow
            key={`${c.namespace}/${c.name}`}
            ca={view.ca}
            consumer={{ namespace: c.namespace, name: c.name }}
            current={state.endpoints?.[`${c.namespace}/${c.name}`]}
            {...(view.gateway ? { gateway: view.gateway } : {})}
          />
        ))}
      </ul>
    </Card>
  );
}

function ProbeLines({ view, step }: { view: RotationView; step: string }) {
  const probes = view.state?.probes?.[step as "verify-both" | "verify-new"];
  if (!probes || probes.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs" data-testid={`probe-${step}`}>
      {probes.flatMap((c) =>
        c.probe.words.map((w) => (
          <li
            key={`${c.namespace}/${c.name}/${w}`}
            className={c.probe.ok ? "text-zinc-600 dark:text-zinc-400" : "text-amber-800 dark:text-amber-300"}
          >
            <span className="font-mono">
              {c.namespace}/{c.name}
            </span>
            : {w}
          </li>
        )),
      )}
    </ul>
  );
}

function CheckCard({ view }: { view: RotationView }) {
  const check = view.check;
  if (!check) return null;
  return (
    <Card data-testid="rotation-check">
      <CardHeader
        title={`Trust now: ${check.ok ? "every consumer accepts every client" : "not yet"}`}
        description={
          check.expect === "both"
            ? "Each consumer must trust the old and the new CA."
            : "Each consumer must trust the new CA; every leaf must be signed by it."
        }
      />
      <ul className="space-y-1 px-5 pb-5 text-sm">
        {check.consumers.map((c) => (
          <li key={`${c.namespace}/${c.name}`} className="flex flex-wrap items-center gap-2">
            <span className="font-mono">
              {c.namespace}/{c.name}
            </span>
            <Badge tone={c.trustsOld ? "blue" : "gray"}>{c.trustsOld ? "trusts old" : "not old"}</Badge>
            <Badge tone={c.trustsNew ? "green" : "amber"}>{c.trustsNew ? "trusts new" : "not new"}</Badge>
            <span className="text-xs text-zinc-500">
              {c.clients.filter((x) => x.valid).length}/{c.clients.length} client chains verify
            </span>
          </li>
        ))}
        {check.failures.map((f) => (
          <li key={f} className="text-amber-800 dark:text-amber-300">
            {f}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The CA rotation wizard: plan, steps (each previewed, applied on confirm, undoable), trust now. */
export function RotationWizard({ namespace, name }: { namespace: string; name: string }) {
  const step = useRotationStep(namespace, name);
  const query = useRotation(namespace, name, step.isPending);
  const [confirming, setConfirming] = useState(false);
  const [showUndo, setShowUndo] = useState(false);
  const view = query.data;

  return (
    <div className="space-y-5" data-testid="rotation-wizard">
      <PageHeader
        eyebrow={
          <Link className="hover:underline" href={`/certificates/${namespace}/${name}`}>
            Certificate {namespace}/{name}
          </Link>
        }
        title={`Rotate CA ${name}`}
        description="Issue the new CA beside the old, distribute both, re-issue every leaf, then drop and retire the old CA. Every step is previewed, recorded as an Event, and (but the last) can be undone. The state lives in the cluster: ConfigMap trustdeck-rotation-<ca>."
      />
      {query.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : query.error || !view ? (
        <ErrorPanel error={query.error} />
      ) : (
        <>
          <PlanCard view={view} />
          <EndpointsCard view={view} />
          <Card data-testid="rotation-steps">
            <CardHeader
              title="Steps"
              description={
                view.state
                  ? `Started by ${view.state.startedBy} at ${formatDateTimeSeconds(view.state.startedAt)}`
                  : "Not started."
              }
            />
            <ol className="space-y-3 px-5 pb-5">
              {view.steps.map((s, i) => (
                <li
                  key={s.id}
                  className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
                  data-testid={`step-${s.id}`}
                  data-status={s.status}
                >
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="font-medium text-zinc-900 dark:text-zinc-100">
                      {i + 1}. {s.title}
                    </div>
                    <Badge tone={s.status === "done" ? "green" : s.status === "next" ? "blue" : "gray"}>
                      {s.status === "done" ? "done" : s.status === "next" ? "next" : "waiting"}
                    </Badge>
                  </div>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{s.what}</p>
                  {s.record ? (
                    <p
                      className="mt-1 break-all text-xs text-zinc-500 dark:text-zinc-400"
                      data-testid={`record-${s.id}`}
                    >
                      {s.record.status} by <span className="font-medium">{s.record.who}</span> at{" "}
                      {formatDateTimeSeconds(s.record.at)}
                      {s.record.detail ? ` — ${s.record.detail}` : ""}
                    </p>
                  ) : null}
                  {s.id === "verify-both" || s.id === "verify-new" ? (
                    <ProbeLines view={view} step={s.id} />
                  ) : null}
                  {s.status === "next" && view.next ? (
                    <div className="mt-2">
                      <Preview preview={view.next} testId="step-preview" />
                      <div className="mt-3 flex flex-wrap items-center gap-2">
                        {confirming ? (
                          <>
                            <Button
                              variant={s.id === "retire" ? "danger" : "primary"}
                              data-testid="confirm-step"
                              disabled={step.isPending}
                              onClick={() =>
                                step.mutate(
                                  { step: s.id, direction: "apply" },
                                  { onSettled: () => setConfirming(false) },
                                )
                              }
                            >
                              {step.isPending ? "Applying…" : `Confirm: ${s.title}`}
                            </Button>
                            <Button
                              variant="ghost"
                              onClick={() => setConfirming(false)}
                              disabled={step.isPending}
                            >
                              Cancel
                            </Button>
                          </>
                        ) : (
                          <Button
                            variant="primary"
                            data-testid="apply-step"
                            onClick={() => setConfirming(true)}
                          >
                            Apply this step…
                          </Button>
                        )}
                      </div>
                    </div>
                  ) : null}
                  {view.undo && view.undo.step === s.id ? (
                    <div className="mt-2">
                      {showUndo ? (
                        <>
                          <Preview preview={view.undo} testId="undo-preview" />
                          <div className="mt-2 flex gap-2">
                            <Button
                              data-testid="confirm-undo"
                              disabled={step.isPending}
                              onClick={() =>
                                step.mutate(
                                  { step: s.id, direction: "undo" },
                                  { onSettled: () => setShowUndo(false) },
                                )
                              }
                            >
                              {step.isPending ? "Undoing…" : "Confirm undo"}
                            </Button>
                            <Button variant="ghost" onClick={() => setShowUndo(false)}>
                              Cancel
                            </Button>
                          </div>
                        </>
                      ) : (
                        <Button
                          size="sm"
                          variant="ghost"
                          data-testid="undo-step"
                          onClick={() => setShowUndo(true)}
                        >
                          Undo this step…
                        </Button>
                      )}
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
            {step.error ? (
              <div className="px-5 pb-5" data-testid="step-error">
                <ErrorPanel error={step.error} />
              </div>
            ) : null}
            {view.complete ? (
              <p
                className="px-5 pb-5 font-medium text-emerald-700 text-sm dark:text-emerald-400"
                data-testid="rotation-complete"
              >
                Rotation complete: the old CA is retired.
              </p>
            ) : null}
          </Card>
          <CheckCard view={view} />
        </>
      )}
    </div>
  );
}
