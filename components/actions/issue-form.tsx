"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DeniedReason, Notice } from "@/components/ui/dialog";
import { controlClass, Field } from "@/components/ui/field";
import { buildCertificate, toYaml } from "@/lib/actions/build-certificate";
import { fieldOf, formToInput, type IssueFormState, initialIssueForm } from "@/lib/actions/issue-form-model";
import {
  type IssueInput,
  issueInputSchema,
  issueProblems,
  KEY_ALGORITHMS,
  KEY_SIZES,
  type KeyAlgorithm,
  USAGE_PRESETS,
  type UsagePreset,
} from "@/lib/actions/issue-schema";
import type { IssueResult } from "@/lib/actions/types";
import { ApiError } from "@/lib/api-client";
import { useIssueCertificate } from "@/lib/client/actions";
import { useAccess } from "@/lib/client/cluster";
import { useCertificate, useIssuers } from "@/lib/client/inventory";
import type { CertificateDetail } from "@/lib/types";

const input = `${controlClass} w-full px-2.5`;
const area = `${controlClass} h-auto min-h-16 w-full px-2.5 py-1.5`;

type Phase =
  | { step: "editing" }
  | { step: "sending" }
  | { step: "following"; result: IssueResult; since: number }
  | { step: "ready"; detail: CertificateDetail }
  | { step: "failed"; reason?: string; message: string };

function Follow({ result, onDone }: { result: IssueResult; onDone: (p: Phase) => void }) {
  const { data } = useCertificate(result.namespace, result.name, { refetchInterval: 1000 });
  const ready = data?.conditions.find((c) => c.type === "Ready");
  const issuing = data?.conditions.find((c) => c.type === "Issuing");
  useEffect(() => {
    if (data && data.row.ready === "True" && !data.row.issuing) onDone({ step: "ready", detail: data });
    else if (issuing?.status === "False" && issuing.reason === "Failed")
      onDone({ step: "failed", reason: issuing.reason, message: issuing.message ?? "" });
    else if (data && !data.row.issuing && ready?.status === "False")
      onDone({ step: "failed", reason: ready.reason, message: ready.message ?? "" });
  }, [data, issuing, ready, onDone]);
  return (
    <Notice tone="info" testId="issue-progress">
      Created {result.namespace}/{result.name}; waiting for cert-manager to issue it…{" "}
      {ready ? (
        <span className="font-mono text-xs">
          (Ready={ready.status}
          {ready.reason ? ` ${ready.reason}` : ""})
        </span>
      ) : null}
    </Notice>
  );
}

/**
 * The issue form: every Certificate field, the issuer picked from Ready Issuers/ClusterIssuers,
 * the shared zod schema run on each change (errors under each field before anything is sent),
 * a live YAML preview, then following the new Certificate until Ready or failed.
 */
export function IssueForm() {
  const [form, setForm] = useState<IssueFormState>(initialIssueForm);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<{ path: string; message: string }[]>([]);
  const [phase, setPhase] = useState<Phase>({ step: "editing" });
  const issuers = useIssuers();
  const access = useAccess(form.namespace || undefined);
  const issue = useIssueCertificate();

  const set = <K extends keyof IssueFormState>(key: K, value: IssueFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setServerIssues([]);
  };
  const touch = (field: string) => setTouched((t) => new Set(t).add(field));

  const body = useMemo(() => formToInput(form), [form]);
  const problems = useMemo(() => issueProblems(body), [body]);
  const errors = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of [...serverIssues, ...problems]) {
      const f = fieldOf(p.path);
      if ((submitted || touched.has(f) || serverIssues.includes(p)) && !map.has(f)) map.set(f, p.message);
    }
    return map;
  }, [problems, serverIssues, submitted, touched]);

  // The preview is "exactly what will be created": only a valid form has one. Until then it lists
  // what is missing or invalid (never a placeholder such as `name: name`).
  const yaml = useMemo(() => {
    const parsed = issueInputSchema.safeParse(body);
    return parsed.success ? toYaml(buildCertificate(parsed.data as IssueInput)) : undefined;
  }, [body]);
  const missing = useMemo(() => {
    const seen = new Map<string, string>();
    for (const p of problems) {
      const f = fieldOf(p.path);
      if (!seen.has(f)) seen.set(f, p.message);
    }
    return [...seen].map(([field, message]) => ({ field, label: FIELD_LABELS[field] ?? field, message }));
  }, [problems]);

  const readyIssuers = (issuers.data?.items ?? []).filter(
    (i) => i.ready === "True" && (i.kind === "ClusterIssuer" || i.namespace === form.namespace),
  );
  const namespaces = [
    ...new Set((issuers.data?.items ?? []).flatMap((i) => (i.namespace ? [i.namespace] : []))),
  ].sort();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (problems.length > 0) return;
    setPhase({ step: "sending" });
    issue.mutate(body, {
      onSuccess: (result) => setPhase({ step: "following", result, since: Date.now() }),
      onError: (err) => {
        if (err instanceof ApiError && err.issues) setServerIssues(err.issues);
        setPhase({ step: "failed", message: err.message });
      },
    });
  };

  const err = (f: string) => errors.get(f);
  const aria = (f: string) => ({
    "aria-invalid": err(f) ? true : undefined,
    "aria-describedby": err(f) ? `f-${f}-error` : undefined,
  });
  const text = (f: keyof IssueFormState & string, extra: Record<string, string> = {}) => ({
    id: `f-${f}`,
    name: f,
    className: input,
    value: String(form[f]),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(f, e.target.value as never),
    onBlur: () => touch(fieldOf(f)),
    ...aria(fieldOf(f)),
    ...extra,
  });
  const list = (f: "dnsNames" | "ipAddresses" | "uris" | "emailAddresses", placeholder: string) => ({
    id: `f-${f}`,
    name: f,
    className: area,
    placeholder,
    value: form[f],
    onChange: (e: React.ChangeEvent<HTMLTextAreaElement>) => set(f, e.target.value),
    onBlur: () => touch(f),
    ...aria(f),
  });
  const issueAllowed = access.data?.actions.issue;
  const locked = phase.step === "sending" || phase.step === "following" || phase.step === "ready";

  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <form onSubmit={submit} noValidate className="space-y-6 xl:col-span-3" data-testid="issue-form">
        <Card>
          <CardHeader title="Certificate" description="Where it lives and who signs it" />
          <fieldset disabled={locked} className="grid gap-4 px-5 py-4 sm:grid-cols-2">
            <Field id="f-namespace" name="namespace" label="Namespace" error={err("namespace")}>
              <input {...text("namespace")} list="issue-namespaces" placeholder="tls" />
              <datalist id="issue-namespaces">
                {namespaces.map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
            </Field>
            <Field id="f-name" name="name" label="Name" error={err("name")}>
              <input {...text("name")} placeholder="api-server" />
            </Field>
            <Field
              id="f-secretName"
              name="secretName"
              label="Secret name"
              error={err("secretName")}
              hint="Defaults to <name>-tls"
            >
              <input
                {...text("secretName")}
                value={form.secretNameEdited ? form.secretName : form.name ? `${form.name}-tls` : ""}
                onChange={(e) =>
                  setForm((f) => ({ ...f, secretName: e.target.value, secretNameEdited: true }))
                }
              />
            </Field>
            <Field
              id="f-issuer"
              name="issuer"
              label="Issuer"
              error={err("issuer")}
              hint={
                issuers.isPending
                  ? "Loading issuers…"
                  : `${readyIssuers.length} Ready issuer(s) for this namespace`
              }
            >
              <select
                id="f-issuer"
                name="issuer"
                className={input}
                value={form.issuer}
                onChange={(e) => set("issuer", e.target.value)}
                onBlur={() => touch("issuer")}
                {...aria("issuer")}
              >
                <option value="">Choose a Ready issuer…</option>
                {readyIssuers.map((i) => (
                  <option key={`${i.kind}/${i.namespace ?? ""}/${i.name}`} value={`${i.kind}/${i.name}`}>
                    {i.kind}/{i.name} ({i.type})
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>
        </Card>

        <Card>
          <CardHeader
            title="Subject and names"
            description="At least one of these. Lists: comma, space or new line separated."
          />
          <fieldset disabled={locked} className="grid gap-4 px-5 py-4 sm:grid-cols-2">
            <Field id="f-commonName" name="commonName" label="Common name" error={err("commonName")}>
              <input {...text("commonName")} placeholder="api.example.com" />
            </Field>
            <Field id="f-dnsNames" name="dnsNames" label="DNS names" error={err("dnsNames")}>
              <textarea {...list("dnsNames", "api.example.com\n*.apps.example.com")} />
            </Field>
            <Field id="f-ipAddresses" name="ipAddresses" label="IP addresses" error={err("ipAddresses")}>
              <textarea {...list("ipAddresses", "10.0.0.10")} />
            </Field>
            <Field id="f-uris" name="uris" label="URIs" error={err("uris")}>
              <textarea {...list("uris", "spiffe://cluster.local/ns/tls/sa/api")} />
            </Field>
            <Field
              id="f-emailAddresses"
              name="emailAddresses"
              label="E-mail addresses"
              error={err("emailAddresses")}
            >
              <textarea {...list("emailAddresses", "apisix@apache.org")} />
            </Field>
          </fieldset>
        </Card>

        <Card>
          <CardHeader title="Lifetime, usages and key" />
          <fieldset disabled={locked} className="grid gap-4 px-5 py-4 sm:grid-cols-2">
            <Field
              id="f-duration"
              name="duration"
              label="Duration"
              error={err("duration")}
              hint="Go duration, at least 1h (default 2160h)"
            >
              <input {...text("duration")} />
            </Field>
            <Field id="f-renew" name="renew" label="Renew before" error={err("renew")}>
              <div className="flex gap-2">
                <select
                  id="f-renew"
                  aria-label="Renew-before mode"
                  className={`${input} w-40`}
                  value={form.renewMode}
                  onChange={(e) => set("renewMode", e.target.value as IssueFormState["renewMode"])}
                >
                  <option value="default">Default (⅓ of lifetime)</option>
                  <option value="renewBefore">Duration</option>
                  <option value="percentage">Percentage</option>
                </select>
                {form.renewMode === "renewBefore" ? (
                  <input {...text("renewBefore", { id: "f-renewBefore", placeholder: "720h" })} />
                ) : form.renewMode === "percentage" ? (
                  <input
                    {...text("renewBeforePercentage", {
                      id: "f-renewBeforePercentage",
                      inputMode: "numeric",
                      placeholder: "25",
                    })}
                  />
                ) : null}
              </div>
            </Field>
            <Field
              id="f-usages"
              name="usages"
              label="Usages"
              error={err("usages")}
              hint={USAGE_PRESETS[form.usagePreset].join(", ")}
            >
              <select
                id="f-usages"
                className={input}
                value={form.usagePreset}
                onChange={(e) => set("usagePreset", e.target.value as UsagePreset)}
              >
                <option value="server">Server (TLS server auth)</option>
                <option value="client">Client (TLS client auth)</option>
                <option value="server+client">Server + client</option>
                <option value="ca">CA (cert sign)</option>
              </select>
            </Field>
            <Field id="f-isCA" name="isCA" label="CA" error={err("isCA")}>
              <label className="flex h-8 items-center gap-2 text-sm">
                <input
                  id="f-isCA"
                  type="checkbox"
                  checked={form.isCA || form.usagePreset === "ca"}
                  onChange={(e) => set("isCA", e.target.checked)}
                />
                isCA (can sign other certificates)
              </label>
            </Field>
            <Field id="f-algorithm" name="algorithm" label="Key algorithm" error={err("algorithm")}>
              <select
                id="f-algorithm"
                className={input}
                value={form.algorithm}
                onChange={(e) => {
                  const algorithm = e.target.value as KeyAlgorithm;
                  setForm((f) => ({ ...f, algorithm, size: String(KEY_SIZES[algorithm][0] ?? "") }));
                }}
              >
                {KEY_ALGORITHMS.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </Field>
            <Field id="f-size" name="size" label="Key size" error={err("size")}>
              <select
                id="f-size"
                className={input}
                value={form.size}
                disabled={KEY_SIZES[form.algorithm].length === 0}
                onChange={(e) => set("size", e.target.value)}
              >
                {KEY_SIZES[form.algorithm].length === 0 ? <option value="">fixed</option> : null}
                {KEY_SIZES[form.algorithm].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </Field>
            <Field id="f-encoding" name="encoding" label="Key encoding" error={err("encoding")}>
              <select
                id="f-encoding"
                className={input}
                value={form.encoding}
                onChange={(e) => set("encoding", e.target.value as IssueFormState["encoding"])}
              >
                <option>PKCS1</option>
                <option>PKCS8</option>
              </select>
            </Field>
            <Field
              id="f-rotationPolicy"
              name="rotationPolicy"
              label="Rotation policy"
              error={err("rotationPolicy")}
              hint={
                form.rotationPolicy === "Always"
                  ? "Every renewal generates a new key"
                  : "Renewals reuse the key"
              }
            >
              <select
                id="f-rotationPolicy"
                className={input}
                value={form.rotationPolicy}
                onChange={(e) => set("rotationPolicy", e.target.value as IssueFormState["rotationPolicy"])}
              >
                <option>Always</option>
                <option>Never</option>
              </select>
            </Field>
          </fieldset>
        </Card>

        <div className="flex flex-wrap items-center justify-end gap-3">
          {submitted && problems.length > 0 ? (
            <p className="mr-auto text-red-600 text-sm dark:text-red-400" data-testid="form-invalid">
              Fix {problems.length} problem{problems.length === 1 ? "" : "s"} above; nothing was sent.
            </p>
          ) : null}
          <DeniedReason reason={issueAllowed && !issueAllowed.allowed ? issueAllowed.reason : undefined} />
          <Button
            type="submit"
            variant="primary"
            data-testid="issue-submit"
            disabled={locked || issueAllowed?.allowed === false}
          >
            {phase.step === "sending" ? "Creating…" : "Create certificate"}
          </Button>
        </div>
        {phase.step === "following" ? <Follow result={phase.result} onDone={setPhase} /> : null}
        {phase.step === "ready" ? (
          <Notice tone="success" testId="issue-success">
            {phase.detail.row.namespace}/{phase.detail.row.name} is Ready (revision{" "}
            {phase.detail.row.revision}).{" "}
            <Link
              className="font-medium underline"
              href={`/certificates/${encodeURIComponent(phase.detail.row.namespace)}/${encodeURIComponent(phase.detail.row.name)}`}
              data-testid="issued-link"
            >
              Open the certificate
            </Link>
          </Notice>
        ) : null}
        {phase.step === "failed" ? (
          <Notice tone="error" testId="issue-error">
            {phase.reason ? <span className="mr-1 font-mono">{phase.reason}</span> : null}
            {phase.message}
            {serverIssues.length === 0 ? (
              <Button size="sm" className="ml-2" onClick={() => setPhase({ step: "editing" })}>
                Edit
              </Button>
            ) : null}
          </Notice>
        ) : null}
      </form>

      <div className="xl:col-span-2">
        <Card className="sticky top-20 overflow-hidden">
          <CardHeader
            title="YAML preview"
            description={yaml ? "Exactly what will be created" : "Shown once every field is valid"}
            actions={yaml ? <CopyButton text={yaml} label="YAML" testId="copy-yaml" /> : undefined}
          />
          {yaml ? (
            <pre
              data-testid="yaml-preview"
              className="scroll-thin max-h-[70vh] overflow-auto bg-zinc-50 px-5 py-4 font-mono text-[12.5px] text-zinc-800 leading-relaxed dark:bg-zinc-950/60 dark:text-zinc-300"
            >
              {yaml}
            </pre>
          ) : (
            <div data-testid="yaml-missing" className="px-5 py-4 text-sm">
              <p className="font-medium text-zinc-800 dark:text-zinc-200">Still missing or invalid:</p>
              <ul className="mt-2 space-y-1">
                {missing.map((m) => (
                  <li key={m.field} data-testid="yaml-missing-field" data-field={m.field}>
                    <span className="font-medium">{m.label}</span>
                    <span className="text-zinc-500 dark:text-zinc-400">: {m.message}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

/** The form's label of each field (for the preview's "still missing" list). */
const FIELD_LABELS: Record<string, string> = {
  namespace: "Namespace",
  name: "Name",
  secretName: "Secret name",
  issuer: "Issuer",
  commonName: "Common name",
  dnsNames: "DNS names",
  ipAddresses: "IP addresses",
  uris: "URIs",
  emailAddresses: "E-mail addresses",
  duration: "Duration",
  renew: "Renew before",
  usages: "Usages",
  isCA: "CA",
  algorithm: "Key algorithm",
  size: "Key size",
  encoding: "Key encoding",
  rotationPolicy: "Rotation policy",
};
