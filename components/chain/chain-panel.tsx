"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api-client";
import { useCertificateChain } from "@/lib/client/trust";
import { ChainLadder } from "./chain-ladder";

/** The chain ladder of one Certificate, read from `GET /api/certificates/{ns}/{name}/chain`. */
export function ChainPanel({ namespace, name }: { namespace: string; name: string }) {
  const { data, error, isPending } = useCertificateChain(namespace, name);
  if (isPending) return <Skeleton className="mt-4 h-40 w-full rounded-lg" />;
  if (error || !data) {
    return (
      <p data-testid="chain-panel-error" className="mt-4 text-sm text-red-700 dark:text-red-400">
        The chain could not be read: {error instanceof ApiError ? error.message : String(error)}
      </p>
    );
  }
  return (
    <div data-testid="chain-panel" data-source={data.source} className="mt-4 space-y-3">
      {data.notice ? <p className="text-xs text-amber-700 dark:text-amber-300">{data.notice}</p> : null}
      {data.source === "certificate-request" && data.requestName ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Read from CertificateRequest <span className="font-mono">{data.requestName}</span>.
        </p>
      ) : null}
      {data.verdict ? (
        <ChainLadder
          verdict={data.verdict}
          now={new Date(data.generatedAt)}
          {...(data.renewalTime ? { renewalTime: data.renewalTime } : {})}
        />
      ) : null}
    </div>
  );
}
