import type { RawIssuer } from "@/lib/k8s/issuers";
import type { IssuerRow, IssuerType } from "@/lib/types";
import type { ParsedSecretLookup } from "./certificates";
import { conditionStatus, findCondition } from "./conditions";
import { daysLeft, expiryLevel } from "./expiry";

const TYPES: IssuerType[] = ["selfSigned", "ca", "acme", "vault", "venafi"];

/** Which issuer type the spec configures (the first of the known keys that is set). */
export function issuerType(raw: RawIssuer): IssuerType {
  return TYPES.find((t) => raw.spec?.[t] !== undefined && raw.spec?.[t] !== null) ?? "unknown";
}

/**
 * Where a CA issuer's Secret lives: the Issuer's namespace, or for a ClusterIssuer the cluster
 * resource namespace (cert-manager's `--cluster-resource-namespace`). Undefined for other types.
 */
export function issuerCaSecretRef(
  raw: RawIssuer,
  kind: IssuerRow["kind"],
  clusterResourceNamespace: string,
): { namespace: string; name: string } | undefined {
  const name = raw.spec?.ca?.secretName;
  if (!name) return undefined;
  const namespace = kind === "ClusterIssuer" ? clusterResourceNamespace : (raw.metadata.namespace ?? "");
  return { namespace, name };
}

/**
 * The ACME account's state as cert-manager reports it: "registered" once `status.acme.uri` is set
 * and Ready is True (reason ACMEAccountRegistered), "failed" when Ready is False (e.g.
 * ErrRegisterACMEAccount, ErrInitIssuer: the reason and message say why), else "pending". Pure.
 */
export function acmeAccountStatus(raw: RawIssuer): "registered" | "failed" | "pending" {
  const ready = conditionStatus(raw.status?.conditions, "Ready");
  if (ready === "False") return "failed";
  if (ready === "True" && raw.status?.acme?.uri) return "registered";
  return "pending";
}

/**
 * Builds an Issuer/ClusterIssuer row. For CA issuers pass the CA Secret's lookup: its `tls.crt`
 * gives the CA subject and expiry; `caProblem` says why it could not. Pure: pass `now`.
 */
export function reshapeIssuer(
  raw: RawIssuer,
  kind: IssuerRow["kind"],
  caSecret: ParsedSecretLookup | undefined,
  now: Date,
  clusterResourceNamespace: string,
): IssuerRow {
  const ready = findCondition(raw.status?.conditions, "Ready");
  const type = issuerType(raw);
  const row: IssuerRow = {
    kind,
    namespace: kind === "Issuer" ? raw.metadata.namespace : undefined,
    name: raw.metadata.name,
    type,
    ready: conditionStatus(raw.status?.conditions, "Ready"),
    readyReason: ready?.reason,
    readyMessage: ready?.message,
  };
  if (type === "acme") {
    row.acmeServer = raw.spec.acme?.server;
    if (raw.spec.acme?.email) row.acmeEmail = raw.spec.acme.email;
    if (raw.status?.acme?.uri) row.acmeAccountUri = raw.status.acme.uri;
    row.acmeAccountStatus = acmeAccountStatus(raw);
  }
  const ref = issuerCaSecretRef(raw, kind, clusterResourceNamespace);
  if (ref) {
    row.caSecretName = ref.name;
    row.caSecretNamespace = ref.namespace;
    if (caSecret?.kind === "found") {
      const ca = caSecret.parsed.certificates[0];
      if (ca) {
        row.ca = {
          subject: ca.subject,
          notAfter: ca.notAfter,
          daysLeft: daysLeft(ca.notAfter, now),
          expiryLevel: expiryLevel({ notBefore: ca.notBefore, notAfter: ca.notAfter, now }),
        };
      } else {
        row.caProblem = caSecret.parsed.problem ?? "the CA Secret holds no certificate";
      }
    } else if (caSecret?.kind === "missing") {
      row.caProblem = `Secret ${ref.namespace}/${ref.name} does not exist`;
    } else if (caSecret?.kind === "unreadable") {
      row.caProblem = caSecret.problem;
    }
  }
  return row;
}
