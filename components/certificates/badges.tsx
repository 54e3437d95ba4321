import { Badge } from "@/components/ui/badge";
import { AlertIcon, ClockIcon } from "@/components/ui/icons";
import { expiryLevelStyle, formatDaysLeft } from "@/lib/format";
import type { CertificateRow, CertificateState, ConditionStatus, ExpiryLevel } from "@/lib/types";

/**
 * What the state badge shows: the Ready condition only ("unknown" while cert-manager has not said).
 * Not the filter vocabulary (`CERTIFICATE_STATES` in lib/types), which adds expiry states.
 */
export type ReadinessState = Extract<CertificateState, "ready" | "not-ready" | "issuing"> | "unknown";

/**
 * One word for where a Certificate stands, from its Ready condition. Issuing only shows when Ready
 * is not yet known: a Certificate stuck issuing behind a missing issuer is Not ready, with the reason.
 */
export function certificateState(row: Pick<CertificateRow, "ready" | "issuing">): ReadinessState {
  if (row.ready === "True") return "ready";
  if (row.ready === "False") return "not-ready";
  return row.issuing ? "issuing" : "unknown";
}

const STATE_STYLE = {
  ready: { label: "Ready", tone: "green" },
  "not-ready": { label: "Not ready", tone: "red" },
  issuing: { label: "Issuing", tone: "blue" },
  unknown: { label: "Unknown", tone: "gray" },
} as const;

/** Ready / Not ready / Issuing badge; the condition message is the tooltip. */
export function StateBadge({
  row,
}: {
  row: Pick<CertificateRow, "ready" | "issuing" | "readyReason" | "readyMessage">;
}) {
  const state = certificateState(row);
  const { label, tone } = STATE_STYLE[state];
  const title = [row.readyReason, row.readyMessage].filter(Boolean).join(": ") || undefined;
  return (
    <Badge tone={tone} dot data-testid="state-badge" data-state={state} title={title}>
      {label}
    </Badge>
  );
}

export function ConditionBadge({
  status,
  trueTone = "green",
}: {
  status: ConditionStatus;
  trueTone?: "green" | "red";
}) {
  const tone =
    status === "True" ? trueTone : status === "False" ? (trueTone === "green" ? "red" : "green") : "gray";
  return (
    <Badge tone={tone} dot>
      {status}
    </Badge>
  );
}

export function ExpiryLevelBadge({ level }: { level: ExpiryLevel }) {
  const style = expiryLevelStyle(level);
  return (
    <Badge tone={style.tone} title={style.description} data-testid="expiry-level" data-level={level}>
      {style.label}
    </Badge>
  );
}

export function OverdueBadge({ compact = false }: { compact?: boolean }) {
  return (
    <Badge
      tone="red"
      data-testid="overdue-badge"
      title="The renewal time has passed and the certificate has not been renewed."
    >
      <ClockIcon size={12} />
      {compact ? <span className="sr-only">Overdue</span> : "Overdue"}
    </Badge>
  );
}

export function MismatchMarker({ compact = false }: { compact?: boolean }) {
  return (
    <Badge
      tone="violet"
      data-testid="expiry-mismatch"
      title="status.notAfter disagrees with the certificate stored in the Secret."
    >
      <AlertIcon size={12} />
      {compact ? <span className="sr-only">Expiry mismatch</span> : "Expiry mismatch"}
    </Badge>
  );
}

/** Days left, its level, and the overdue / mismatch markers. */
export function DaysLeft({
  row,
  compact = false,
}: {
  row: Pick<CertificateRow, "daysLeft" | "expiryLevel" | "renewalOverdue" | "expiryMismatch">;
  /** Overdue and mismatch as icon badges (the tooltip explains), for narrow table cells. */
  compact?: boolean;
}) {
  return (
    <div className="flex min-w-0 items-center gap-1.5">
      <span
        data-testid="days-left"
        data-level={row.expiryLevel}
        data-days={row.daysLeft === undefined ? undefined : String(Math.floor(row.daysLeft))}
        className="w-[4.75rem] shrink-0 whitespace-nowrap text-right text-sm text-zinc-700 tabular-nums dark:text-zinc-300"
      >
        {formatDaysLeft(row.daysLeft)}
      </span>
      <ExpiryLevelBadge level={row.expiryLevel} />
      {row.renewalOverdue ? <OverdueBadge compact={compact} /> : null}
      {row.expiryMismatch ? <MismatchMarker compact={compact} /> : null}
    </div>
  );
}
