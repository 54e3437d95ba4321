import "server-only";
import "reflect-metadata";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import * as x509 from "@peculiar/x509";

/** Outcome of one TLS handshake attempt. Never holds key material. */
export interface HandshakeResult {
  ok: boolean;
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
    let grace: NodeJS.Timeout | undefined;
    const finish = (r: Omit<HandshakeResult, "durationMs" | "chainPem">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      resolve({ ...r, chainPem, durationMs: Date.now() - started });
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
          error: { code: "ETIMEDOUT", message: `no TLS handshake within ${target.timeoutMs} ms` },
        }),
      target.timeoutMs,
    );
    socket.on("secureConnect", () => {
      chainPem = peerChain(socket);
      const protocol = socket.getProtocol() ?? undefined;
      const cipher = socket.getCipher()?.name;
      socket.on("data", () => {});
      grace = setTimeout(() => finish({ ok: true, protocol, cipher }), ALERT_GRACE_MS);
      // A clean close (close_notify) is not a rejection; a rejection arrives as an alert ("error").
      socket.once("end", () => setImmediate(() => finish({ ok: true, protocol, cipher })));
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

/** Parses a TLS 1.2 CertificateRequest body into CA names. Exported for tests. */
export function parseCertificateRequest12(body: Buffer): string[] {
  let o = 0;
  const typesLen = body.readUInt8(o);
  o += 1 + typesLen;
  const sigLen = body.readUInt16BE(o);
  o += 2 + sigLen;
  const casLen = body.readUInt16BE(o);
  o += 2;
  const end = o + casLen;
  const names: string[] = [];
  while (o + 2 <= end) {
    const len = body.readUInt16BE(o);
    o += 2;
    names.push(parseDn(new Uint8Array(body.subarray(o, o + len))));
    o += len;
  }
  return names;
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
    let records = Buffer.alloc(0);
    let hs = Buffer.alloc(0);
    let done = false;
    const result: CertificateRequestInfo = { tls12: false, requested: false, caNames: [] };
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
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
      records = Buffer.concat([records, chunk]);
      while (records.length >= 5) {
        const type = records.readUInt8(0);
        const len = records.readUInt16BE(3);
        if (records.length < 5 + len) break;
        const fragment = records.subarray(5, 5 + len);
        records = records.subarray(5 + len);
        if (type !== 22) {
          if (type === 21 || type === 20) break;
          continue;
        }
        hs = Buffer.concat([hs, fragment]);
        while (hs.length >= 4) {
          const msgType = hs.readUInt8(0);
          const msgLen = hs.readUIntBE(1, 3);
          if (hs.length < 4 + msgLen) break;
          const body = hs.subarray(4, 4 + msgLen);
          hs = hs.subarray(4 + msgLen);
          if (msgType === 2) result.tls12 = body.readUInt16BE(0) === 0x0303;
          if (msgType === 13) {
            result.requested = true;
            try {
              result.caNames = parseCertificateRequest12(body);
            } catch {
              result.caNames = [];
            }
          }
          if (msgType === 14) {
            tap.push(chunk);
            finish();
            return;
          }
        }
      }
      tap.push(chunk);
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
