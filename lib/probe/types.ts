import type { CertificateInfo } from "@/lib/types";
import type { ProbeLayer, ProbeVerdict } from "./verdict";

/** Outcome of one handshake as the browser sees it (no key material, no raw errors with data). */
export interface ProbeHandshakeDto {
  ok: boolean;
  /** Whether a TCP connection was made at all. */
  tcpConnected: boolean;
  /** Where this handshake stopped (dns, tcp, tls, mtls) or `ok`. */
  layer: ProbeLayer;
  protocol?: string;
  cipher?: string;
  error?: string;
  alert?: { number: number; description: string };
  durationMs: number;
}

/** Body of a `POST /api/probe` answer. */
export interface ProbeResultDto {
  target: { host: string; port: number; sni?: string; address: string };
  /** Served chain, leaf first, parsed with lib/x509. */
  servedChain: CertificateInfo[];
  /** The ApisixTls covering the SNI and the certificate its Secret holds. */
  stored?: {
    tls: { namespace: string; name: string; matchedBy: string };
    secret: { namespace: string; name: string };
    certificate?: CertificateInfo;
    problem?: string;
  };
  /** "match": served leaf = stored leaf; "drift": they differ (fingerprint / notAfter). */
  drift?: { state: "match" | "drift" | "unknown"; message: string };
  clientCertificate: {
    /** Whether the server asks for a client certificate (CertificateRequest seen, or an empty one rejected). */
    requested: boolean | "unknown";
    /** Whether it rejects a handshake without one. */
    required: boolean;
    /** CA names from the CertificateRequest (TLS 1.2), when the server offers TLS 1.2. */
    caNames: string[];
    how: string;
  };
  withoutClientCert: ProbeHandshakeDto;
  /**
   * The probe's finding in one place: the layer it stopped at (`dns`, `tcp`: nothing to connect to;
   * `tls`: connected, no TLS; `mtls`: TLS works, the client was turned away over its certificate)
   * or `ok`, and one sentence saying so.
   */
  verdict: ProbeVerdict;
  /** Present when a client certificate Secret was chosen. */
  withClientCert?: ProbeHandshakeDto & { secret: { namespace: string; name: string }; subject?: string };
}
