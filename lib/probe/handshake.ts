import "server-only";
import "reflect-metadata";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import * as x509 from "@peculiar/x509";

/** Outcome of one TLS handshake attempt. Never holds key material. */
export interface HandshakeResult {
  ok: boolean;
  /** Whether the TCP connection was made (false: refused, unreachable or timed out before it). */
  tcpConnected: boolean;
  /** The server closed the connection right after the handshake, before any request (no alert). */
  closedAfterHandshake?: boolean;
  /** The served chain as PEM, leaf first (when the server got as far as sending it). */
  chainPem: string[];
  protocol?: string;
  cipher?: string;
  /** Why it failed: Node's error code and message. */
  error?: { code?: string; message: string };
  /** TLS alert the server sent, e.g. 116 "certificate required", 40 "handshake failure". */
  alert?: { number: number; description: string };
  durationMs: number;
}

export interface HandshakeTarget {
  /** Address to connect to (already resolved and checked). */
  address: string;
  port: number;
  /** SNI to send; omitted for IP literals. */
  servername?: string;
  timeoutMs: number;
  /** Client identity; the key is used for this handshake only and never echoed. */
  client?: { certPem: string; keyPem: string };
}

/** Grace period after `secureConnect` for a TLS 1.3 server's post-handshake alert (e.g. 116). */
const ALERT_GRACE_MS = 400;

function toPem(der: Buffer): string {
  const b64 =
    der
      .toString("base64")
      .match(/.{1,64}/g)
      ?.join("\n") ?? "";
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

function peerChain(socket: tls.TLSSocket): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(toPem(cert.raw));
    cert = cert.issuerCertificate;
  }
  return out;
}

function alertOf(err: Error): HandshakeResult["alert"] {
  const m = /alert number (\d+)/i.exec(err.message);
  const d = /(?:tlsv1[0-9]? |sslv3 )?alert ([a-z ]+?)(?::|$)/i.exec(err.message);
  if (!m && !d) return undefined;
  return { number: m ? Number(m[1]) : 0, description: (d?.[1] ?? "").trim() || "unknown" };
}

/**
 * One TLS handshake from the server process (`rejectUnauthorized: false`: the probe reports what
 * is served, it does not trust it). Resolves, never rejects; gives up after `timeoutMs`. After a
 * successful handshake it waits briefly for a TLS 1.3 alert, because a server that requires a
 * client certificate rejects an empty one only after the client's Finished.
 */
export function tlsHandshake(target: HandshakeTarget): Promise<HandshakeResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    let chainPem: string[] = [];
    let tcpConnected = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (r: Omit<HandshakeResult, "durationMs" | "chainPem" | "tcpConnected">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      resolve({ ...r, chainPem, tcpConnected, durationMs: Date.now() - started });
    };
    const socket = tls.connect({
      host: target.address,
      port: target.port,
      servername: target.servername,
      rejectUnauthorized: false,
      ...(target.client ? { cert: target.client.certPem, key: target.client.keyPem } : {}),
    });
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: {
            code: "ETIMEDOUT",
            message: tcpConnected
              ? `connected, but no TLS handshake within ${target.timeoutMs} ms`
              : `no TCP connection within ${target.timeoutMs} ms`,
          },
        }),
      target.timeoutMs,
    );
    socket.on("connect", () => {
      tcpConnected = true;
    });
    socket.on("secureConnect", () => {
      tcpConnected = true;
      chainPem = peerChain(socket);
      const protocol = socket.getProtocol() ?? undefined;
      const cipher = socket.getCipher()?.name;
      socket.on("data", () => {});
      grace = setTimeout(() => finish({ ok: true, protocol, cipher }), ALERT_GRACE_MS);
      // A close is not a rejection by itself (a rejection usually arrives as an alert, "error"), but
      // some servers (Node's among them) turn a client certificate away by closing at once: noted.
      socket.once("end", () =>
        setImmediate(() => finish({ ok: true, protocol, cipher, closedAfterHandshake: true })),
      );
    });
    socket.on("error", (err: Error & { code?: string }) => {
      const alert = alertOf(err);
      finish({ ok: false, error: { code: err.code, message: err.message }, ...(alert ? { alert } : {}) });
    });
  });
}

/** What a TLS 1.2 server's CertificateRequest says (visible in clear text before TLS 1.3). */
export interface CertificateRequestInfo {
  /** Whether a TLS 1.2 handshake could be made at all (false for TLS 1.3-only servers). */
  tls12: boolean;
  /** Whether the server sent a CertificateRequest. */
  requested: boolean;
  /** Distinguished names from `certificate_authorities`. */
  caNames: string[];
}

function parseDn(der: Uint8Array): string {
  try {
    return new x509.Name(new Uint8Array(der)).toString();
  } catch {
    return `(unparseable name, ${der.length} bytes)`;
  }
}

/**
 * Parses a TLS 1.2 CertificateRequest body (RFC 5246 §7.4.4) into CA names. Bounds-checked: a
 * truncated or lying length ends the list instead of throwing. Exported for tests.
 */
export function parseCertificateRequest12(body: Buffer): string[] {
  let o = 0;
  const u8 = () => (o + 1 <= body.length ? body.readUInt8(o) : -1);
  const u16 = () => (o + 2 <= body.length ? body.readUInt16BE(o) : -1);
  const typesLen = u8();
  if (typesLen < 0) return [];
  o += 1 + typesLen;
  const sigLen = u16();
  if (sigLen < 0) return [];
  o += 2 + sigLen;
  const casLen = u16();
  if (casLen < 0) return [];
  o += 2;
  const end = Math.min(o + casLen, body.length);
  const names: string[] = [];
  while (o + 2 <= end) {
    const len = body.readUInt16BE(o);
    o += 2;
    if (o + len > end) break;
    names.push(parseDn(new Uint8Array(body.subarray(o, o + len))));
    o += len;
  }
  return names;
}

/** What the server's first flight said so far, as {@link ServerFlightReader} reads it. */
export interface ServerFlight extends CertificateRequestInfo {
  /** ServerHelloDone seen, or the server sent an alert / change_cipher_spec: nothing more to read. */
  done: boolean;
  /** A record or handshake message that does not parse (the reader stops there). */
  malformed?: string;
}

/**
 * Reads TLS records from a server's byte stream and its clear-text handshake messages (ServerHello,
 * CertificateRequest, ServerHelloDone). Every read is bounds-checked: `push` never throws,
 * whatever the bytes (issue 16 item 11: a 1-byte ServerHello threw inside a socket handler).
 */
export class ServerFlightReader {
  private records = Buffer.alloc(0);
  private hs = Buffer.alloc(0);
  readonly flight: ServerFlight = { tls12: false, requested: false, caNames: [], done: false };

  /** Adds bytes from the server; returns the flight so far. */
  push(chunk: Buffer): ServerFlight {
    if (this.flight.done) return this.flight;
    try {
      this.records = Buffer.concat([this.records, chunk]);
      while (!this.flight.done && this.records.length >= 5) {
        const type = this.records.readUInt8(0);
        const len = this.records.readUInt16BE(3);
        if (this.records.length < 5 + len) break;
        const fragment = this.records.subarray(5, 5 + len);
        this.records = this.records.subarray(5 + len);
        if (type === 21 || type === 20) this.flight.done = true;
        else if (type === 22) this.handshake(fragment);
      }
    } catch (err) {
      this.stop(err instanceof Error ? err.message : String(err));
    }
    return this.flight;
  }

  private stop(why: string): void {
    this.flight.malformed = why;
    this.flight.done = true;
  }

  private handshake(fragment: Buffer): void {
    this.hs = Buffer.concat([this.hs, fragment]);
    while (!this.flight.done && this.hs.length >= 4) {
      const msgType = this.hs.readUInt8(0);
      const msgLen = this.hs.readUIntBE(1, 3);
      if (this.hs.length < 4 + msgLen) break;
      const body = this.hs.subarray(4, 4 + msgLen);
      this.hs = this.hs.subarray(4 + msgLen);
      if (msgType === 2) {
        if (body.length < 2) {
          this.stop(`ServerHello of ${body.length} bytes`);
          return;
        }
        this.flight.tls12 = body.readUInt16BE(0) === 0x0303;
      } else if (msgType === 13) {
        this.flight.requested = true;
        this.flight.caNames = parseCertificateRequest12(body);
      } else if (msgType === 14) {
        this.flight.done = true;
      }
    }
  }
}

/**
 * Makes a TLS 1.2 handshake and reads the server's first flight in clear text to find its
 * CertificateRequest and the CA names it lists (Node exposes neither). Stops at ServerHelloDone.
 */
export function readCertificateRequest(
  target: Omit<HandshakeTarget, "client">,
): Promise<CertificateRequestInfo> {
  return new Promise((resolve) => {
    const raw = net.connect({ host: target.address, port: target.port });
    const reader = new ServerFlightReader();
    let done = false;
    const result: CertificateRequestInfo = { tls12: false, requested: false, caNames: [] };
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const { tls12, requested, caNames } = reader.flight;
      Object.assign(result, { tls12, requested, caNames });
      raw.destroy();
      secure.destroy();
      resolve(result);
    };
    const timer = setTimeout(finish, target.timeoutMs);
    const tap = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        raw.write(chunk, cb);
      },
    });
    raw.on("data", (chunk: Buffer) => {
      const flight = reader.push(chunk);
      tap.push(chunk);
      if (flight.done) finish();
    });
    raw.on("end", () => tap.push(null));
    raw.on("error", finish);
    const secure = tls.connect({
      socket: tap,
      servername: target.servername,
      rejectUnauthorized: false,
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.2",
    });
    secure.on("error", finish);
    secure.on("secureConnect", finish);
  });
}
