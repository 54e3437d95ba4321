import type { ReactNode } from "react";

/** Plain (non-virtualised) table for short lists: conditions, requests, events, issuers. */
export function DataTable({
  headers,
  children,
  testId,
  minWidth = 720,
}: {
  headers: ReactNode[];
  children: ReactNode;
  testId?: string;
  minWidth?: number;
}) {
  return (
    <div className="scroll-thin overflow-x-auto">
      <table data-testid={testId} className="w-full text-left text-sm" style={{ minWidth }}>
        <thead>
          <tr className="border-zinc-200 border-b bg-zinc-50/80 dark:border-zinc-800 dark:bg-zinc-900/80">
            {headers.map((h, i) => (
              <th
                // biome-ignore lint/suspicious/noArrayIndexKey: headers are static
                key={i}
                scope="col"
                className="whitespace-nowrap px-4 py-2.5 font-medium text-[11px] text-zinc-500 uppercase tracking-wider dark:text-zinc-400"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">{children}</tbody>
      </table>
    </div>
  );
}

export function Td({ children, className = "" }: { children?: ReactNode; className?: string }) {
  return <td className={`px-4 py-3 align-middle ${className}`}>{children}</td>;
}

export const trClass = "transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/30";
