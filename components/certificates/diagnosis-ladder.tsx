"use client";

import Link from "next/link";
import { inCluster } from "@/components/links";
import { Badge } from "@/components/ui/badge";
import { QueryCard } from "@/components/ui/query-card";
import { usePageCluster } from "@/lib/client/cluster";
import { useDiagnosis } from "@/lib/client/inventory";
import type { Diagnosis, StepResult, StepState } from "@/lib/doctor/types";
import { formatDateTime, formatRelative, type Tone } from "@/lib/format";

const STATE_LABEL: Record<StepState, string> = {
  done: "done",
  current: "current",
  failing: "failing",
  "not-reached": "not reached",
  skipped: "n/a",
};
const STATE_TONE: Record<StepState, Tone> = {
  done: "green",
  current: "blue",
  failing: "red",
  "not-reached": "gray",
  skipped: "gray",
};
const DOT: Record<StepState, string> = {
  done: "bg-emerald-500 ring-emerald-500/30",
  current: "bg-sky-500 ring-sky-500/30",
  failing: "bg-red-500 ring-red-500/30",
  "not-reached": "bg-zinc-300 ring-zinc-300/30 dark:bg-zinc-600 dark:ring-zinc-600/30",
  skipped: "bg-zinc-200 ring-zinc-200/30 dark:bg-zinc-700 dark:ring-zinc-700/30",
};

function duration(seconds: number | undefined) {
  if (seconds === undefined) return "";
  if (seconds < 90) return `${seconds}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/**
 * Link to the page listing an object of this kind, when Trustdeck has one; filtered to the
 * certificate's cluster when its page names one (a fleet).
 */
function objectHref(o: NonNullable<StepResult["object"]>, cluster?: string) {
  if (o.kind === "CertificateRequest") return inCluster(`/requests?q=${encodeURIComponent(o.name)}`, cluster);
  if (o.kind === "Issuer" || o.kind === "ClusterIssuer") return inCluster("/issuers", cluster);
  if (o.kind === "Secret") return inCluster(`/secrets?q=${encodeURIComponent(o.name)}`, cluster);
  return undefined;
}

function Step({ step, verdict, cluster }: { step: StepResult; verdict: boolean; cluster?: string }) {
  const open = step.state === "failing" || step.state === "current";
  const href = step.object ? objectHref(step.object, cluster) : undefined;
  return (
    <li
      className="relative flex gap-3 pb-4 last:pb-0"
      data-testid="ladder-step"
      data-step={step.id}
      data-state={step.state}
      aria-current={verdict ? "step" : undefined}
    >
      <span className={`mt-1.5 size-2.5 shrink-0 rounded-full ring-4 ${DOT[step.state]}`} aria-hidden />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span
            className={`font-medium text-sm ${step.state === "not-reached" || step.state === "skipped" ? "text-zinc-400 dark:text-zinc-500" : "text-zinc-900 dark:text-zinc-100"}`}
          >
            {step.title}
          </span>
          <Badge tone={STATE_TONE[step.state]} data-testid="ladder-step-state">
            {STATE_LABEL[step.state]}
          </Badge>
          {step.reason && step.state !== "not-reached" ? (
            <span
              className="font-mono text-xs text-zinc-500 dark:text-zinc-400"
              data-testid="ladder-step-reason"
            >
              {step.reason}
            </span>
          ) : null}
        </div>
        {step.summary && step.state !== "not-reached" ? (
          <p className="mt-0.5 break-words text-sm text-zinc-600 dark:text-zinc-300">
            {step.summary}
            {step.object && href ? (
              <>
                {" "}
                <Link href={href} className="text-sky-700 hover:underline dark:text-sky-400">
                  {step.object.kind} {step.object.name}
                </Link>
              </>
            ) : null}
          </p>
        ) : null}
        {step.challenges && step.challenges.length > 0 && step.state !== "not-reached" ? (
          <ul className="mt-2 space-y-1" data-testid="ladder-challenges">
            {step.challenges.map((c) => (
              <li
                key={c.name}
                className="text-xs text-zinc-600 dark:text-zinc-400"
                data-testid="ladder-challenge"
              >
                <span className="font-mono">{c.type}</span> {c.dnsName} · presented{" "}
                {c.presented ? "yes" : "no"} · self check {c.selfCheck ?? "—"} · state {c.state ?? "—"}
                {c.authorizationURL ? (
                  <span className="block truncate font-mono text-zinc-400">{c.authorizationURL}</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {open && step.fix ? (
          <p
            className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200"
            data-testid="ladder-fix"
          >
            <span className="font-semibold">Fix: </span>
            {step.fix}
          </p>
        ) : null}
        {open && step.evidence.length > 0 ? (
          <details className="mt-2 text-xs" data-testid="ladder-evidence">
            <summary className="cursor-pointer text-zinc-500 dark:text-zinc-400">
              Evidence ({step.evidence.length})
            </summary>
            <ul className="mt-1 space-y-1">
              {step.evidence.map((e) => (
                <li
                  key={`${e.source}|${e.label}|${e.at ?? ""}|${e.message ?? ""}`}
                  className="break-words text-zinc-600 dark:text-zinc-400"
                >
                  <span className="font-medium">{e.source}</span> · {e.label}
                  {e.message ? `: ${e.message}` : ""}
                  {e.at ? <span className="text-zinc-400"> ({formatDateTime(e.at)})</span> : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </li>
  );
}

function Verdict({ d }: { d: Diagnosis }) {
  const tone: Tone =
    d.state === "ready"
      ? "green"
      : d.state === "progressing"
        ? "blue"
        : d.state === "waiting"
          ? "amber"
          : "red";
  return (
    <div
      className="space-y-1 border-zinc-200 border-b px-5 py-3 dark:border-zinc-800"
      data-testid="diagnosis-verdict"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={tone} dot data-testid="diagnosis-state">
          {d.state}
        </Badge>
        <span className="font-medium text-sm" data-testid="diagnosis-summary">
          {d.summary}
        </span>
      </div>
      {d.since && d.state !== "ready" ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="diagnosis-since">
          In this state since {formatDateTime(d.since)} ({formatRelative(d.since)}
          {d.stuckForSeconds !== undefined ? `, ${duration(d.stuckForSeconds)}` : ""})
        </p>
      ) : null}
      {d.trigger && d.state !== "ready" ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="diagnosis-trigger">
          cert-manager says: <span className="font-mono">{d.trigger.reason}</span>
          {d.trigger.message ? ` — ${d.trigger.message}` : ""}
          {d.step ? " (why it issues, not why it is stuck)" : ""}
        </p>
      ) : null}
    </div>
  );
}

/** The issuance doctor on the certificate page: verdict, then cert-manager's steps as a ladder. */
export function DiagnosisLadder({ namespace, name }: { namespace: string; name: string }) {
  const query = useDiagnosis(namespace, name);
  const cluster = usePageCluster();
  return (
    <section id="diagnosis" aria-label="Issuance" className="scroll-mt-20" data-testid="diagnosis">
      <QueryCard
        title="Issuance"
        description="cert-manager's steps, in order: where this certificate is, what failed, and the fix."
        query={query}
      >
        {(data) => (
          <>
            <Verdict d={data} />
            <ol className="px-5 py-4" data-testid="ladder">
              {data.steps.map((s) => (
                <Step key={s.id} step={s} verdict={s.id === data.step} cluster={cluster} />
              ))}
            </ol>
          </>
        )}
      </QueryCard>
    </section>
  );
}
