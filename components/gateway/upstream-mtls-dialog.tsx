"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { upstreamMtlsSchema } from "@/lib/apisix/schemas";
import type { ApisixUpstreamSummary, GatewayMatrixDto } from "@/lib/apisix/types";
import { Modal } from "./modal";
import { gatewayKeys, sendJson, upstreamMtlsPath } from "./queries";
import { fieldClass, SecretPicker } from "./secret-picker";

type Step = "form" | "confirm" | "applying" | "done";

const input = fieldClass;

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
  const client = useQueryClient();
  const secretId = useId();
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
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<ApisixUpstreamSummary>();

  const [secretNamespace = "", secretName = ""] = secret.split("/");
  const tlsSecret = enable ? { namespace: secretNamespace.trim(), name: secretName.trim() } : undefined;
  const parsed = upstreamMtlsSchema.safeParse({
    enabled: enable,
    ...(tlsSecret ? { tlsSecret } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
  });
  const { before, after } = upstreamSpecs(upstream, tlsSecret);

  const review = () => {
    setError(undefined);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      return;
    }
    setIssues([]);
    setStep("confirm");
  };

  const apply = async () => {
    if (!parsed.success) return;
    setStep("applying");
    setError(undefined);
    try {
      const res = await sendJson<{ upstream: ApisixUpstreamSummary }>(
        "PUT",
        upstreamMtlsPath(upstream.namespace, upstream.name),
        parsed.data,
      );
      setResult(res.upstream);
      await client.invalidateQueries({ queryKey: gatewayKeys.all });
      setStep("done");
    } catch (err) {
      setError(err);
      setStep("confirm");
    }
  };

  let footer = null;
  if (step === "form")
    footer = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" onClick={review} data-testid="upstream-mtls-review">
          Review change
        </Button>
      </>
    );
  else if (step === "confirm" || step === "applying")
    footer = (
      <>
        <Button onClick={() => (enable ? setStep("form") : onClose())} disabled={step === "applying"}>
          {enable ? "Back" : "Cancel"}
        </Button>
        <Button
          variant={enable ? "primary" : "danger"}
          onClick={apply}
          disabled={step === "applying"}
          data-testid="upstream-mtls-confirm"
        >
          {step === "applying" ? "Applying…" : "Apply change"}
        </Button>
      </>
    );
  else
    footer = (
      <Button variant="primary" onClick={onClose} data-testid="upstream-mtls-close">
        Close
      </Button>
    );

  const title = `${enable ? "Turn upstream mTLS on" : "Turn upstream mTLS off"}: ${upstream.namespace}/${upstream.name}`;
  return (
    <Modal title={title} onClose={onClose} footer={footer} testId="upstream-mtls-dialog">
      <p className="mb-4 text-xs text-zinc-500">
        {enable
          ? "APISIX will present the client certificate of the chosen Secret to this upstream. This also sets scheme https."
          : "APISIX will stop presenting a client certificate to this upstream: tlsSecret is removed, the scheme stays as it is. An upstream that requires mTLS will then refuse the gateway."}
      </p>
      {step === "form" ? (
        <div className="grid gap-4 md:grid-cols-2">
          <SecretPicker
            id={secretId}
            label="Client certificate Secret (tlsSecret)"
            value={secret}
            onChange={setSecret}
            candidates={candidates}
            testId="upstream-mtls-secret"
          />
          <label className="block">
            <span className="mb-1 block text-xs text-zinc-500">Why (recorded in the Event)</span>
            <input
              className={input}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={256}
            />
          </label>
          {issues.length ? (
            <ul
              className="text-red-600 text-xs md:col-span-2 dark:text-red-400"
              data-testid="upstream-mtls-issues"
            >
              {issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  <span className="font-mono">{i.path}</span>: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {step === "confirm" || step === "applying" ? (
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

      {step === "done" && result ? (
        <div
          data-testid="upstream-mtls-success"
          className="rounded-lg border border-emerald-300/70 bg-emerald-50 px-3 py-2 text-emerald-900 text-sm dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200"
        >
          Applied and verified: scheme {result.scheme},{" "}
          {result.tlsSecret
            ? `tlsSecret ${result.tlsSecret.namespace}/${result.tlsSecret.name}`
            : "no tlsSecret"}
          .
        </div>
      ) : null}

      {error ? (
        <div className="mt-4">
          <ErrorPanel error={error} />
        </div>
      ) : null}
    </Modal>
  );
}
