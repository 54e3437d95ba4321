import "server-only";
import { scrubSecrets, scrubValue } from "./scrub";

/** One audited action: who did what to which object, and how it ended. */
export interface AuditEntry {
  /** The person (token mode: the SelfSubjectReview username) or "local-user" / "anonymous". */
  who: string;
  /** Verb in the product's words: "renew", "approve", "deny", "mtls-toggle", "probe", "sign-in", ... */
  action: string;
  /** The object acted on: kind, namespace and name (or a URL for probes). */
  object: { kind: string; namespace?: string; name?: string } | string;
  result: "ok" | "denied" | "refused" | "error";
  /** Short free text (an error message, a reason); scrubbed of key material. */
  detail?: string;
}

/**
 * Writes one structured JSON line `{"audit":true, time, who, action, object, result, detail}` to
 * stdout. Every string is scrubbed of private keys first. Never throws.
 */
export function auditLog(entry: AuditEntry): void {
  try {
    const line = scrubValue({ audit: true, time: new Date().toISOString(), ...entry });
    if (line.detail !== undefined) line.detail = scrubSecrets(line.detail).slice(0, 2000);
    console.log(JSON.stringify(line));
  } catch {
    // an audit line must never break the action it describes
  }
}
