import "server-only";
import dns from "node:dns/promises";
import net from "node:net";
import { findCovering } from "@/lib/apisix/hosts";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { listApisixTls } from "@/lib/k8s/apisix";
import { readClientKeyPair } from "@/lib/k8s/client-keypair";
import { getSecretFacts } from "@/lib/k8s/secrets";
import type { CertificateInfo } from "@/lib/types";
import { parseCertificatesPem } from "@/lib/x509/parse";
import { checkProbeTarget, isAllowed } from "./allow";
import { compareServedStored } from "./drift";
import { type HandshakeResult, readCertificateRequest, tlsHandshake } from "./handshake";
import type { ProbeInput } from "./schema";
import { PROBE_ALLOW_SETTING } from "./settings";
import type { ProbeHandshakeDto, ProbeResultDto } from "./types";
import { classifyHandshake, isClientCertificateRejection, probeVerdict } from "./verdict";

/** Time limit of each handshake. */
export const PROBE_TIMEOUT_MS = 5_000;

type Opts = { context?: string; timeoutMs?: number };

/** The probe's host is allowed by name but does not resolve: a DNS failure, reported as such. */
export class ProbeDnsError extends Error {
  constructor(
    readonly host: string,
    readonly code: string,
  ) {
    super(`${host} does not resolve (${code})`);
    this.name = "ProbeDnsError";
  }
}

/**
 * Resolves `host` and checks it against `TRUSTDECK_PROBE_ALLOW` and the link-local ban.
 * Returns the address to connect to (the checked one, so a second lookup cannot swap it).
 * @throws HttpError 403 "probe target not allowed: ..." (with `policy` TRUSTDECK_PROBE_ALLOW: the
 * server's setting refused it, not the cluster); ProbeDnsError when a name the allow-list admits by
 * name does not resolve.
 */
export async function resolveAllowedTarget(host: string, port: number): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, "");
  const patterns = getEnv().probeAllow;
  let addresses: string[];
  if (net.isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = (await dns.lookup(bare, { all: true })).map((a) => a.address);
    } catch (err) {
      addresses = [];
      if (isAllowed(bare, port, patterns)) {
        throw new ProbeDnsError(bare, (err as { code?: string }).code ?? "ENOTFOUND");
      }
    }
  }
  const check = checkProbeTarget(bare, port, addresses, patterns);
  if (!check.ok) throw new HttpError(403, check.message, PROBE_ALLOW_SETTING.name);
  return addresses[0]!;
}

/** The answer for a name that does not resolve: nothing was connected to. */
function dnsFailure(input: ProbeInput, err: ProbeDnsError): ProbeResultDto {
  const where = `${input.host}:${input.port}`;
  const without = { ok: false, tcpConnected: false, error: { code: err.code, message: err.message } };
  return {
    target: { host: input.host, port: input.port, address: "", ...(input.sni ? { sni: input.sni } : {}) },
    servedChain: [],
    clientCertificate: {
      requested: "unknown",
      required: false,
      caNames: [],
      how: "not reached: the name does not resolve",
    },
    withoutClientCert: {
      ok: false,
      tcpConnected: false,
      layer: "dns",
      error: `${err.code}: ${err.message}`,
      durationMs: 0,
    },
    verdict: probeVerdict(without, undefined, where),
  };
}

function parseChain(pems: string[]): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  for (const pem of pems) {
    try {
      out.push(...parseCertificatesPem(pem));
    } catch {
      // a certificate Node could read but lib/x509 cannot is left out
    }
  }
  return out;
}

function dto(r: HandshakeResult, where: string): ProbeHandshakeDto {
  const out: ProbeHandshakeDto = {
    ok: r.ok,
    tcpConnected: r.tcpConnected,
    layer: classifyHandshake(r, where).layer,
    durationMs: r.durationMs,
  };
  if (r.protocol) out.protocol = r.protocol;
  if (r.cipher) out.cipher = r.cipher;
  if (r.error) out.error = r.error.code ? `${r.error.code}: ${r.error.message}` : r.error.message;
  if (r.alert) out.alert = r.alert;
  return out;
}

async function storedFor(sni: string | undefined, opts: Opts): Promise<ProbeResultDto["stored"]> {
  if (!sni) return undefined;
  const tlses = await listApisixTls({ context: opts.context });
  const covering = findCovering(tlses, (t) => t.spec.hosts ?? [], sni);
  if (!covering) return undefined;
  const t = covering.item;
  const out: NonNullable<ProbeResultDto["stored"]> = {
    tls: { namespace: t.metadata.namespace ?? "", name: t.metadata.name, matchedBy: covering.match.pattern },
    secret: { ...t.spec.secret },
  };
  try {
    const facts = await getSecretFacts(t.spec.secret.namespace, t.spec.secret.name, {
      context: opts.context,
    });
    const leaf = facts?.tlsCrt ? parseCertificatesPem(facts.tlsCrt)[0] : undefined;
    if (leaf) out.certificate = leaf;
    else out.problem = facts ? "the Secret has no readable tls.crt" : "the Secret does not exist";
  } catch (err) {
    out.problem = err instanceof Error ? err.message : String(err);
  }
  return out;
}

/**
 * Probes a live TLS endpoint from the server: the served chain, drift against the Secret the
 * covering ApisixTls names, whether a client certificate is asked for (and which CA names the
 * CertificateRequest lists), and the handshake with and without the chosen client certificate.
 * The client key is read here and used for one handshake; it is never returned or logged.
 * `verdict` says at which layer it stopped (dns, tcp, tls, mtls) or that it worked.
 * @throws HttpError 403 when the target is not allowed; KubeError for Secret reads.
 */
export async function runProbe(input: ProbeInput, opts: Opts = {}): Promise<ProbeResultDto> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const where = `${input.host}:${input.port}`;
  let address: string;
  try {
    address = await resolveAllowedTarget(input.host, input.port);
  } catch (err) {
    if (err instanceof ProbeDnsError) return dnsFailure(input, err);
    throw err;
  }
  const bare = input.host.replace(/^\[|\]$/g, "");
  const sni = input.sni ?? (net.isIP(bare) ? undefined : bare);
  const base = { address, port: input.port, servername: sni, timeoutMs };

  const keyPair = input.clientCertificate
    ? await readClientKeyPair(input.clientCertificate.namespace, input.clientCertificate.secretName, opts)
    : undefined;

  const [without, withCert, request, stored] = await Promise.all([
    tlsHandshake(base),
    keyPair
      ? tlsHandshake({ ...base, client: { certPem: keyPair.certPem, keyPem: keyPair.keyPem } })
      : undefined,
    readCertificateRequest(base),
    storedFor(sni, opts),
  ]);

  const servedPem = without.chainPem.length ? without.chainPem : (withCert?.chainPem ?? []);
  const servedChain = parseChain(servedPem);
  const rejected = isClientCertificateRejection(without);
  const requested: boolean | "unknown" =
    request.requested || rejected ? true : request.tls12 ? false : "unknown";
  const result: ProbeResultDto = {
    target: { host: input.host, port: input.port, address, ...(sni ? { sni } : {}) },
    servedChain,
    clientCertificate: {
      requested,
      required: rejected,
      caNames: request.caNames,
      how: request.tls12
        ? "read from the TLS 1.2 CertificateRequest, and a handshake without a client certificate"
        : "TLS 1.2 not offered: judged from a handshake without a client certificate",
    },
    withoutClientCert: dto(without, where),
    verdict: probeVerdict(without, withCert, where),
  };
  if (stored) {
    result.stored = stored;
    result.drift = compareServedStored(servedChain[0], stored.certificate);
  }
  if (withCert && keyPair) {
    let subject: string | undefined;
    try {
      subject = parseCertificatesPem(keyPair.certPem)[0]?.subject;
    } catch {
      subject = undefined;
    }
    const turnedAway = withCert.ok && result.verdict.layer === "mtls";
    result.withClientCert = {
      ...dto(withCert, where),
      ...(turnedAway
        ? {
            ok: false,
            layer: "mtls" as const,
            error: "the server closed the connection right after the handshake",
          }
        : {}),
      secret: { namespace: keyPair.namespace, name: keyPair.name },
      ...(subject ? { subject } : {}),
    };
  }
  return result;
}
