"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type UrlPatch = Record<string, string | undefined | null>;

/**
 * Page state kept in the URL search params so links are shareable and Back undoes a change.
 * `update` merges a patch (empty values delete the key) and pushes a history entry.
 */
export function useUrlParams() {
  const pathname = usePathname();
  const searchParams = useSearchParams();

  const update = useCallback(
    (patch: UrlPatch, options: { replace?: boolean } = {}) => {
      const next = new URLSearchParams(searchParams?.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined || value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      const href = query ? `${pathname}?${query}` : pathname;
      // The native History API: Next syncs useSearchParams with it without a server round trip,
      // so a filter applies as fast as the data query (router.push would re-render on the server).
      if (options.replace) window.history.replaceState(null, "", href);
      else window.history.pushState(null, "", href);
    },
    [pathname, searchParams],
  );

  const get = useCallback((key: string) => searchParams?.get(key) ?? undefined, [searchParams]);

  return { get, update, searchParams };
}

export { oneOf } from "./url-values";
