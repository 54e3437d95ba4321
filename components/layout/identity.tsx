"use client";

import { useHealth, useMe } from "@/lib/client/cluster";

/**
 * Who you are and through which context: the user the cluster sees (SelfSubjectReview via
 * `/api/auth/me`) and the kubeconfig context the server uses for you. Every permission on every
 * page is this identity's RBAC.
 */
export function Identity() {
  const me = useMe();
  const health = useHealth();
  const user = me.data?.user?.username;
  const context = health.data?.cluster.context;
  if (!me.data && !context) return null;
  const groups = me.data?.user?.groups ?? [];
  return (
    <span
      data-testid="identity"
      data-user={user ?? ""}
      data-context={context ?? ""}
      title={`${user ? `Signed in as ${user}` : (me.data?.problem ?? "Identity unknown")}${context ? ` through context ${context}` : ""}${groups.length ? `\nGroups: ${groups.join(", ")}` : ""}`}
      className="hidden min-w-0 items-center gap-1 truncate rounded-lg border border-zinc-200 bg-white px-2 py-1 text-xs text-zinc-600 shadow-xs sm:inline-flex dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <span className="text-zinc-400 dark:text-zinc-500">as</span>
      <span className="truncate font-medium font-mono" data-testid="identity-user">
        {user ?? "unknown"}
      </span>
      {context ? (
        <>
          <span className="text-zinc-400 dark:text-zinc-500">via</span>
          <span className="truncate font-mono" data-testid="identity-context">
            {context}
          </span>
        </>
      ) : null}
    </span>
  );
}
