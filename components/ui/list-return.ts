"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Breadcrumbs that go back to the list as it was left: a list page remembers its search params
 * (filters, sort) per tab in sessionStorage, and a detail page's "back" link reads them.
 */
const key = (path: string) => `trustdeck:list:${path}`;

/** Called by a list page: remembers its current query under its path. */
export function useRememberListQuery(path: string): void {
  const params = useSearchParams();
  const query = params?.toString() ?? "";
  useEffect(() => {
    try {
      sessionStorage.setItem(key(path), query);
    } catch {
      // storage unavailable (private mode quota): the breadcrumb falls back to the plain list
    }
  }, [path, query]);
}

/** The list's URL with the filters it was left with, else `fallback` (default: the plain list). */
export function useListHref(path: string, fallback?: string): string {
  const [href, setHref] = useState(fallback ?? path);
  useEffect(() => {
    try {
      const query = sessionStorage.getItem(key(path));
      if (query !== null) setHref(query ? `${path}?${query}` : path);
    } catch {
      // keep the fallback
    }
  }, [path]);
  return href;
}
