import "server-only";
import { HttpError } from "@/lib/http/errors";
import { KubeError } from "@/lib/k8s/errors";
import { getCertificateRequest, replaceCertificateRequestStatus } from "@/lib/k8s/request-actions";
import { actorFor, audited, recordActionEvent } from "./audit";
import {
  APPROVAL_REASON,
  APPROVE_MESSAGE,
  approvalConditions,
  approvalState,
  DENY_MESSAGE,
  findCondition,
} from "./conditions";
import { MAX_CONFLICT_RETRIES } from "./renew";
import type { ApprovalBody } from "./schemas";
import type { ApprovalResult } from "./types";

/**
 * Approves or denies a CertificateRequest as `cmctl approve|deny` does: refuses (409) when it is
 * already Approved or Denied, else adds `Approved=True` / `Denied=True` through `/status`,
 * re-reading and retrying on a 409 conflict. Records a `TrustdeckApprove`/`TrustdeckDeny` Event.
 */
export async function decideCertificateRequest(
  namespace: string,
  name: string,
  decision: "approve" | "deny",
  body: ApprovalBody,
  opts: { context?: string } = {},
): Promise<ApprovalResult> {
  const { context } = opts;
  const identity = await actorFor(context);
  const reason = body.reason || APPROVAL_REASON;
  const message = body.message || (decision === "approve" ? APPROVE_MESSAGE : DENY_MESSAGE);
  return audited(
    { action: decision, who: identity, context, object: { kind: "CertificateRequest", namespace, name } },
    async () => {
      for (let attempt = 0; ; attempt++) {
        const cr = await getCertificateRequest(namespace, name, { context });
        const state = approvalState(cr.status?.conditions);
        if (state !== "pending") {
          const c = findCondition(cr.status?.conditions, state === "approved" ? "Approved" : "Denied");
          throw new HttpError(
            409,
            `CertificateRequest ${namespace}/${name} is already ${state}${
              c?.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ""})` : ""
            }; an approval decision cannot be changed`,
          );
        }
        const updated = {
          ...cr,
          status: {
            ...cr.status,
            conditions: approvalConditions(cr.status?.conditions, decision, reason, message, new Date()),
          },
        };
        try {
          await replaceCertificateRequestStatus(updated, { context });
          break;
        } catch (err) {
          if (!(err instanceof KubeError && err.status === 409) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        }
      }
      const cr = await getCertificateRequest(namespace, name, { context }).catch(() => undefined);
      await recordActionEvent(
        decision,
        {
          apiVersion: "cert-manager.io/v1",
          kind: "CertificateRequest",
          namespace,
          name,
          uid: cr?.metadata.uid,
        },
        `${decision === "approve" ? "Approved" : "Denied"} by ${identity} via Trustdeck (${reason}: ${message})`,
        context,
      );
      return {
        namespace,
        name,
        decision: decision === "approve" ? "approved" : "denied",
        reason,
        message,
        identity,
      };
    },
  );
}
