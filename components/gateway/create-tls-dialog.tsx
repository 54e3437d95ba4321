"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { createTlsSchema } from "@/lib/apisix/schemas";
import type { ApisixTlsSummary, GatewayMatrixDto } from "@/lib/apisix/types";
import { Modal } from "./modal";
import { gatewayKeys, sendJson } from "./queries";
import { fieldClass, SecretPicker } from "./secret-picker";
import { apisixTlsObject, tlsNameForHost } from "./tls-name";

type Step = "form" | "confirm" | "applying" | "done";

const input = fieldClass;

/**
 * The served-certificate Secret the form starts with: what another ApisixTls of the namespace
 * serves (a server certificate), else a non-CA TLS Secret of the namespace.
 */
function defaultSecret(matrix: GatewayMatrixDto, namespace: string): string {
  const served = matrix.tlses.find((t) => t.namespace === namespace)?.secret;
  const c =
    (served &&
      matrix.caSecretCandidates.find((s) => s.namespace === served.namespace && s.name === served.name)) ??
    matrix.caSecretCandidates.find((s) => s.namespace === namespace && !s.isCA) ??
    matrix.caSecretCandidates.find((s) => s.namespace === namespace) ??
    matrix.caSecretCandidates[0];
  return c ? `${c.namespace}/${c.name}` : `${namespace}/`;
}

/**
 * Creates an ApisixTls for a host served without TLS: namespace, name, hosts and served Secret →
 * confirmation showing the exact object → `POST /api/apisix/tls` → success only after a 2xx, then
 * the gateway matrix is re-read so the host turns covered.
 */
export function CreateTlsDialog({
  host,
  namespace: routeNamespace,
  matrix,
  onClose,
}: {
  host: string;
  namespace: string;
  matrix: GatewayMatrixDto;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const ids = { ns: useId(), name: useId(), hosts: useId(), secret: useId(), cls: useId(), reason: useId() };
  const [namespace, setNamespace] = useState(routeNamespace);
  const [name, setName] = useState(tlsNameForHost(host));
  const [hostsText, setHostsText] = useState(host);
  const [secret, setSecret] = useState(defaultSecret(matrix, routeNamespace));
  // The seeded ApisixTls objects (and the controller's default) use class "apisix"; empty omits it.
  const [ingressClass, setIngressClass] = useState("apisix");
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<Step>("form");
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<ApisixTlsSummary>();

  const secrets = matrix.caSecretCandidates;
  const body = () => {
    const [secretNamespace = "", secretName = ""] = secret.split("/");
    return {
      namespace: namespace.trim(),
      name: name.trim(),
      hosts: hostsText
        .split(/[\s,]+/)
        .map((h) => h.trim())
        .filter(Boolean),
      secret: { namespace: secretNamespace.trim(), name: secretName.trim() },
      ...(ingressClass.trim() ? { ingressClassName: ingressClass.trim() } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
  };
  const parsed = createTlsSchema.safeParse(body());

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
      const res = await sendJson<{ tls: ApisixTlsSummary }>("POST", "/api/apisix/tls", parsed.data);
      setCreated(res.tls);
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
        <Button variant="primary" onClick={review} data-testid="create-tls-review">
          Review object
        </Button>
      </>
    );
  else if (step === "confirm" || step === "applying")
    footer = (
      <>
        <Button onClick={() => setStep("form")} disabled={step === "applying"}>
          Back
        </Button>
        <Button
          variant="primary"
          onClick={apply}
          disabled={step === "applying"}
          data-testid="create-tls-confirm"
        >
          {step === "applying" ? "Creating…" : "Create ApisixTls"}
        </Button>
      </>
    );
  else
    footer = (
      <Button variant="primary" onClick={onClose} data-testid="create-tls-close">
        Close
      </Button>
    );

  return (
    <Modal
      title={`Create ApisixTls for ${host}`}
      onClose={onClose}
      footer={footer}
      testId="create-tls-dialog"
    >
      <p className="mb-4 text-xs text-zinc-500">
        {host} is served over plain HTTP: no ApisixTls covers it. The new ApisixTls makes APISIX serve it over
        HTTPS with the certificate of the chosen Secret.
      </p>
      {step === "form" ? (
        <div className="grid gap-4 md:grid-cols-2">
          <label className="block" htmlFor={ids.ns}>
            <span className="mb-1 block text-xs text-zinc-500">Namespace</span>
            <input
              id={ids.ns}
              className={input}
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
              data-testid="create-tls-namespace"
            />
          </label>
          <label className="block" htmlFor={ids.name}>
            <span className="mb-1 block text-xs text-zinc-500">Name (DNS-1123)</span>
            <input
              id={ids.name}
              className={input}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="create-tls-name"
            />
          </label>
          <label className="block" htmlFor={ids.hosts}>
            <span className="mb-1 block text-xs text-zinc-500">Hosts (comma or space separated)</span>
            <input
              id={ids.hosts}
              className={`${input} font-mono text-xs`}
              value={hostsText}
              onChange={(e) => setHostsText(e.target.value)}
              data-testid="create-tls-hosts"
            />
          </label>
          <SecretPicker
            id={ids.secret}
            label="Served certificate Secret (spec.secret)"
            value={secret}
            onChange={setSecret}
            candidates={secrets}
            testId="create-tls-secret"
          />
          <label className="block" htmlFor={ids.cls}>
            <span className="mb-1 block text-xs text-zinc-500">ingressClassName (empty: none)</span>
            <input
              id={ids.cls}
              className={input}
              value={ingressClass}
              onChange={(e) => setIngressClass(e.target.value)}
              data-testid="create-tls-ingress-class"
            />
          </label>
          <label className="block" htmlFor={ids.reason}>
            <span className="mb-1 block text-xs text-zinc-500">Why (recorded in the Event)</span>
            <input
              id={ids.reason}
              className={input}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={256}
            />
          </label>
          {matrix.secretsUnreadable ? (
            <p className="text-amber-700 text-xs md:col-span-2 dark:text-amber-300">
              Secrets could not be listed ({matrix.secretsUnreadable}); type the Secret as namespace/name.
            </p>
          ) : null}
          {issues.length ? (
            <ul
              className="text-red-600 text-xs md:col-span-2 dark:text-red-400"
              data-testid="create-tls-issues"
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

      {(step === "confirm" || step === "applying") && parsed.success ? (
        <div className="space-y-2" data-testid="create-tls-object">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            This creates the object below. An Event records who, what and why.
          </p>
          <pre className="overflow-x-auto rounded-lg bg-zinc-50 p-2.5 text-[11px] dark:bg-zinc-950">
            {JSON.stringify(apisixTlsObject(parsed.data), null, 2)}
          </pre>
        </div>
      ) : null}

      {step === "done" ? (
        <div
          data-testid="create-tls-success"
          className="rounded-lg border border-emerald-300/70 bg-emerald-50 px-3 py-2 text-emerald-900 text-sm dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200"
        >
          Created ApisixTls {created?.namespace}/{created?.name} serving {created?.hosts.join(", ")} with{" "}
          {created?.secret.namespace}/{created?.secret.name}.
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
