// Step titles and the fix, in plain words, for each way a step fails or waits. The commands are
// kubectl's and cmctl's (cert-manager's CLI), so they work without Trustdeck too.
import type { DoctorInput, StepId, StepResult } from "./types";

/** Ladder titles, in cert-manager's order. */
export const ISSUANCE_STEP_TITLES: Record<StepId, string> = {
  "issuer-ready": "Issuer Ready",
  "spec-accepted": "Certificate spec accepted",
  "private-key": "Private key",
  "request-created": "CertificateRequest created",
  approved: "Request approved",
  "issuer-picked-up": "Picked up by the issuer",
  "acme-order": "ACME Order",
  "acme-challenges": "ACME Challenges",
  "secret-written": "Secret written",
  "key-matches": "Key matches certificate",
};

/**
 * The fix for a failing or waiting step: the field to change or the command to run.
 * @param step a step whose state is failing or current
 * @param input the doctor's input (names for the commands)
 */
export function fixFor(step: StepResult, input: DoctorInput): string | undefined {
  const cert = input.certificate;
  const ns = cert.metadata.namespace ?? "default";
  const ref = cert.spec.issuerRef;
  const kind = ref.kind ?? "Issuer";
  const issuer = "found" in input.issuer && input.issuer.found ? input.issuer.issuer : undefined;
  const obj = step.object;
  switch (`${step.id}:${step.reason ?? ""}`) {
    case "issuer-ready:IssuerNotFound":
      return `Create the ${kind} "${ref.name}"${kind === "Issuer" ? ` in namespace ${ns}` : ""}, or point spec.issuerRef.name of Certificate ${ns}/${cert.metadata.name} at an existing issuer (kubectl get issuers,clusterissuers -A).`;
    case "issuer-ready:ErrRegisterACMEAccount":
    case "issuer-ready:ErrInitIssuer":
      return `The ACME account could not be registered: check that spec.acme.server (${issuer?.spec.acme?.server ?? "the directory URL"}) is reachable from cert-manager and that spec.acme.caBundle trusts its TLS certificate; cert-manager retries on its own once it is.`;
    case "issuer-ready:NotChecked":
      return "Wait a few seconds; if it stays so, check that the cert-manager controller is running (kubectl -n cert-manager get pods).";
  }
  switch (step.id) {
    case "issuer-ready":
      if (issuer?.spec.ca)
        return `Fix the CA Secret "${issuer.spec.ca.secretName}" of the ${kind} (tls.crt and tls.key of one CA key pair); see the message above.`;
      return `Fix the ${kind} "${ref.name}" as its Ready message says (kubectl describe ${kind.toLowerCase()} ${ref.name}).`;
    case "spec-accepted":
      return "Wait for cert-manager to read the new spec; if it stays so, check that the cert-manager controller is running.";
    case "private-key":
      return "cert-manager is generating the key; if it stays so, check the controller's log for Secret write errors (RBAC on secrets).";
    case "request-created":
      if (step.reason === "RenewalOverdue")
        return `Trigger the renewal by hand: cmctl renew -n ${ns} ${cert.metadata.name} (or Renew on this page), then check the cert-manager controller is running.`;
      return "cert-manager creates the request next; if it stays so, check the cert-manager controller's log.";
    case "approved":
      if (step.reason === "Denied")
        return `A denied request is final: fix what the approver objected to, then start a new issuance with cmctl renew -n ${ns} ${cert.metadata.name} (cert-manager also retries after its back-off).`;
      return `Approve or deny it: cmctl approve -n ${ns} ${obj?.name ?? "<request>"} (or Approve on the request's page). For cert-manager's own issuers the built-in approver does this; if it does not, check approver-policy or --controllers.`;
    case "issuer-picked-up":
      if (step.reason === "NotPickedUp")
        return `No controller signs requests for ${ref.group ?? "cert-manager.io"} ${kind} "${ref.name}": install or start that issuer's controller, or change spec.issuerRef.`;
      if (step.reason === "IssuerNotReady")
        return `Make the ${kind} "${ref.name}" Ready first (see the Issuer Ready step).`;
      return `Read the request's failure message; fix the issuer or the Certificate's spec, then cmctl renew -n ${ns} ${cert.metadata.name}.`;
    case "acme-order":
      if (step.state === "failing")
        return `The ACME server refused the Order; read its reason, fix the cause (names it will not certify, rate limits, account), then cmctl renew -n ${ns} ${cert.metadata.name} for a new Order.`;
      return "cert-manager creates the Order at the ACME server next; if it stays so, check the Issuer and the controller's log.";
    case "acme-challenges":
      switch (step.reason) {
        case "SelfCheckFailed":
          return "Nothing answers http://<domain>/.well-known/acme-challenge/<token> with the token: make the domain resolve to your ingress or gateway, check the solver's ingressClassName (or gatewayHTTPRoute) and that the solver Pod runs and is reachable on port 80.";
        case "PropagationCheckFailed":
          return "The TXT record _acme-challenge.<domain> is not visible at the nameservers cert-manager asks: check the DNS-01 solver's zone and nameserver, and --dns01-recursive-nameservers.";
        case "PresentError":
          return "cert-manager could not create the challenge record: check the solver's credentials (for RFC 2136: tsigKeyName, tsigAlgorithm and the Secret in tsigSecretSecretRef must match the nameserver's key) and that the nameserver accepts updates for the zone.";
        case "ChallengeInvalid":
          return `The ACME server rejected the challenge; fix what its error names, then cmctl renew -n ${ns} ${cert.metadata.name} for a new Order (failed Orders are not retried at once).`;
        default:
          return "Wait: cert-manager is presenting the challenge and the ACME server validates it.";
      }
    case "secret-written":
      return "cert-manager writes the Secret once the request is signed; if it stays so, check the controller's RBAC on secrets.";
    case "key-matches":
      return `Let cert-manager write a matching pair: delete Secret ${ns}/${cert.spec.secretName} or run cmctl renew -n ${ns} ${cert.metadata.name}; never edit tls.key by hand.`;
  }
  return undefined;
}
