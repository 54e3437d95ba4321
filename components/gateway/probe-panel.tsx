"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import type { ProbeHandshakeDto, ProbeResultDto } from "@/lib/probe/types";
import { sendJson } from "./queries";
import { fieldClass } from "./secret-picker";

const input = fieldClass;

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

/** Where a probe starts: a gateway matrix row passes its host, port and SNI. */
export interface ProbeTargetInput {
  host: string;
  port: number;
  sni?: string;
}

/** Live TLS probe from the server of an allow-listed host:port (TRUSTDECK_PROBE_ALLOW). */
export function ProbePanel({
  clientSecrets,
  initial,
}: {
  clientSecrets: { namespace: string; name: string }[];
  /** Fills host, port and SNI (for a probe started from a matrix row); the demo's endpoint otherwise. */
  initial?: ProbeTargetInput;
}) {
  const [host, setHost] = useState(initial?.host ?? "127.0.0.1");
  const [port, setPort] = useState(String(initial?.port ?? 9443));
  const [sni, setSni] = useState(initial ? (initial.sni ?? "") : "mtls.example.local");
  const [clientCert, setClientCert] = useState("tls/curl-secret");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProbeResultDto>();
  const [error, setError] = useState<unknown>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    const [namespace = "", secretName = ""] = clientCert.split("/");
    try {
      setResult(
        await sendJson<ProbeResultDto>("POST", "/api/probe", {
          host,
          port: Number(port),
          ...(sni ? { sni } : {}),
          ...(clientCert ? { clientCertificate: { namespace, secretName } } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="probe-panel">
      <div className="grid gap-3 md:grid-cols-5">
        <label className="block md:col-span-2">
          <span className="mb-1 block text-xs text-zinc-500">Host</span>
          <input
            className={input}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            data-testid="probe-host"
          />
        </label>
        <label className="block">
          <span className="mb-1 block text-xs text-zinc-500">Port</span>
          <input
            className={input}
            value={port}
            inputMode="numeric"
            onChange={(e) => setPort(e.target.value)}
            data-testid="probe-port"
          />
        </label>
        <label className="block md:col-span-2">
          <span className="mb-1 block text-xs text-zinc-500">SNI</span>
          <input
            className={input}
            value={sni}
            onChange={(e) => setSni(e.target.value)}
            data-testid="probe-sni"
          />
        </label>
        <label className="block md:col-span-3">
          <span className="mb-1 block text-xs text-zinc-500">
            Client certificate (key read on the server, never sent to the browser)
          </span>
          <select
            className={input}
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
          </select>
        </label>
        <div className="flex items-end md:col-span-2">
          <Button variant="primary" onClick={run} disabled={busy} data-testid="probe-run">
            {busy ? "Probing…" : "Probe"}
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
