"use client";

import { useQuery } from "@tanstack/react-query";
import type { AccessResult } from "@/lib/actions/types";
import { apiFetch, withQuery } from "@/lib/api-client";
import { queryKeys } from "@/lib/queries";

/** Query keys of the actions area (under the app-wide prefix, so a context switch refetches them). */
export const actionKeys = {
  access: (namespace?: string) => [...queryKeys.all, "access", namespace ?? ""] as const,
};

/** What the current identity may do in `namespace` (SelfSubjectAccessReviews on the server). */
export function useAccess(namespace?: string) {
  return useQuery({
    queryKey: actionKeys.access(namespace),
    queryFn: ({ signal }) => apiFetch<AccessResult>(withQuery("/api/access", { namespace }), { signal }),
    staleTime: 30_000,
  });
}

/** POSTs a JSON body to an action route. */
export function postAction<T>(path: string, body: unknown = {}): Promise<T> {
  return apiFetch<T>(path, { method: "POST", body: JSON.stringify(body) });
}
