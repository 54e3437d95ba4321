import type { ReactNode } from "react";
import { AlertIcon, CloudOffIcon, LockIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client";

function describeError(error: unknown): {
  kind: "forbidden" | "policy" | "unreachable" | "invalid" | "not-found" | "other";
  title: string;
  message: string;
} {
  if (error instanceof ApiError) {
    // This server's own setting refused it: not a Kubernetes permission, no identity involved.
    if (error.policy)
      return { kind: "policy", title: "Refused by this server's policy", message: error.message };
    if (error.status === 403)
      return {
        kind: "forbidden",
        title: "Permission denied",
        message: `Permission denied: ${error.message}`,
      };
    if (error.status === 503)
      return { kind: "unreachable", title: "Cannot reach the cluster", message: error.message };
    if (error.status === 422) return { kind: "invalid", title: "Invalid request", message: error.message };
    if (error.status === 404) return { kind: "not-found", title: "Not found", message: error.message };
    if (error.status === 0)
      return { kind: "unreachable", title: "Trustdeck server unreachable", message: error.message };
    return { kind: "other", title: `Request failed (${error.status})`, message: error.message };
  }
  return {
    kind: "other",
    title: "Something went wrong",
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Explains a failed request: who was denied what (403), what was tried (503), which field (422). */
export function ErrorPanel({ error, action }: { error: unknown; action?: ReactNode }) {
  const { kind, title, message } = describeError(error);
  const api = error instanceof ApiError ? error : undefined;
  const Icon =
    kind === "forbidden" || kind === "policy" ? LockIcon : kind === "unreachable" ? CloudOffIcon : AlertIcon;
  const tone =
    kind === "forbidden" || kind === "policy"
      ? "border-amber-300/70 bg-amber-50 dark:border-amber-500/30 dark:bg-amber-500/[0.07]"
      : "border-red-300/70 bg-red-50 dark:border-red-500/30 dark:bg-red-500/[0.07]";
  const iconTone =
    kind === "forbidden" || kind === "policy"
      ? "bg-amber-100 text-amber-700 dark:bg-amber-500/15 dark:text-amber-300"
      : "bg-red-100 text-red-700 dark:bg-red-500/15 dark:text-red-300";

  return (
    <div
      role="alert"
      data-testid="error-panel"
      data-status={api ? String(api.status) : undefined}
      data-kind={kind}
      className={`flex gap-4 rounded-xl border p-5 ${tone}`}
    >
      <div className={`flex size-9 shrink-0 items-center justify-center rounded-lg ${iconTone}`}>
        <Icon size={18} />
      </div>
      <div className="min-w-0 flex-1">
        <h3 className="font-semibold text-sm text-zinc-900 dark:text-zinc-100">{title}</h3>
        <p data-testid="error-message" className="mt-1 break-words text-sm text-zinc-700 dark:text-zinc-300">
          {message}
        </p>
        {api?.denied ? (
          <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
            <div>
              <dt className="inline text-zinc-500">Verb </dt>
              <dd className="inline font-mono text-zinc-800 dark:text-zinc-200">{api.denied.verb}</dd>
            </div>
            <div>
              <dt className="inline text-zinc-500">Resource </dt>
              <dd data-testid="denied-resource" className="inline font-mono text-zinc-800 dark:text-zinc-200">
                {api.denied.group ? `${api.denied.resource}.${api.denied.group}` : api.denied.resource}
              </dd>
            </div>
            {api.denied.namespace ? (
              <div>
                <dt className="inline text-zinc-500">Namespace </dt>
                <dd className="inline font-mono text-zinc-800 dark:text-zinc-200">{api.denied.namespace}</dd>
              </div>
            ) : null}
          </dl>
        ) : null}
        {api?.issues?.length ? (
          <ul className="mt-3 space-y-1 text-xs text-zinc-700 dark:text-zinc-300">
            {api.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                <span className="font-mono">{issue.path || "(request)"}</span>: {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
        {kind === "policy" && api?.policy ? (
          <p data-testid="policy-hint" className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            The Trustdeck server's <span className="font-mono">{api.policy}</span> setting does not allow
            this. An administrator of this Trustdeck server can change it; your Kubernetes permissions play no
            part.
          </p>
        ) : null}
        {kind === "forbidden" ? (
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            Ask a cluster admin to grant this permission to the identity above, or switch to another context.
          </p>
        ) : null}
        {action ? <div className="mt-4">{action}</div> : null}
      </div>
    </div>
  );
}
