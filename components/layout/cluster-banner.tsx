"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { CloudOffIcon, RefreshIcon } from "@/components/ui/icons";
import { useHealth } from "@/lib/client/cluster";

/** Red banner under the header while the cluster cannot be reached; polls /api/healthz every 10 s. */
export function ClusterBanner() {
  const queryClient = useQueryClient();
  const { data, isFetching, refetch } = useHealth();

  if (!data || data.cluster.reachable) return null;
  const { context, server, error } = data.cluster;

  return (
    <div
      role="alert"
      data-testid="cluster-banner"
      className="border-red-700 border-b bg-red-600 text-white dark:border-red-900 dark:bg-red-950/80 dark:text-red-50"
    >
      <div className="flex flex-wrap items-start gap-x-4 gap-y-2 px-4 py-3 lg:px-8">
        <CloudOffIcon size={20} className="mt-0.5 shrink-0" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold text-sm">Cannot reach the cluster</p>
          <dl className="mt-1 grid gap-x-6 gap-y-0.5 text-red-50/90 text-xs sm:grid-cols-[auto_1fr]">
            {context ? (
              <>
                <dt className="text-red-100/70">Context</dt>
                <dd data-testid="cluster-banner-context" className="font-mono">
                  {context}
                </dd>
              </>
            ) : null}
            {server ? (
              <>
                <dt className="text-red-100/70">Server</dt>
                <dd data-testid="cluster-banner-server" className="break-all font-mono">
                  {server}
                </dd>
              </>
            ) : null}
            {error ? (
              <>
                <dt className="text-red-100/70">Error</dt>
                <dd data-testid="cluster-banner-error" className="break-words">
                  {error}
                </dd>
              </>
            ) : null}
          </dl>
        </div>
        <Button
          size="sm"
          data-testid="cluster-banner-retry"
          className="border-white/30! bg-white/10! text-white! hover:bg-white/20!"
          disabled={isFetching}
          onClick={async () => {
            await refetch();
            await queryClient.invalidateQueries();
          }}
        >
          <RefreshIcon size={14} className={isFetching ? "animate-spin" : ""} />
          Retry
        </Button>
      </div>
    </div>
  );
}
