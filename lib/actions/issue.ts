import "server-only";
import { ZodError } from "zod";
import { createCertificate, findIssuer } from "@/lib/k8s/certificate-actions";
import { buildCertificate } from "./build-certificate";
import { findCondition } from "./conditions";
import type { IssueInput } from "./issue-schema";
import type { IssueResult } from "./types";
import { auditedWrite } from "./write";

function issuerProblem(path: string[], message: string): ZodError {
  return new ZodError([{ code: "custom", path, message, input: undefined }]);
}

/**
 * Checks that the issuer an IssueInput names exists and is Ready (built-in `cert-manager.io`
 * issuers only; an external issuer group cannot be checked).
 * @throws ZodError (→ 422 naming `issuerRef.name`) when it is missing or not Ready.
 */
export async function assertIssuerReady(input: IssueInput, context?: string): Promise<void> {
  const group = input.issuerRef.group;
  if (group && group !== "cert-manager.io") return;
  const { kind, name } = input.issuerRef;
  const issuer = await findIssuer(input.issuerRef, input.namespace, { context });
  const where = kind === "Issuer" ? ` in namespace ${input.namespace}` : "";
  if (!issuer) throw issuerProblem(["issuerRef", "name"], `${kind} "${name}" does not exist${where}`);
  const ready = findCondition(issuer.status?.conditions, "Ready");
  if (ready?.status !== "True") {
    const why = ready
      ? `${ready.reason ?? ready.status}${ready.message ? `: ${ready.message}` : ""}`
      : "no Ready condition yet";
    throw issuerProblem(["issuerRef", "name"], `${kind} "${name}"${where} is not Ready (${why})`);
  }
}

/**
 * Issues a certificate through the audited write path: checks the issuer, creates the Certificate
 * built by `buildCertificate`, records a `TrustdeckIssue` Event and an audit line. Nothing is
 * created when a check fails. A 409 (it exists already) is explained by the cluster's message.
 */
export async function issueCertificate(
  input: IssueInput,
  opts: { context?: string } = {},
): Promise<IssueResult> {
  const { context } = opts;
  const { value } = await auditedWrite(
    {
      action: "issue",
      context,
      object: { kind: "Certificate", namespace: input.namespace, name: input.name },
    },
    async (identity) => {
      await assertIssuerReady(input, context);
      const manifest = buildCertificate(input);
      const created = await createCertificate(
        manifest as unknown as Parameters<typeof createCertificate>[0],
        {
          context,
        },
      );
      return {
        value: {
          namespace: input.namespace,
          name: input.name,
          certificate: {
            metadata: { name: input.name, namespace: input.namespace, uid: created.metadata.uid },
            spec: created.spec as Record<string, unknown>,
          },
          identity,
        },
        event: {
          involved: {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            namespace: input.namespace,
            name: input.name,
            uid: created.metadata.uid,
            resourceVersion: created.metadata.resourceVersion,
          },
          message: `Certificate created by ${identity} via Trustdeck (issuer ${input.issuerRef.kind}/${input.issuerRef.name})`,
        },
      };
    },
  );
  return value;
}
