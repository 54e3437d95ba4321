import { Badge } from "@/components/ui/badge";
import { formatRelative } from "@/lib/format";
import type { EventDto } from "@/lib/types";

/** Kubernetes Events, newest first: reason, Warning badge, count, age and message. */
export function EventList({ events, empty }: { events: readonly EventDto[]; empty?: string }) {
  if (events.length === 0)
    return (
      <p className="px-5 py-4 text-sm text-zinc-500 dark:text-zinc-400">
        {empty ?? "No recent events (events expire after about an hour)."}
      </p>
    );
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" data-testid="events">
      {events.map((e, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: events have no stable id
          key={i}
          className="flex gap-3 px-5 py-3"
          data-testid="event"
          data-reason={e.reason}
        >
          <span
            className={`mt-1.5 size-2 shrink-0 rounded-full ${e.type === "Warning" ? "bg-amber-500" : "bg-zinc-300 dark:bg-zinc-600"}`}
          />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium text-sm">{e.reason}</span>
              {e.type === "Warning" ? <Badge tone="amber">Warning</Badge> : null}
              {e.count > 1 ? <span className="text-xs text-zinc-500">×{e.count}</span> : null}
              <span className="ml-auto text-xs text-zinc-400 dark:text-zinc-500" title={e.lastTimestamp}>
                {formatRelative(e.lastTimestamp ?? e.firstTimestamp)}
              </span>
            </div>
            <p className="mt-0.5 break-words text-sm text-zinc-600 dark:text-zinc-400">{e.message}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
