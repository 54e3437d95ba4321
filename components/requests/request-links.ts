import { showToast } from "@/components/ui/toast";
import type { ApprovalResult } from "@/lib/actions/types";

/** The page of one CertificateRequest. */
export function requestHref(namespace: string, name: string): string {
  return `/requests/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** The toast after an approve or deny went through. */
export function decisionToast(r: ApprovalResult): void {
  showToast(`${r.decision === "approved" ? "Approved" : "Denied"} ${r.namespace}/${r.name} (${r.reason})`);
}
