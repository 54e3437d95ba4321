import { Badge } from "@/components/ui/badge";
import type { Tone } from "@/lib/format";

/** ACME states (RFC 8555 §7.1.6, plus cert-manager's errored / expired) and their tones. */
const TONES: Record<string, Tone> = {
  valid: "green",
  pending: "blue",
  ready: "blue",
  processing: "blue",
  invalid: "red",
  errored: "red",
  expired: "gray",
};

/** The state of an Order or Challenge; "not sent" before cert-manager has created it at the server. */
export function AcmeStateBadge({ state }: { state?: string }) {
  return (
    <Badge
      tone={state ? (TONES[state] ?? "gray") : "gray"}
      dot
      data-testid="acme-state"
      data-state={state ?? ""}
    >
      {state ?? "not sent"}
    </Badge>
  );
}
