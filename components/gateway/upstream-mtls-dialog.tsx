"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, Notice } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { upstreamMtlsSchema } from "@/lib/apisix/schemas";
import type { ApisixUpstreamSummary, GatewayMatrixDto } from "@/lib/apisix/types";
import { useSetUpstreamMtls } from "@/lib/client/gateway";
import { IssueList } from "./issue-list";
import { SecretPicker } from "./secret-picker";

type Step = "form" | "confirm";

/** The spec fields the toggle touches, before and after, as the server will write them. */
export function upstreamSpecs(
  upstream: ApisixUpstreamSummary,
  tlsSecret: { namespace: string; name: string } | undefined,
) {
  const before = {
    scheme: upstream.scheme,
    ...(upstream.tlsSecret ? { tlsSecret: { ...upstream.tlsSecret } } : {}),
  };
  const after = tlsSecret ? { scheme: "https", tlsSecret: { ...tlsSecret } } : { scheme: upstream.scheme };
  return { before, after };
}

/**
 * Upstream mTLS for one ApisixUpstream. On: pick the client-certificate Secret (tlsSecret; the
 * server also sets scheme https). Off: tlsSecret is removed, the scheme kept. Confirmation shows
 * the spec before/after → `PUT …/mtls` → success only after a 2xx, then the matrix is re-read.
 */
export function UpstreamMtlsDialog({
  upstream,
  matrix,
  onClose,
}: {
  upstream: ApisixUpstreamSummary;
  matrix: GatewayMatrixDto;
  onClose: () => void;
}) {
  const secretId = useId();
  const reasonId = useId();
  const enable = !upstream.tlsSecret;
  const candidates = [...matrix.caSecretCandidates].sort((a, b) => Number(a.isCA) - Number(b.isCA));
  const preferred =
    candidates.find((c) => c.namespace === upstream.namespace && c.name === "apisix-client-secret") ??
    candidates.find((c) => c.namespace === upstream.namespace && !c.isCA) ??
    candidates[0];
  const [secret, setSecret] = useState(
    preferred ? `${preferred.namespace}/${preferred.name}` : `${upstream.namespace}/apisix-client-secret`,
  );
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<Step>(enable ? "form" : "confirm");
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const change = useSetUpstreamMtls(upstream);
  const result = change.data?.upstream;

  const [secretNamespace = "", secretName = ""] = secret.split("/");
  const tlsSecret = enable ? { namespace: secretNamespace.trim(), name: secretName.trim() } : undefined;
  const parsed = upstreamMtlsSchema.safeParse({
    enabled: enable,
    ...(tlsSecret ? { tlsSecret } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
  });
  const { before, after } = upstreamSpecs(upstream, tlsSecret);

  const review = () => {
    change.reset();
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      return;
    }
    setIssues([]);
    setStep("confirm");
  };

  let footer = null;
  if (change.isSuccess)
    footer = (
      <Button variant="primary" onClick={onClose} data-testid="upstream-mtls-close">
        Close
      </Button>
    );
  else if (step === "form")
    footer = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" onClick={review} data-testid="upstream-mtls-review">
          Review change
        </Button>
      </>
    );
  else
    footer = (
      <>
        <Button onClick={() => (enable ? setStep("form") : onClose())} disabled={change.isPending}>
          {enable ? "Back" : "Cancel"}
        </Button>
        <Button
          variant={enable ? "primary" : "danger"}
          onClick={() => parsed.success && change.mutate(parsed.data)}
          disabled={change.isPending}
          data-testid="upstream-mtls-confirm"
        >
          {change.isPending ? "Applying…" : "Apply change"}
        </Button>
      </>
    );

  const title = `${enable ? "Turn upstream mTLS on" : "Turn upstream mTLS off"}: ${upstream.namespace}/${upstream.name}`;
  return (
    <Dialog title={title} onClose={onClose} footer={footer} testId="upstream-mtls-dialog" size="xl">
      <p className="text-xs text-zinc-500">
        {enable
          ? "APISIX will present the client certificate of the chosen Secret to this upstream. This also sets scheme https."
          : "APISIX will stop presenting a client certificate to this upstream: tlsSecret is removed, the scheme stays as it is. An upstream that requires mTLS will then refuse the gateway."}
      </p>
      {step === "form" && !change.isSuccess ? (
        <div className="grid gap-4 md:grid-cols-2">
          <SecretPicker
            id={secretId}
            label="Client certificate Secret (tlsSecret)"
            value={secret}
            onChange={setSecret}
            candidates={candidates}
            testId="upstream-mtls-secret"
          />
          <Field id={reasonId} label="Why (recorded in the Event)">
            <Input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={256} />
          </Field>
          <IssueList issues={issues} testId="upstream-mtls-issues" />
        </div>
      ) : null}

      {step === "confirm" && !change.isSuccess ? (
        <div className="space-y-3" data-testid="upstream-mtls-diff">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            This changes <span className="font-mono">spec</span> of ApisixUpstream {upstream.namespace}/
            {upstream.name} as below (other fields unchanged). An Event records who, what and why.
          </p>
          <div className="grid gap-3 md:grid-cols-2">
            {(
              [
                ["before", before],
                ["after", after],
              ] as const
            ).map(([k, spec]) => (
              <div key={k}>
                <div className="mb-1 text-xs text-zinc-500">spec {k}</div>
                <pre
                  data-testid={`upstream-spec-${k}`}
                  className="overflow-x-auto rounded-lg bg-zinc-50 p-2.5 text-[11px] dark:bg-zinc-950"
                >
                  {JSON.stringify(spec, null, 2)}
                </pre>
              </div>
            ))}
          </div>
        </div>
      ) : null}

      {result ? (
        <Notice tone="success" testId="upstream-mtls-success">
          Applied and verified: scheme {result.scheme},{" "}
          {result.tlsSecret
            ? `tlsSecret ${result.tlsSecret.namespace}/${result.tlsSecret.name}`
            : "no tlsSecret"}
          .
        </Notice>
      ) : null}

      {change.error ? <ErrorPanel error={change.error} /> : null}
    </Dialog>
  );
}
