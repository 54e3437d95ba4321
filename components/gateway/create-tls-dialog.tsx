"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, Notice } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { createTlsSchema } from "@/lib/apisix/schemas";
import type { GatewayMatrixDto } from "@/lib/apisix/types";
import { useCreateTls } from "@/lib/client/gateway";
import { IssueList } from "./issue-list";
import { SecretPicker } from "./secret-picker";
import { apisixTlsObject, tlsNameForHost } from "./tls-name";

type Step = "form" | "confirm";

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
  const create = useCreateTls();
  const created = create.data?.tls;

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
    create.reset();
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      return;
    }
    setIssues([]);
    setStep("confirm");
  };

  let footer = null;
  if (create.isSuccess)
    footer = (
      <Button variant="primary" onClick={onClose} data-testid="create-tls-close">
        Close
      </Button>
    );
  else if (step === "form")
    footer = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" onClick={review} data-testid="create-tls-review">
          Review object
        </Button>
      </>
    );
  else
    footer = (
      <>
        <Button onClick={() => setStep("form")} disabled={create.isPending}>
          Back
        </Button>
        <Button
          variant="primary"
          onClick={() => parsed.success && create.mutate(parsed.data)}
          disabled={create.isPending}
          data-testid="create-tls-confirm"
        >
          {create.isPending ? "Creating…" : "Create ApisixTls"}
        </Button>
      </>
    );

  const text = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    testId?: string,
    mono = false,
  ) => (
    <Field id={id} label={label}>
      <Input
        id={id}
        className={mono ? "font-mono text-xs" : ""}
        value={value}
        onChange={(e) => set(e.target.value)}
        data-testid={testId}
        maxLength={testId ? undefined : 256}
      />
    </Field>
  );

  return (
    <Dialog
      title={`Create ApisixTls for ${host}`}
      onClose={onClose}
      footer={footer}
      testId="create-tls-dialog"
      size="xl"
    >
      <p className="text-xs text-zinc-500">
        {host} is served over plain HTTP: no ApisixTls covers it. The new ApisixTls makes APISIX serve it over
        HTTPS with the certificate of the chosen Secret.
      </p>
      {step === "form" && !create.isSuccess ? (
        <div className="grid gap-4 md:grid-cols-2">
          {text(ids.ns, "Namespace", namespace, setNamespace, "create-tls-namespace")}
          {text(ids.name, "Name (DNS-1123)", name, setName, "create-tls-name")}
          {text(
            ids.hosts,
            "Hosts (comma or space separated)",
            hostsText,
            setHostsText,
            "create-tls-hosts",
            true,
          )}
          <SecretPicker
            id={ids.secret}
            label="Served certificate Secret (spec.secret)"
            value={secret}
            onChange={setSecret}
            candidates={secrets}
            testId="create-tls-secret"
          />
          {text(
            ids.cls,
            "ingressClassName (empty: none)",
            ingressClass,
            setIngressClass,
            "create-tls-ingress-class",
          )}
          {text(ids.reason, "Why (recorded in the Event)", reason, setReason)}
          {matrix.secretsUnreadable ? (
            <p className="text-amber-700 text-xs md:col-span-2 dark:text-amber-300">
              Secrets could not be listed ({matrix.secretsUnreadable}); type the Secret as namespace/name.
            </p>
          ) : null}
          <IssueList issues={issues} testId="create-tls-issues" />
        </div>
      ) : null}

      {step === "confirm" && !create.isSuccess && parsed.success ? (
        <div className="space-y-2" data-testid="create-tls-object">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            This creates the object below. An Event records who, what and why.
          </p>
          <pre className="overflow-x-auto rounded-lg bg-zinc-50 p-2.5 text-[11px] dark:bg-zinc-950">
            {JSON.stringify(apisixTlsObject(parsed.data), null, 2)}
          </pre>
        </div>
      ) : null}

      {created ? (
        <Notice tone="success" testId="create-tls-success">
          Created ApisixTls {created.namespace}/{created.name} serving {created.hosts.join(", ")} with{" "}
          {created.secret.namespace}/{created.secret.name}.
        </Notice>
      ) : null}

      {create.error ? <ErrorPanel error={create.error} /> : null}
    </Dialog>
  );
}
