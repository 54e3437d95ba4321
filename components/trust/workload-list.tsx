import type { WorkloadVisibility } from "@/lib/trust/workloads";

/** Workloads (by controller) that mount a trust object, and where Pods could not be listed. */
export function WorkloadList({ visibility }: { visibility: WorkloadVisibility }) {
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
      {visibility.workloads.map((w) => (
        <li key={`${w.namespace}/${w.kind}/${w.name}`} data-testid="workload">
          {w.kind}{" "}
          <span className="font-mono">
            {w.namespace}/{w.name}
          </span>{" "}
          ({w.pods.length} pod{w.pods.length === 1 ? "" : "s"}) mounts {w.mounts.join(", ")}
        </li>
      ))}
      {visibility.hidden.map((h) => (
        <li key={h.namespace} className="text-amber-800 dark:text-amber-300" data-testid="workloads-hidden">
          {h.message}
        </li>
      ))}
      {visibility.workloads.length === 0 && visibility.hidden.length === 0 ? (
        <li>none seen (no Pod mounts it)</li>
      ) : null}
    </ul>
  );
}
