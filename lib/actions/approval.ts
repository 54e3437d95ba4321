import "server-only";
import { HttpError } from "@/lib/http/errors";
import { retryOnConflict } from "@/lib/k8s/conflict";
import { getCertificateRequest, replaceCertificateRequestStatus } from "@/lib/k8s/request-actions";
import {
  APPROVAL_REASON,
  APPROVE_MESSAGE,
  approvalConditions,
  approvalState,
  DENY_MESSAGE,
  findCondition,
} from "./conditions";
import type { ApprovalBody } from "./schemas";
import type { ApprovalResult } from "./types";
import { auditedWrite } from "./write";

/**
 * Approves or denies a CertificateRequest as `cmctl approve|deny` does, through the audited write
 * path: refuses (409) when it is already Approved or Denied, else adds `Approved=True` /
 * `Denied=True` through `/status`, re-reading and retrying on a 409 conflict. Records a
 * `TrustdeckApprove`/`TrustdeckDeny` Event and an audit line.
 */
export async function decideCertificateRequest(
  namespace: string,
  name: string,
  decision: "approve" | "deny",
  body: ApprovalBody,
  opts: { context?: string } = {},
): Promise<ApprovalResult> {
  const { context } = opts;
  const reason = body.reason || APPROVAL_REASON;
  const message = body.message || (decision === "approve" ? APPROVE_MESSAGE : DENY_MESSAGE);
  const { value } = await auditedWrite(
    { action: decision, context, object: { kind: "CertificateRequest", namespace, name } },
    async (identity) => {
      await retryOnConflict(async () => {
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
        const conditions = approvalConditions(cr.status?.conditions, decision, reason, message, new Date());
        await replaceCertificateRequestStatus({ ...cr, status: { ...cr.status, conditions } }, { context });
      });
      const cr = await getCertificateRequest(namespace, name, { context }).catch(() => undefined);
      return {
        value: {
          namespace,
          name,
          decision: decision === "approve" ? ("approved" as const) : ("denied" as const),
          reason,
          message,
          identity,
        },
        event: {
          involved: {
            apiVersion: "cert-manager.io/v1",
            kind: "CertificateRequest",
            namespace,
            name,
            uid: cr?.metadata.uid,
          },
          message: `${decision === "approve" ? "Approved" : "Denied"} by ${identity} via Trustdeck (${reason}: ${message})`,
        },
      };
    },
  );
  return value;
}
