"use client";

import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, Notice } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input, TextArea } from "@/components/ui/field";
import { mtlsToggleSchema } from "@/lib/apisix/schemas";
import type {
  ApisixTlsSummary,
  ClientCertVerdict,
  GatewayMatrixDto,
  MtlsPreviewDto,
} from "@/lib/apisix/types";
import { useMtlsPreview, useSetTlsMtls } from "@/lib/client/gateway";
import { IssueList } from "./issue-list";
import { SecretPicker } from "./secret-picker";

type Step = "form" | "preview" | "confirm";

function VerdictList({
  title,
  items,
  tone,
  testId,
}: {
  title: string;
  items: ClientCertVerdict[];
  tone: "green" | "red";
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <h3
        className={`mb-1.5 font-medium text-xs ${tone === "green" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
      >
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="text-xs text-zinc-500">none</p>
      ) : (
        <ul className="space-y-1">
          {items.map((v) => (
            <li
              key={`${v.namespace}/${v.secretName}`}
              data-testid="client-cert"
              data-secret={`${v.namespace}/${v.secretName}`}
              className="rounded-md border border-zinc-200 px-2.5 py-1.5 text-xs dark:border-zinc-800"
            >
              <span className="font-mono">
                {v.namespace}/{v.secretName}
              </span>
              {v.certificate ? <span className="text-zinc-500"> · Certificate {v.certificate}</span> : null}
              <div className="text-zinc-500">
                {v.subject} — {v.reason}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The spec diff shown before applying: changed paths, then before / after side by side. */
export function SpecDiff({ preview }: { preview: MtlsPreviewDto }) {
  return (
    <div data-testid="mtls-diff" className="space-y-3">
      <ul className="space-y-1 font-mono text-xs">
        {preview.changes.map((c) => (
          <li key={c.path} data-testid="diff-line">
            {c.before !== undefined ? (
              <div className="rounded bg-red-50 px-2 py-0.5 text-red-800 dark:bg-red-500/10 dark:text-red-300">
                − spec.{c.path}: {JSON.stringify(c.before)}
              </div>
            ) : null}
            {c.after !== undefined ? (
              <div className="rounded bg-emerald-50 px-2 py-0.5 text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300">
                + spec.{c.path}: {JSON.stringify(c.after)}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="grid gap-3 md:grid-cols-2">
        {(["before", "after"] as const).map((k) => (
          <div key={k}>
            <div className="mb-1 text-xs text-zinc-500">spec {k}</div>
            <pre className="overflow-x-auto rounded-lg bg-zinc-50 p-2.5 text-[11px] dark:bg-zinc-950">
              {JSON.stringify(preview[k], null, 2)}
            </pre>
          </div>
        ))}
      </div>
    </div>
  );
}

function sameClient(tls: ApisixTlsSummary | undefined, after: Record<string, unknown>): boolean {
  const want = after.client as
    | { caSecret: { name: string; namespace: string }; depth?: number; skip_mtls_uri_regex?: string[] }
    | undefined;
  if (!tls) return false;
  if (!want) return tls.client === undefined;
  return (
    tls.client?.caSecret.name === want.caSecret.name &&
    tls.client.caSecret.namespace === want.caSecret.namespace &&
    (tls.client.depth ?? 1) === (want.depth ?? 1) &&
    JSON.stringify(tls.client.skipMtlsUriRegex) === JSON.stringify(want.skip_mtls_uri_regex ?? [])
  );
}

/**
 * Toggle flow for one ApisixTls: choose CA Secret, depth and skip regexes → preview (who gets in,
 * who is locked out, warnings) → confirmation with the object diff → apply → success only after
 * a 2xx and a re-read that shows the change. Preview and apply are mutations of the data layer.
 */
export function MtlsToggleDialog({
  tls,
  enable,
  matrix,
  onClose,
}: {
  tls: ApisixTlsSummary;
  enable: boolean;
  matrix: GatewayMatrixDto;
  onClose: () => void;
}) {
  const ids = { ca: useId(), depth: useId(), regex: useId(), reason: useId() };
  const defaultCa =
    tls.client?.caSecret ??
    matrix.caSecretCandidates.find((c) => c.name === "root-secret") ??
    matrix.caSecretCandidates.find((c) => c.isCA);
  const [ca, setCa] = useState(
    defaultCa ? `${defaultCa.namespace}/${defaultCa.name}` : `${tls.namespace}/root-secret`,
  );
  const [depth, setDepth] = useState(String(tls.client?.depth ?? 1));
  const [regexText, setRegexText] = useState((tls.client?.skipMtlsUriRegex ?? []).join("\n"));
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<Step>(enable ? "form" : "preview");
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const preview = useMtlsPreview(tls);
  const apply = useSetTlsMtls(tls);

  const body = () => {
    if (!enable) return { enabled: false, ...(reason ? { reason } : {}) };
    const [namespace = "", name = ""] = ca.split("/");
    return {
      enabled: true,
      caSecret: { namespace, name },
      depth: Number(depth),
      skipMtlsUriRegex: regexText
        .split("\n")
        .map((s) => s.trim())
        .filter(Boolean),
      ...(reason ? { reason } : {}),
    };
  };

  const runPreview = () => {
    apply.reset();
    const parsed = mtlsToggleSchema.safeParse(body());
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      return;
    }
    setIssues([]);
    preview.mutate(parsed.data, { onSuccess: () => setStep("preview") });
  };

  const result = preview.data;
  const verified =
    apply.isSuccess && result
      ? sameClient(apply.data, result.after)
        ? apply.data?.client
          ? `Re-read: spec.client trusts ${apply.data.client.caSecret.namespace}/${apply.data.client.caSecret.name}, depth ${apply.data.client.depth ?? 1}.`
          : "Re-read: spec.client is gone."
        : undefined
      : undefined;
  const notVisibleYet = apply.isSuccess && !verified;
  const done = apply.isSuccess && !!verified;
  const lockedOut = result?.lockedOut.length ?? 0;

  // Turning off needs no form: load the preview on open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on open
  useEffect(() => {
    if (!enable) runPreview();
  }, []);

  const title = `${enable ? "Turn client mTLS on" : "Turn client mTLS off"}: ${tls.namespace}/${tls.name}`;
  let footer = null;
  if (done)
    footer = (
      <Button variant="primary" onClick={onClose} data-testid="mtls-close-button">
        Close
      </Button>
    );
  else if (step === "form")
    footer = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="primary"
          onClick={runPreview}
          disabled={preview.isPending}
          data-testid="mtls-preview-button"
        >
          {preview.isPending ? "Computing…" : "Preview impact"}
        </Button>
      </>
    );
  else if (step === "preview" && result)
    footer = (
      <>
        <Button onClick={() => (enable ? setStep("form") : onClose())}>{enable ? "Back" : "Cancel"}</Button>
        <Button variant="primary" onClick={() => setStep("confirm")} data-testid="mtls-continue-button">
          Continue
        </Button>
      </>
    );
  else if (step === "confirm")
    footer = (
      <>
        <Button onClick={() => setStep("preview")} disabled={apply.isPending}>
          Back
        </Button>
        <Button
          variant={enable ? "primary" : "danger"}
          onClick={() => apply.mutate(body())}
          disabled={apply.isPending}
          data-testid="mtls-apply-button"
        >
          {apply.isPending
            ? "Applying…"
            : enable && lockedOut > 0
              ? `Apply and lock out ${lockedOut} client${lockedOut === 1 ? "" : "s"}`
              : "Apply change"}
        </Button>
      </>
    );

  return (
    <Dialog title={title} onClose={onClose} footer={footer} testId="mtls-dialog" size="xl">
      <p className="text-xs text-zinc-500">Hosts: {tls.hosts.join(", ")}</p>
      {step === "form" && !done ? (
        <div className="grid gap-4 md:grid-cols-2">
          <SecretPicker
            id={ids.ca}
            label="CA Secret (caSecret)"
            value={ca}
            onChange={setCa}
            candidates={matrix.caSecretCandidates}
            testId="mtls-ca"
            optionLabel={(c) => `${c.namespace}/${c.name} ${c.isCA ? "(CA)" : "(leaf — not a CA)"}`}
          />
          <Field id={ids.depth} label="Depth (1–10)">
            <Input
              id={ids.depth}
              type="number"
              min={1}
              max={10}
              value={depth}
              onChange={(e) => setDepth(e.target.value)}
              data-testid="mtls-depth-input"
            />
          </Field>
          <Field id={ids.regex} label="skip_mtls_uri_regex (one per line)" className="md:col-span-2">
            <TextArea
              id={ids.regex}
              className="font-mono text-xs"
              rows={3}
              value={regexText}
              onChange={(e) => setRegexText(e.target.value)}
              data-testid="mtls-regex-input"
            />
          </Field>
          <Field id={ids.reason} label="Why (recorded in the Event)" className="md:col-span-2">
            <Input
              id={ids.reason}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={256}
            />
          </Field>
          <IssueList issues={issues} testId="mtls-issues" />
        </div>
      ) : null}

      {step === "preview" && !result && !preview.error ? (
        <p className="text-zinc-500">Computing the impact…</p>
      ) : null}
      {step === "preview" && result ? (
        <div className="space-y-4" data-testid="mtls-preview">
          {enable ? (
            <Notice tone="warning" testId="mtls-outside-warning">
              With client mTLS on, APISIX rejects <strong>every client that presents no certificate</strong>{" "}
              (browsers, partners, monitoring) and every client whose certificate was not issued under the
              trusted CA — including certificates made outside this cluster, which this preview cannot see.
              The lists below only cover the client certificates stored as Secrets in the cluster.
            </Notice>
          ) : null}
          {result.warnings.map((w) => (
            <div
              key={w.code}
              role="alert"
              data-testid="mtls-warning"
              data-code={w.code}
              className="rounded-lg border border-amber-300/70 bg-amber-50 px-3 py-2 text-amber-900 text-xs dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200"
            >
              {w.message}
            </div>
          ))}
          {result.trustedCa ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              APISIX would trust <span className="font-mono">{result.trustedCa.subject}</span> (valid until{" "}
              {result.trustedCa.notAfter.slice(0, 10)}).
            </p>
          ) : null}
          <div className="grid gap-4 md:grid-cols-2">
            <VerdictList title="Will get in" items={result.getsIn} tone="green" testId="mtls-gets-in" />
            <VerdictList
              title="Will be locked out"
              items={result.lockedOut}
              tone="red"
              testId="mtls-locked-out"
            />
          </div>
        </div>
      ) : null}

      {step === "confirm" && result && !done ? (
        <div className="space-y-3" data-testid="mtls-confirm">
          {enable ? (
            <p className="text-xs text-red-700 dark:text-red-400" data-testid="mtls-confirm-lockout">
              {lockedOut} in-cluster client certificate{lockedOut === 1 ? "" : "s"} will be locked out, and
              every client without a certificate will be rejected.
            </p>
          ) : null}
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            This replaces <span className="font-mono">spec</span> of ApisixTls {tls.namespace}/{tls.name} as
            below. An Event records who, what and why.
          </p>
          <SpecDiff preview={result} />
        </div>
      ) : null}

      {done ? (
        <Notice tone="success" testId="mtls-success">
          Applied and verified. {verified}
        </Notice>
      ) : null}
      {notVisibleYet ? (
        <ErrorPanel
          error={
            new Error("The API accepted the change, but a re-read does not show it yet. Reload and check.")
          }
        />
      ) : null}

      {preview.error || apply.error ? <ErrorPanel error={preview.error ?? apply.error} /> : null}
    </Dialog>
  );
}
