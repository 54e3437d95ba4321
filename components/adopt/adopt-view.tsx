"use client";
import Link from "next/link";
import { useState } from "react";
import YAML from "yaml";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorPanel } from "@/components/ui/error-panel";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import type { AdoptResult } from "@/lib/adopt/service";
import { useCertificate } from "@/lib/client/inventory";
import { useAdopt, useAdoption } from "@/lib/client/rotation";

function Following({ result }: { result: AdoptResult }) {
  const cert = useCertificate(result.namespace, result.name, { refetchInterval: 1500 });
  const ready = cert.data?.row.ready;
  return (
    <Card data-testid="adopt-following">
      <CardHeader
        title={
          ready === "True" ? (
            <span data-testid="adopt-ready">Ready: cert-manager manages the Secret now</span>
          ) : (
            "Waiting for cert-manager…"
          )
        }
        description={result.reason}
      />
      <div className="px-5 pb-5 text-sm">
        <p>
          Certificate{" "}
          <Link
            className="font-mono text-sky-700 hover:underline dark:text-sky-400"
            href={`/certificates/${encodeURIComponent(result.namespace)}/${encodeURIComponent(result.name)}`}
          >
            {result.namespace}/{result.name}
          </Link>{" "}
          · issuer {result.issuer.kind} {result.issuer.name} ·{" "}
          <Badge tone={ready === "True" ? "green" : ready === "False" ? "red" : "gray"}>
            Ready {ready ?? "…"}
          </Badge>
          {result.reissueNow ? " · re-issuing now" : " · current certificate kept until renewal"}
        </p>
        {cert.data?.row.readyMessage ? (
          <p className="mt-1 text-zinc-500 dark:text-zinc-400">{cert.data.row.readyMessage}</p>
        ) : null}
      </div>
    </Card>
  );
}

/** Adopt an unmanaged TLS Secret: the matching Certificate, its issuer and what cert-manager will do. */
export function AdoptView({ namespace, name }: { namespace: string; name: string }) {
  const [choose, setChoose] = useState<{ kind: string; name: string } | undefined>();
  const [reissueNow, setReissueNow] = useState(false);
  const query = useAdoption(namespace, name, choose);
  const adopt = useAdopt(namespace, name);
  const p = query.data;

  return (
    <div className="space-y-5" data-testid="adopt-view">
      <PageHeader
        eyebrow={
          <Link className="hover:underline" href={`/secrets?namespace=${encodeURIComponent(namespace)}`}>
            TLS Secrets · {namespace}
          </Link>
        }
        title={`Adopt ${name}`}
        description="Let cert-manager renew a Secret nobody manages: a Certificate that matches what it holds, signed by an issuer that fits."
      />
      {adopt.data ? <Following result={adopt.data} /> : null}
      {query.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : query.error || !p ? (
        <ErrorPanel error={query.error} />
      ) : (
        <>
          <Card data-testid="adopt-current">
            <CardHeader title="What the Secret holds" />
            <dl className="grid gap-x-6 gap-y-1 px-5 pb-5 text-sm sm:grid-cols-2">
              <dt className="text-zinc-500">Subject</dt>
              <dd className="font-mono break-all">{p.certificate.subject}</dd>
              <dt className="text-zinc-500">Issued by</dt>
              <dd className="font-mono break-all">
                {p.certificate.issuer}
                {p.certificate.selfSigned ? " (self-signed)" : ""}
              </dd>
              <dt className="text-zinc-500">Names</dt>
              <dd className="font-mono break-all">
                {[
                  ...p.certificate.dnsNames,
                  ...p.certificate.ipAddresses,
                  ...p.certificate.uris,
                  ...p.certificate.emailAddresses,
                ].join(", ") || "—"}
              </dd>
              <dt className="text-zinc-500">Key</dt>
              <dd>
                {p.certificate.publicKeyAlgorithm} {p.certificate.publicKeySize ?? ""}
              </dd>
              <dt className="text-zinc-500">Valid</dt>
              <dd>
                {new Date(p.certificate.notBefore).toLocaleDateString()} –{" "}
                {new Date(p.certificate.notAfter).toLocaleDateString()}
              </dd>
            </dl>
          </Card>
          <Card data-testid="adopt-issuers">
            <CardHeader
              title="Issuer"
              description="Chosen from this namespace's Issuers and the cluster's ClusterIssuers, best first."
            />
            <ul className="space-y-2 px-5 pb-5 text-sm">
              {p.issuers.map((v) => {
                const selected = p.issuer?.kind === v.kind && p.issuer?.name === v.name;
                return (
                  <li key={`${v.kind}/${v.name}`} className="flex items-start gap-2">
                    <input
                      type="radio"
                      name="issuer"
                      className="mt-1"
                      aria-label={`${v.kind} ${v.name}`}
                      data-testid={`issuer-${v.kind}-${v.name}`}
                      checked={selected}
                      disabled={!v.usable}
                      onChange={() => setChoose({ kind: v.kind, name: v.name })}
                    />
                    <span>
                      <span className="font-medium">
                        {v.kind} <span className="font-mono">{v.name}</span>
                      </span>{" "}
                      <Badge tone={v.usable ? (v.signsCurrent ? "green" : "blue") : "gray"}>{v.type}</Badge>
                      <span className="block text-zinc-500 dark:text-zinc-400">{v.reason}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </Card>
          <Card data-testid="adopt-outcome">
            <CardHeader
              title={
                p.outcome
                  ? p.outcome.reissueNow
                    ? "cert-manager will re-issue at once"
                    : "cert-manager will keep the current certificate until renewal"
                  : "No issuer can sign it"
              }
              description={p.outcome?.reason}
            />
            <div className="space-y-3 px-5 pb-5 text-sm">
              {p.outcome?.renewalTime ? (
                <p>Renewal: {new Date(p.outcome.renewalTime).toLocaleString()}</p>
              ) : null}
              {p.warnings.map((w) => (
                <p key={w} className="text-amber-800 dark:text-amber-300">
                  ⚠ {w}
                </p>
              ))}
              <pre
                className="max-h-96 overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs text-zinc-800 dark:bg-zinc-950 dark:text-zinc-300"
                data-testid="adopt-yaml"
              >
                {YAML.stringify(p.manifest)}
              </pre>
              {p.outcome && !p.outcome.reissueNow ? (
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={reissueNow}
                    onChange={(e) => setReissueNow(e.target.checked)}
                    data-testid="adopt-reissue-now"
                  />
                  Re-issue now anyway (a new key and certificate from {p.issuer?.name})
                </label>
              ) : null}
              <Button
                variant="primary"
                data-testid="adopt-confirm"
                disabled={!p.issuer?.usable || adopt.isPending || !!adopt.data}
                onClick={() =>
                  p.issuer &&
                  adopt.mutate({ issuer: { kind: p.issuer.kind, name: p.issuer.name }, reissueNow })
                }
              >
                {adopt.isPending ? "Creating…" : "Create this Certificate"}
              </Button>
              {adopt.error ? <ErrorPanel error={adopt.error} /> : null}
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
