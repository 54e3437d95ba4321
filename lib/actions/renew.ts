import "server-only";
import { mergePatchCertificate, replaceCertificateStatus } from "@/lib/k8s/certificate-actions";
import { getCertificate, type RawCertificate } from "@/lib/k8s/certificates";
import { MAX_CONFLICT_RETRIES, retryOnConflict } from "@/lib/k8s/conflict";
import { getSecretFacts } from "@/lib/k8s/secrets";
import { parseCertificatesPem } from "@/lib/x509/parse";
import { renewConditions } from "./conditions";
import type { CertificateSnapshot, RenewResult, RotateResult } from "./types";
import { auditedWrite, auditStep } from "./write";

/** How many times a 409 on the status update is retried with a fresh read. */
export { MAX_CONFLICT_RETRIES };

/** Public facts of the certificate currently in the Secret (nothing when it cannot be read). */
export async function snapshotCertificate(
  cert: RawCertificate,
  context?: string,
): Promise<CertificateSnapshot> {
  const snap: CertificateSnapshot = { revision: cert.status?.revision };
  try {
    const facts = await getSecretFacts(cert.metadata.namespace ?? "", cert.spec.secretName, { context });
    const leaf = facts?.tlsCrt ? parseCertificatesPem(facts.tlsCrt)[0] : undefined;
    if (leaf) {
      snap.serialNumber = leaf.serialNumber;
      snap.notBefore = leaf.notBefore;
      snap.notAfter = leaf.notAfter;
      snap.publicKeyFingerprint = leaf.publicKeyFingerprint;
    }
  } catch {
    // an identity that may not read Secrets still renews; it just sees less of what changed
  }
  return snap;
}

function effectivePolicy(cert: RawCertificate): "Always" | "Never" {
  // cert-manager >= 1.18 treats an unset rotationPolicy as Always.
  return cert.spec.privateKey?.rotationPolicy === "Never" ? "Never" : "Always";
}

/**
 * Sets `Issuing=True` (reason ManuallyTriggered) through `/status`, exactly as `cmctl renew`,
 * re-reading and retrying up to MAX_CONFLICT_RETRIES times on 409. Like cmctl it refuses nothing but a
 * missing Certificate: a Certificate already being issued gets the condition set again.
 */
async function triggerIssuance(
  namespace: string,
  name: string,
  context: string | undefined,
): Promise<{ before: RawCertificate; retries: number }> {
  let first: RawCertificate | undefined;
  return retryOnConflict(async (attempt) => {
    const cert = await getCertificate(namespace, name, { context });
    first ??= cert;
    const updated: RawCertificate = {
      ...cert,
      status: {
        ...cert.status,
        conditions: renewConditions(cert.status?.conditions, cert.metadata.generation, new Date()),
      },
    };
    await replaceCertificateStatus(updated, { context });
    return { before: first, retries: attempt };
  });
}

function involved(cert: RawCertificate) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    namespace: cert.metadata.namespace ?? "",
    name: cert.metadata.name,
    uid: cert.metadata.uid,
  };
}

/**
 * Renews a Certificate as `cmctl renew` does, through the audited write path (a `TrustdeckRenew`
 * Event and an audit line). Answers what the Secret held before, so the caller can show what
 * changed once the new revision is Ready.
 */
export async function renewCertificate(
  namespace: string,
  name: string,
  opts: { context?: string; message?: string } = {},
): Promise<RenewResult> {
  const { context } = opts;
  const { value } = await auditedWrite(
    { action: "renew", context, object: { kind: "Certificate", namespace, name } },
    async (identity) => {
      const current = await getCertificate(namespace, name, { context });
      const previous = await snapshotCertificate(current, context);
      const { before, retries } = await triggerIssuance(namespace, name, context);
      const policy = effectivePolicy(before);
      return {
        value: {
          namespace,
          name,
          previous,
          rotationPolicy: policy,
          newKeyExpected: policy === "Always",
          retries,
          identity,
        },
        event: {
          involved: involved(before),
          message: `Re-issuance triggered by ${identity} via Trustdeck${opts.message ? `: ${opts.message}` : ""} (rotationPolicy ${policy}: ${
            policy === "Always" ? "a new private key will be generated" : "the private key is reused"
          })`,
        },
      };
    },
  );
  return value;
}

/**
 * Rotates a Certificate's private key: sets `spec.privateKey.rotationPolicy: Always` with a merge
 * patch when it is not already explicitly Always (and says so in the answer), then renews.
 */
export async function rotateCertificate(
  namespace: string,
  name: string,
  opts: { context?: string; message?: string } = {},
): Promise<RotateResult> {
  const { context } = opts;
  const target = { action: "rotate", context, object: { kind: "Certificate", namespace, name } } as const;
  const { value } = await auditedWrite(target, async (identity) => {
    const current = await getCertificate(namespace, name, { context });
    const previous = await snapshotCertificate(current, context);
    let policyChanged: RotateResult["policyChanged"];
    const explicit = current.spec.privateKey?.rotationPolicy;
    if (explicit !== "Always") {
      await mergePatchCertificate(
        namespace,
        name,
        { spec: { privateKey: { rotationPolicy: "Always" } } },
        { context },
      );
      policyChanged = { from: explicit ?? "unset (controller default)", to: "Always" };
      auditStep(target, identity, `spec.privateKey.rotationPolicy ${policyChanged.from} -> Always`);
    }
    const { before, retries } = await triggerIssuance(namespace, name, context);
    return {
      value: {
        namespace,
        name,
        previous,
        previousPublicKeyFingerprint: previous.publicKeyFingerprint,
        rotationPolicy: "Always" as const,
        newKeyExpected: true,
        retries,
        identity,
        ...(policyChanged ? { policyChanged } : {}),
      },
      event: {
        involved: involved(before),
        message: `Private key rotation triggered by ${identity} via Trustdeck${opts.message ? `: ${opts.message}` : ""}${
          policyChanged
            ? ` (spec.privateKey.rotationPolicy changed from ${policyChanged.from} to Always)`
            : ""
        }`,
      },
    };
  });
  return value;
}
