"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { DeniedReason, Dialog, Notice } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { RefreshIcon } from "@/components/ui/icons";
import type { CertificateSnapshot, RenewResult, RotateResult } from "@/lib/actions/types";
import { ApiError } from "@/lib/api-client";
import { useCertificateAction } from "@/lib/client/actions";
import { useAccess } from "@/lib/client/cluster";
import { useCertificate } from "@/lib/client/inventory";
import { queryKeys } from "@/lib/client/keys";
import { formatDateTimeSeconds, sameInstant } from "@/lib/format";
import type { CertificateDetail } from "@/lib/types";
import { BlastRadius } from "./blast-radius";

type Action = "renew" | "rotate";
type Phase =
  | { step: "confirm" }
  | { step: "sending" }
  | { step: "following"; result: RenewResult | RotateResult; since: number }
  | { step: "done"; result: RenewResult | RotateResult; after: CertificateSnapshot }
  | { step: "failed"; message: string };

const FOLLOW_TIMEOUT_MS = 180_000;

function snapshotOf(d: CertificateDetail | undefined): CertificateSnapshot {
  const leaf = d?.secret?.certificates[0];
  return {
    revision: d?.row.revision,
    serialNumber: leaf?.serialNumber,
    notBefore: leaf?.notBefore,
    notAfter: leaf?.notAfter,
    publicKeyFingerprint: leaf?.publicKeyFingerprint,
  };
}

/** What renew does to the key under `policy`, in the words the UI uses everywhere. */
export function keyPolicyText(policy: string | undefined): string {
  return policy === "Never"
    ? "rotationPolicy Never: renew reuses the private key; use Rotate to get a new one."
    : "rotationPolicy Always: every renewal generates a new private key.";
}

function Compare({ before, after }: { before: CertificateSnapshot; after: CertificateSnapshot }) {
  // [label, id, before, after, changed]: changed compares the values themselves (notBefore as an
  // instant, to the second X.509 stores), never their formatted text (a re-issue within the same
  // minute would read "unchanged").
  const rows: [string, string, string | undefined, string | undefined, boolean][] = [
    [
      "Revision",
      "revision",
      String(before.revision ?? "—"),
      String(after.revision ?? "—"),
      before.revision !== after.revision,
    ],
    ["Serial", "serial", before.serialNumber, after.serialNumber, before.serialNumber !== after.serialNumber],
    [
      "Not before",
      "not-before",
      formatDateTimeSeconds(before.notBefore),
      formatDateTimeSeconds(after.notBefore),
      !sameInstant(before.notBefore, after.notBefore),
    ],
    [
      "Public key (SHA-256)",
      "public-key",
      before.publicKeyFingerprint,
      after.publicKeyFingerprint,
      before.publicKeyFingerprint !== after.publicKeyFingerprint,
    ],
  ];
  return (
    <table className="w-full table-fixed text-xs" data-testid="renew-compare">
      <thead>
        <tr className="text-left text-zinc-500 dark:text-zinc-400">
          <th className="w-28 pb-1 font-medium" />
          <th className="pb-1 font-medium">Before</th>
          <th className="pb-1 font-medium">After</th>
        </tr>
      </thead>
      <tbody className="align-top">
        {rows.map(([label, id, b, a, changed]) => {
          return (
            <tr key={id} data-testid={`compare-${id}`} data-changed={String(changed)}>
              <th className="py-1 pr-2 text-left font-medium text-zinc-600 dark:text-zinc-400">{label}</th>
              <td className="break-all py-1 pr-2 font-mono" data-testid={`before-${id}`}>
                {b ?? "—"}
              </td>
              <td
                className={`break-all py-1 font-mono ${changed ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500"}`}
                data-testid={`after-${id}`}
              >
                {a ?? "—"}
                <span className="ml-1 font-sans text-[11px]">{changed ? "changed" : "unchanged"}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Renew and Rotate for the certificate detail header. Disabled, with the reason, when the identity
 * may not do them; after a 2xx it follows the Certificate (every second) until the new revision
 * is Ready, then shows serial, notBefore and public key before vs after.
 */
export function CertificateActions({ namespace, name }: { namespace: string; name: string }) {
  const client = useQueryClient();
  const access = useAccess(namespace);
  const [open, setOpen] = useState<Action | undefined>();
  const [phase, setPhase] = useState<Phase>({ step: "confirm" });
  const following = phase.step === "following";
  const detail = useCertificate(namespace, name, { refetchInterval: following ? 1000 : false });
  const action = useCertificateAction(namespace, name);
  const typedId = useId();
  const [typed, setTyped] = useState("");
  const data = detail.data;
  const policy = (data?.spec.privateKey as { rotationPolicy?: string } | undefined)?.rotationPolicy;

  useEffect(() => {
    if (phase.step !== "following") return;
    const from = phase.result.previous.revision ?? 0;
    const row = data?.row;
    const issuing = data?.conditions.find((c) => c.type === "Issuing");
    if (row && (row.revision ?? 0) > from && row.ready === "True" && !row.issuing) {
      const after = snapshotOf(data);
      // the Secret is read in the same answer: wait until it holds the new certificate
      if (!phase.result.previous.serialNumber || after.serialNumber !== phase.result.previous.serialNumber) {
        setPhase({ step: "done", result: phase.result, after });
      }
    } else if (issuing?.status === "False" && issuing.reason === "Failed") {
      setPhase({ step: "failed", message: `Issuance failed: ${issuing.message ?? "no message"}` });
    } else if (Date.now() - phase.since > FOLLOW_TIMEOUT_MS) {
      const ready = data?.conditions.find((c) => c.type === "Ready");
      setPhase({
        step: "failed",
        message: `No new Ready revision after ${FOLLOW_TIMEOUT_MS / 1000} s (Ready: ${ready?.reason ?? "?"} ${ready?.message ?? ""}).`,
      });
    }
  }, [data, phase]);

  const start = (which: Action) => {
    setPhase({ step: "sending" });
    action.mutate(which, {
      onSuccess: (result) => setPhase({ step: "following", result, since: Date.now() }),
      onError: (err) =>
        setPhase({ step: "failed", message: err instanceof ApiError ? err.message : String(err) }),
    });
  };

  const close = () => {
    setOpen(undefined);
    setTyped("");
    setPhase({ step: "confirm" });
    void client.invalidateQueries({ queryKey: queryKeys.certificates.all });
  };

  const renew = access.data?.actions.renew;
  const rotate = access.data?.actions.rotate;
  const deniedReason = !renew?.allowed ? renew?.reason : !rotate?.allowed ? rotate?.reason : undefined;
  const busy = data?.row.issuing === true;
  const isCA = data?.row.isCA === true;

  return (
    <div className="flex flex-col items-end gap-1.5" data-testid="certificate-actions">
      <div className="flex items-center gap-2">
        <Button
          data-testid="renew-button"
          disabled={!renew?.allowed || busy}
          title={renew && !renew.allowed ? renew.reason : keyPolicyText(policy)}
          onClick={() => setOpen("renew")}
        >
          <RefreshIcon size={14} />
          Renew
        </Button>
        <Button
          data-testid="rotate-button"
          disabled={!rotate?.allowed || busy}
          title={rotate && !rotate.allowed ? rotate.reason : "Renew with a new private key"}
          onClick={() => setOpen("rotate")}
        >
          Rotate key
        </Button>
        {isCA ? (
          <Link
            className={buttonClass("secondary")}
            data-testid="rotate-ca-link"
            href={`/certificates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/rotate`}
            title="Rotate this CA without breaking trust: issue a new CA, distribute both, re-issue the leaves, retire the old"
          >
            Rotate CA…
          </Link>
        ) : null}
      </div>
      <p className="text-right text-xs text-zinc-500 dark:text-zinc-400" data-testid="key-policy">
        {keyPolicyText(policy)}
      </p>
      <DeniedReason reason={deniedReason} />

      <Dialog
        open={open !== undefined}
        onClose={close}
        title={`${open === "rotate" ? "Rotate the key of" : "Renew"} ${namespace}/${name}`}
        testId="renew-dialog"
        size="lg"
      >
        {phase.step === "confirm" || phase.step === "sending" ? (
          <>
            {open === "rotate" ? (
              <p>
                Rotate sets <code>spec.privateKey.rotationPolicy: Always</code>
                {policy === "Always" ? " (already set)" : ` (now ${policy ?? "unset"})`} and then renews, so
                the new certificate has a new private key. Every later renewal will also generate a new key.
              </p>
            ) : (
              <p>
                Renew sets the <code>Issuing</code> condition (reason <code>ManuallyTriggered</code>), exactly
                as <code>cmctl renew</code>; cert-manager then issues revision {(data?.row.revision ?? 0) + 1}
                . {keyPolicyText(policy)}
              </p>
            )}
            <BlastRadius namespace={namespace} name={name} isCA={isCA} />
            {isCA ? (
              <Field
                id={typedId}
                label={
                  <>
                    Type <span className="font-mono">{name}</span> to confirm (this is a CA)
                  </>
                }
              >
                <Input
                  id={typedId}
                  value={typed}
                  autoComplete="off"
                  onChange={(e) => setTyped(e.target.value)}
                  data-testid="confirm-ca-name"
                />
              </Field>
            ) : null}
            <div className="flex justify-end gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button
                variant="primary"
                data-testid="confirm-action"
                disabled={phase.step === "sending" || (isCA && typed.trim() !== name)}
                onClick={() => open && start(open)}
              >
                {phase.step === "sending" ? "Sending…" : open === "rotate" ? "Rotate now" : "Renew now"}
              </Button>
            </div>
          </>
        ) : null}
        {phase.step === "following" ? (
          <Notice tone="info" testId="action-progress">
            {"policyChanged" in phase.result && phase.result.policyChanged
              ? `rotationPolicy changed from ${phase.result.policyChanged.from} to Always. `
              : ""}
            Re-issuance triggered; waiting for revision {(phase.result.previous.revision ?? 0) + 1} to become
            Ready… (now: {data?.row.issuing ? "issuing" : `Ready ${data?.row.ready ?? "?"}`})
          </Notice>
        ) : null}
        {phase.step === "done" ? (
          <>
            <Notice tone="success" testId="action-success">
              Revision {phase.after.revision} is Ready.{" "}
              {phase.after.publicKeyFingerprint === phase.result.previous.publicKeyFingerprint
                ? "The private key was reused."
                : "The certificate has a new private key."}
            </Notice>
            <Compare before={phase.result.previous} after={phase.after} />
            <div className="flex justify-end">
              <Button onClick={close}>Close</Button>
            </div>
          </>
        ) : null}
        {phase.step === "failed" ? (
          <>
            <Notice tone="error" testId="action-error">
              {phase.message}
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
