"use client";

import { type Query, useQueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { CLUSTER_AREAS } from "@/lib/client/keys";

/** The first shown cluster query whose last fetch failed (or is failing while retried), if any. */
function failingQuery(queries: Query[]): Query | undefined {
  return queries.find(
    (q) =>
      q.getObserversCount() > 0 &&
      (CLUSTER_AREAS as readonly string[]).includes(String(q.queryKey[1])) &&
      (q.state.status === "error" || q.state.fetchFailureCount > 0),
  );
}

/**
 * A visible marker when a refresh of what is on screen fails: the rows may be stale (kept from the
 * last good answer, or from the previous filter while the new one cannot load). Disappears with the
 * next successful fetch.
 */
export function StaleBanner() {
  const client = useQueryClient();
  const cache = client.getQueryCache();
  const subscribe = useCallback((notify: () => void) => cache.subscribe(notify), [cache]);
  const snapshot = useCallback(() => {
    const q = failingQuery(cache.getAll());
    if (!q) return "";
    const err = q.state.fetchFailureReason ?? q.state.error;
    return err instanceof Error ? err.message : "request failed";
  }, [cache]);
  const message = useSyncExternalStore(subscribe, snapshot, () => "");
  if (!message) return null;
  return (
    <div
      role="alert"
      data-testid="stale-banner"
      className="border-amber-300/70 border-b bg-amber-50 px-4 py-2 text-amber-900 text-xs lg:px-8 dark:border-amber-500/30 dark:bg-amber-500/[0.07] dark:text-amber-200"
    >
      A refresh failed ({message}): what is shown may be out of date, or still from the previous filter.
      Trustdeck keeps retrying.
    </div>
  );
}
