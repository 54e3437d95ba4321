"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input, SelectInput } from "@/components/ui/field";
import { useProbe } from "@/lib/client/gateway";
import type { ProbeHandshakeDto } from "@/lib/probe/types";

/** What a gateway matrix row fills in: the host's name as SNI (and, when known, address and port). */
export interface ProbeTarget {
  sni: string;
  host?: string;
  port?: number;
}

/** How one handshake ended, in the words of the layer it stopped at. */
const LAYER_WORDS: Record<ProbeHandshakeDto["layer"], string> = {
  ok: "handshake OK",
  dns: "name does not resolve",
  tcp: "no TCP connection",
  tls: "connected, TLS failed",
  mtls: "turned away (client certificate)",
};

function Handshake({ label, h, testId }: { label: string; h: ProbeHandshakeDto; testId: string }) {
  return (
    <div
      data-testid={testId}
      data-ok={String(h.ok)}
      data-layer={h.layer}
      className="rounded-lg border border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800"
    >
      <div className="font-medium">
        {label}:{" "}
        <span className={h.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
          {h.ok ? `handshake OK (${h.protocol ?? "TLS"})` : LAYER_WORDS[h.layer]}
        </span>
      </div>
      {h.alert ? (
        <div className="text-zinc-500">
          alert {h.alert.number} {h.alert.description}
        </div>
      ) : null}
      {!h.ok && h.error ? <div className="break-words text-zinc-500">{h.error}</div> : null}
    </div>
  );
}

/**
 * Live TLS probe from the server of an allow-listed host:port (TRUSTDECK_PROBE_ALLOW). A `target`
 * (from a gateway matrix row) fills the form in and moves the focus to the Probe button.
 */
export function ProbePanel({
  clientSecrets,
  target,
}: {
  clientSecrets: { namespace: string; name: string }[];
  target?: ProbeTarget;
}) {
  const ids = { host: useId(), port: useId(), sni: useId(), cert: useId() };
  const [host, setHost] = useState(target?.host ?? "127.0.0.1");
  const [port, setPort] = useState(String(target?.port ?? 9443));
  const [sni, setSni] = useState(target?.sni ?? "mtls.example.local");
  const [clientCert, setClientCert] = useState("tls/curl-secret");
  const probe = useProbe();
  const result = probe.data;
  const error = probe.error;
  const runButton = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on mount with a target (the parent re-keys us)
  useEffect(() => {
    if (target) runButton.current?.focus();
  }, []);

  const run = () => {
    const [namespace = "", secretName = ""] = clientCert.split("/");
    probe.mutate({
      host,
      port: Number(port),
      ...(sni ? { sni } : {}),
      ...(clientCert ? { clientCertificate: { namespace, secretName } } : {}),
    });
  };

  return (
    <div className="space-y-4" data-testid="probe-panel">
      <div className="grid gap-3 md:grid-cols-5">
        <Field id={ids.host} label="Host" className="md:col-span-2">
          <Input
            id={ids.host}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            data-testid="probe-host"
          />
        </Field>
        <Field id={ids.port} label="Port">
          <Input
            id={ids.port}
            value={port}
            inputMode="numeric"
            onChange={(e) => setPort(e.target.value)}
            data-testid="probe-port"
          />
        </Field>
        <Field id={ids.sni} label="SNI" className="md:col-span-2">
          <Input id={ids.sni} value={sni} onChange={(e) => setSni(e.target.value)} data-testid="probe-sni" />
        </Field>
        <Field
          id={ids.cert}
          label="Client certificate (key read on the server, never sent to the browser)"
          className="md:col-span-3"
        >
          <SelectInput
            id={ids.cert}
            value={clientCert}
            onChange={(e) => setClientCert(e.target.value)}
            data-testid="probe-client-cert"
          >
            <option value="">none</option>
            {clientSecrets.map((s) => (
              <option key={`${s.namespace}/${s.name}`} value={`${s.namespace}/${s.name}`}>
                {s.namespace}/{s.name}
              </option>
            ))}
          </SelectInput>
        </Field>
        <div className="flex items-end md:col-span-2">
          <Button
            ref={runButton}
            variant="primary"
            onClick={run}
            disabled={probe.isPending}
            data-testid="probe-run"
          >
            {probe.isPending ? "Probing…" : "Probe"}
          </Button>
        </div>
      </div>
      {error ? <ErrorPanel error={error} /> : null}
      {result ? (
        <div className="space-y-3 text-xs" data-testid="probe-result">
          <p
            data-testid="probe-verdict"
            data-layer={result.verdict.layer}
            className={
              result.verdict.layer === "ok"
                ? "font-medium text-emerald-700 dark:text-emerald-400"
                : "font-medium text-red-700 dark:text-red-400"
            }
          >
            {result.verdict.summary}
          </p>
          {result.withoutClientCert.tcpConnected || result.withClientCert?.tcpConnected ? (
            <p>
              Connected to{" "}
              <span className="font-mono">
                {result.target.address}:{result.target.port}
              </span>
              {result.target.sni ? ` with SNI ${result.target.sni}` : ""}.
            </p>
          ) : null}
          {result.drift ? (
            <p
              data-testid="probe-drift"
              data-state={result.drift.state}
              className={result.drift.state === "drift" ? "text-red-700 dark:text-red-400" : ""}
            >
              {result.drift.message}
            </p>
          ) : null}
          <p data-testid="probe-client-request">
            Asks for a client certificate: <strong>{String(result.clientCertificate.requested)}</strong>
            {result.clientCertificate.required ? " (required)" : ""}
            {result.clientCertificate.caNames.length
              ? ` — CA names: ${result.clientCertificate.caNames.join("; ")}`
              : ""}
            <span className="text-zinc-500"> ({result.clientCertificate.how})</span>
          </p>
          <div className="grid gap-2 md:grid-cols-2">
            <Handshake
              label="Without client certificate"
              h={result.withoutClientCert}
              testId="probe-without"
            />
            {result.withClientCert ? (
              <Handshake
                label={`With ${result.withClientCert.secret.namespace}/${result.withClientCert.secret.name}`}
                h={result.withClientCert}
                testId="probe-with"
              />
            ) : null}
          </div>
          <div>
            <div className="mb-1 text-zinc-500">Served chain</div>
            <ol className="space-y-1">
              {result.servedChain.map((c) => (
                <li key={c.sha256Fingerprint} className="font-mono">
                  {c.subject} — until {c.notAfter.slice(0, 10)}
                </li>
              ))}
            </ol>
          </div>
        </div>
      ) : null}
    </div>
  );
}
