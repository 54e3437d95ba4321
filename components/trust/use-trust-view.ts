"use client";

import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiFetch, withQuery } from "@/lib/api-client";
import { queryKeys } from "@/lib/client/keys";
import type { TrustGraphDto, TrustGroupDto, TrustSearchDto } from "@/lib/trust/dto";
import type { GroupBy } from "@/lib/trust/layout";
import type { SummaryGroupBy, TrustGroupDetail } from "@/lib/trust/summary";

/**
 * Data hooks of the trust graph page: what it opens with (`/api/trust?view=auto`: the graph
 * whole, or its summary from SUMMARY_AT objects), the groups it expands of a summary, and the
 * server-side search of a summarised graph. Keys live under the "trust" area, so live changes
 * refresh them as they do the rest of the trust pages.
 */

/** `/api/trust?view=auto`: the page's first answer. `summaryAt` overrides the summary size (tests). */
export function useTrustView(
  namespace: string | undefined,
  groupBy: GroupBy | undefined,
  summaryAt?: number,
) {
  return useQuery({
    queryKey: [...queryKeys.trust.all, "view", namespace ?? "", groupBy ?? "", summaryAt ?? 0] as const,
    queryFn: ({ signal }) =>
      apiFetch<TrustGraphDto>(withQuery("/api/trust", { view: "auto", namespace, groupBy, summaryAt }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * `/api/trust?group=` for each of `keys` of the summary `version`: the groups loaded so far, by
 * key (a group still loading is absent), and the first error.
 */
export function useTrustGroups(opts: {
  namespace: string | undefined;
  groupBy: SummaryGroupBy;
  keys: readonly string[];
  version: string;
}): { groups: Map<string, TrustGroupDetail>; loading: number; error: Error | null } {
  const results = useQueries({
    queries: opts.keys.map((key) => ({
      queryKey: [
        ...queryKeys.trust.all,
        "group",
        opts.namespace ?? "",
        opts.groupBy,
        key,
        opts.version,
      ] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiFetch<TrustGroupDto>(
          withQuery("/api/trust", { namespace: opts.namespace, groupBy: opts.groupBy, group: key }),
          { signal },
        ),
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const datas = results.map((r) => r.data);
  const loading = results.filter((r) => r.isPending).length;
  const error = results.find((r) => r.error)?.error ?? null;
  const loadedKey = datas.map((d) => (d ? `${d.key}\u0000${d.version}` : "")).join("\u0001");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `loadedKey` stands for the answers (a new array each render)
  const groups = useMemo(() => {
    const m = new Map<string, TrustGroupDetail>();
    for (const d of datas) if (d) m.set(d.key, d);
    return m;
  }, [loadedKey]);
  return { groups, loading, error };
}

/** `/api/trust?search=`: objects of the whole graph matching `text`, each with its group. */
export function useTrustSearch(opts: {
  namespace: string | undefined;
  groupBy: SummaryGroupBy;
  text: string;
  enabled: boolean;
}) {
  const text = opts.text.trim();
  return useQuery({
    queryKey: [...queryKeys.trust.all, "search", opts.namespace ?? "", opts.groupBy, text] as const,
    queryFn: ({ signal }) =>
      apiFetch<TrustSearchDto>(
        withQuery("/api/trust", { namespace: opts.namespace, groupBy: opts.groupBy, search: text }),
        { signal },
      ),
    enabled: opts.enabled && text.length > 0,
    placeholderData: keepPreviousData,
  });
}
