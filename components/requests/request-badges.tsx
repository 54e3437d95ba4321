import { Badge } from "@/components/ui/badge";
import type { CertificateRequestRow } from "@/lib/types";

/** Approved / Denied / Pending approval; approval is final once set (cert-manager never flips it). */
export function ApprovalBadge({ request }: { request: CertificateRequestRow }) {
  const title = [request.approvalReason, request.approvalMessage].filter(Boolean).join(": ") || undefined;
  if (request.denied)
    return (
      <Badge tone="red" dot title={title} data-testid="approval-badge" data-approval="denied">
        Denied
      </Badge>
    );
  if (request.approved)
    return (
      <Badge tone="green" dot title={title} data-testid="approval-badge" data-approval="approved">
        Approved
      </Badge>
    );
  return (
    <Badge tone="amber" dot data-testid="approval-badge" data-approval="pending">
      Pending approval
    </Badge>
  );
}

export function RequestReadyBadge({ request }: { request: CertificateRequestRow }) {
  const title = [request.readyReason, request.readyMessage].filter(Boolean).join(": ") || undefined;
  const tone =
    request.ready === "True"
      ? "green"
      : request.ready === "False"
        ? request.denied
          ? "red"
          : "gray"
        : "gray";
  const label =
    request.ready === "True"
      ? "Ready"
      : (request.readyReason ?? (request.ready === "False" ? "Not ready" : "Unknown"));
  return (
    <Badge tone={tone} title={title} data-testid="request-ready" data-ready={request.ready}>
      {label}
    </Badge>
  );
}
