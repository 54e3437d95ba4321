import type { CertificateInfo } from "@/lib/types";
import { hostMatches } from "./hosts";

/** `"CN=apisix"`-style short name of a certificate for reasons and messages. */
export function formatCert(cert: CertificateInfo): string {
  return cert.commonName ? `CN=${cert.commonName}` : cert.subject || cert.sha256Fingerprint.slice(0, 23);
}

/** Whether the certificate's DNS SANs (or, with no SANs, its CN) cover `host`. */
export function hostCovered(cert: CertificateInfo, host: string): boolean {
  const names = cert.dnsNames.length > 0 ? cert.dnsNames : cert.commonName ? [cert.commonName] : [];
  return names.some((n) => hostMatches(n, host));
}
