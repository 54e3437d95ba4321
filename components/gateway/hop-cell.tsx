import type { HopCell as HopCellDto, HopLevel } from "@/lib/apisix/types";

const STYLE: Record<HopLevel, string> = {
  green:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/20 hover:bg-emerald-100 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-500/25 dark:hover:bg-emerald-500/20",
  amber:
    "bg-amber-50 text-amber-900 ring-amber-600/25 hover:bg-amber-100 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25 dark:hover:bg-amber-400/20",
  red: "bg-red-50 text-red-800 ring-red-600/20 hover:bg-red-100 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-500/25 dark:hover:bg-red-500/20",
};
const DOT: Record<HopLevel, string> = { green: "bg-emerald-500", amber: "bg-amber-500", red: "bg-red-500" };

/** The words for a hop level (never the colour's name). */
export const LEVEL_WORD: Record<HopLevel, string> = { green: "OK", amber: "at risk", red: "broken" };

/** One coloured hop cell: the reason shows on hover and, on click, in the details panel. */
export function HopCell({
  cell,
  label,
  selected,
  onSelect,
  testId,
}: {
  cell: HopCellDto;
  label: string;
  selected: boolean;
  onSelect: () => void;
  testId: string;
}) {
  return (
    <button
      type="button"
      title={cell.reason}
      aria-label={`${label}: ${LEVEL_WORD[cell.level]}. ${cell.reason}`}
      aria-pressed={selected}
      data-testid={testId}
      data-level={cell.level}
      onClick={onSelect}
      className={`flex w-full items-start gap-2 rounded-lg px-2.5 py-2 text-left text-xs ring-1 ring-inset transition-colors ${STYLE[cell.level]} ${
        selected ? "outline-2 outline-sky-500 outline-offset-1" : ""
      }`}
    >
      <span className={`mt-1 size-2 shrink-0 rounded-full ${DOT[cell.level]}`} aria-hidden="true" />
      <span className="line-clamp-2">{cell.reason}</span>
    </button>
  );
}
