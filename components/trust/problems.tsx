import { Badge } from "@/components/ui/badge";
import type { Tone } from "@/lib/format";
import type { Severity } from "@/lib/trust/types";

export const SEVERITY_TONE: Record<Severity | "ok", Tone> = {
  critical: "red",
  warning: "amber",
  info: "blue",
  ok: "green",
};

const SEVERITY_LABEL: Record<Severity | "ok", string> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
  ok: "OK",
};

export function SeverityBadge({ severity }: { severity: Severity | "ok" }) {
  return (
    <Badge tone={SEVERITY_TONE[severity]} dot data-testid="severity-badge" data-severity={severity}>
      {SEVERITY_LABEL[severity]}
    </Badge>
  );
}

export interface ProblemLike {
  code: string;
  severity: Severity;
  message: string;
  fix: string;
}

/** Problems with their one-line fixes, worst first as given. */
export function ProblemList({
  problems,
  testId = "problem",
}: {
  problems: readonly ProblemLike[];
  testId?: string;
}) {
  if (problems.length === 0) return null;
  return (
    <ul className="space-y-2">
      {problems.map((p, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: the same code can repeat for different certificates
          key={`${p.code}-${i}`}
          data-testid={testId}
          data-code={p.code}
          data-severity={p.severity}
          className="rounded-lg border border-zinc-200 bg-zinc-50/60 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900/60"
        >
          <div className="flex items-center gap-2">
            <SeverityBadge severity={p.severity} />
            <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{p.code}</span>
          </div>
          <p className="mt-1.5 text-[13px] text-zinc-800 dark:text-zinc-200">{p.message}</p>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            <span className="font-medium text-emerald-700 dark:text-emerald-400">Fix: </span>
            {p.fix}
          </p>
        </li>
      ))}
    </ul>
  );
}
