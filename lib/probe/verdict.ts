/**
 * What a probe found, in the terms an operator debugs with: which layer failed. Pure.
 *
 * - `dns`: the name does not resolve;
 * - `tcp`: no TCP connection (nothing listens: ECONNREFUSED; unreachable; no answer in time);
 * - `tls`: TCP connected but no TLS handshake (the port speaks something else, no shared protocol
 *   or cipher, the server hung up or went quiet);
 * - `mtls`: the TLS handshake worked but the server turned the client away for its certificate
 *   (none sent where one is required: alert 116 certificate_required, 40 handshake_failure; or the
 *   one sent was refused: 42 bad_certificate, 48 unknown_ca, 45 certificate_expired, ...);
 * - `ok`: a handshake succeeded (without a client certificate, or with the chosen one).
 *
 * Source: issue 17 item 1 (a dead port looked like mTLS turning clients away); TLS alert numbers
 * from RFC 8446 §6 and RFC 5246 §7.2.
 */

/** The layer at which a probe (or one handshake of it) stopped, or `ok`. */
export type ProbeLayer = "dns" | "tcp" | "tls" | "mtls" | "ok";

/** One handshake attempt as the classifier reads it. */
export interface HandshakeFacts {
  ok: boolean;
  tcpConnected: boolean;
  /** The server closed right after the handshake, before any request, without an alert. */
  closedAfterHandshake?: boolean;
  error?: { code?: string; message: string };
  alert?: { number: number; description: string };
}

/** The verdict of one handshake or of the whole probe. */
export interface ProbeVerdict {
  layer: ProbeLayer;
  /** One sentence for the person, e.g. "Nothing listens on 127.0.0.1:9443 (connection refused)." */
  summary: string;
}

/** Alerts a server sends when it does not accept the client's certificate (or its absence). */
const CLIENT_CERT_ALERTS = new Set([40, 42, 43, 44, 45, 46, 48, 49, 116]);

const TCP_CODES: Record<string, string> = {
  ECONNREFUSED: "nothing listens there (connection refused)",
  ECONNRESET: "the connection was reset before TLS started",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "the network is unreachable",
  EHOSTDOWN: "the host is down",
  EADDRNOTAVAIL: "the address is not available",
};

/** Whether a failed handshake is the server turning the client away over its certificate. */
export function isClientCertificateRejection(h: HandshakeFacts): boolean {
  if (h.ok || !h.tcpConnected) return false;
  if (h.alert && CLIENT_CERT_ALERTS.has(h.alert.number)) return true;
  return /certificate required|handshake failure|peer did not return a certificate|bad certificate|unknown ca|certificate (expired|revoked|unknown)/i.test(
    h.error?.message ?? "",
  );
}

/**
 * The layer one handshake stopped at, with a sentence saying why.
 * @param where `host:port` as the person typed it.
 */
export function classifyHandshake(h: HandshakeFacts, where: string): ProbeVerdict {
  if (h.ok) return { layer: "ok", summary: `TLS handshake with ${where} succeeded.` };
  const code = h.error?.code ?? "";
  if (!h.tcpConnected) {
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      return { layer: "dns", summary: `${where}: the name does not resolve (${code}).` };
    }
    const why =
      TCP_CODES[code] ??
      (code === "ETIMEDOUT" ? "no answer in time (down, or a firewall drops the packets)" : h.error?.message);
    return { layer: "tcp", summary: `No TCP connection to ${where}: ${why ?? "it failed"}.` };
  }
  if (isClientCertificateRejection(h)) {
    const alert = h.alert ? ` (TLS alert ${h.alert.number} ${h.alert.description})` : "";
    return { layer: "mtls", summary: `${where} turned the client away over its certificate${alert}.` };
  }
  if (code === "ETIMEDOUT") {
    return { layer: "tls", summary: `TCP connected to ${where}, but no TLS handshake came back in time.` };
  }
  if (
    /wrong version number|unknown protocol|packet length too long|record layer failure/i.test(
      h.error?.message ?? "",
    )
  ) {
    return {
      layer: "tls",
      summary: `TCP connected to ${where}, but it does not speak TLS there (plain HTTP or another protocol?).`,
    };
  }
  if (code === "ECONNRESET" || /socket hang up|disconnected before/i.test(h.error?.message ?? "")) {
    return {
      layer: "tls",
      summary: `TCP connected to ${where}, but the server hung up during the TLS handshake.`,
    };
  }
  return {
    layer: "tls",
    summary: `TCP connected to ${where}, but the TLS handshake failed: ${h.error?.message ?? "unknown error"}.`,
  };
}

/**
 * The verdict of a whole probe: the handshake without a client certificate, and the one with the
 * chosen certificate when there is one. A server that turns away a client without a certificate but
 * accepts the chosen one is `ok` (mTLS works); one that refuses both is `mtls`.
 */
export function probeVerdict(
  without: HandshakeFacts,
  withCert: HandshakeFacts | undefined,
  where: string,
): ProbeVerdict {
  const first = classifyHandshake(without, where);
  if (!withCert || first.layer === "dns" || first.layer === "tcp" || first.layer === "tls") {
    if (first.layer === "mtls" && !withCert) {
      return {
        layer: "mtls",
        summary: `${where} requires a client certificate: a client without one is turned away. Choose a client certificate to test one.`,
      };
    }
    return first;
  }
  const second = classifyHandshake(withCert, where);
  // A server that keeps a connection without a certificate open but closes one with the chosen
  // certificate at once, with no alert, turned that certificate away (Node's TLS server does this).
  if (second.layer === "ok" && withCert.closedAfterHandshake && !without.closedAfterHandshake) {
    return {
      layer: "mtls",
      summary: `${where} turns the chosen client certificate away: it closed the connection right after the handshake.`,
    };
  }
  if (second.layer === "ok") {
    return first.layer === "ok"
      ? { layer: "ok", summary: `${where} accepts clients with and without the chosen certificate.` }
      : { layer: "ok", summary: `${where} requires a client certificate and accepts the chosen one.` };
  }
  if (second.layer === "mtls") {
    return { layer: "mtls", summary: `${where} turns the chosen client certificate away: ${second.summary}` };
  }
  return second;
}
