"use client";

import { DeniedReason } from "@/components/ui/dialog";
import type { GatewayActionName } from "@/lib/apisix/access-checks";
import { useGatewayAccess } from "@/lib/client/cluster";

/**
 * Whether the identity may do a Gateway write in `namespace` (SelfSubjectAccessReview on the
 * server, like the Certificates and Requests pages), and why not. Not allowed while the check is
 * in flight; a failed check is a reason too.
 */
export function useGatewayWrite(
  action: GatewayActionName,
  namespace: string,
): { allowed: boolean; reason?: string } {
  const { data, error } = useGatewayAccess(namespace);
  if (error) return { allowed: false, reason: `Could not check your permissions: ${error.message}` };
  const verdict = data?.actions[action];
  if (!verdict) return { allowed: false };
  return verdict.allowed ? { allowed: true } : { allowed: false, reason: verdict.reason };
}

/** The reason a Gateway write button is disabled, next to it. */
export function WriteDeniedReason({ reason, className = "" }: { reason?: string; className?: string }) {
  if (!reason) return null;
  return (
    <span className={className}>
      <DeniedReason reason={reason} testId="gateway-denied-reason" align="left" />
    </span>
  );
}
