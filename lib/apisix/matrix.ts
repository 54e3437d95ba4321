import type { RawApisixRoute, RawApisixTls, RawApisixUpstream } from "@/lib/k8s/apisix";
import { formatCert, hostCovered } from "./describe";
import { findCovering } from "./hosts";
import { daysUntil, describeSecret, type GatewaySecret, refKey, trustedFromCaSecret } from "./secrets";
import type {
  ApisixTlsSummary,
  ApisixUpstreamSummary,
  GatewayMatrixDto,
  GatewayRow,
  HopCell,
  HopKey,
  HopLevel,
  HopSecretDto,
  TlsRefDto,
  UpstreamDto,
} from "./types";

/** Everything `buildGatewayMatrix` reads: the APISIX objects and the public facts of TLS Secrets. */
export interface GatewayMatrixInput {
  routes: readonly RawApisixRoute[];
  tlses: readonly RawApisixTls[];
  upstreams: readonly RawApisixUpstream[];
  secrets: readonly GatewaySecret[];
  now: Date;
  /** Below this many days a served / client certificate is amber (default 7). */
  expiringSoonDays?: number;
  /** Set when the Secrets could not be read (e.g. 403): certificate checks become amber "not verified". */
  secretsUnreadable?: string;
}

const RANK: Record<HopLevel, number> = { green: 0, amber: 1, red: 2 };

/** The worse of the given levels. */
export function worstLevel(levels: readonly HopLevel[]): HopLevel {
  return levels.reduce<HopLevel>((a, b) => (RANK[b] > RANK[a] ? b : a), "green");
}

const byName = <T extends { metadata: { namespace?: string; name: string } }>(a: T, b: T) =>
  refKey(a.metadata.namespace ?? "", a.metadata.name).localeCompare(
    refKey(b.metadata.namespace ?? "", b.metadata.name),
  );

function days(n: number): string {
  const d = Math.floor(n);
  return d === 1 ? "1 day" : `${d} days`;
}

/** Judges a certificate-bearing Secret used on a hop: missing, unreadable, expired, expiring. */
function judgeSecret(s: HopSecretDto, what: string, soonDays: number): HopCell | undefined {
  if (s.unreadable) {
    return { level: "amber", reason: `${what} Secret ${s.namespace}/${s.name} not verified: ${s.problem}` };
  }
  if (!s.found) return { level: "red", reason: `${what} Secret ${s.namespace}/${s.name} not found` };
  if (!s.certificate)
    return { level: "red", reason: `${what} Secret ${s.namespace}/${s.name}: ${s.problem}` };
  const left = s.daysLeft ?? 0;
  if (left < 0) {
    return {
      level: "red",
      reason: `${what} certificate ${formatCert(s.certificate)} expired on ${s.certificate.notAfter.slice(0, 10)}`,
    };
  }
  if (left < soonDays) {
    return {
      level: "amber",
      reason: `${what} certificate ${formatCert(s.certificate)} expires in ${left < 1 ? "less than a day" : days(left)} (${s.certificate.notAfter.slice(0, 10)})`,
    };
  }
  return undefined;
}

function clientTlsCell(host: string, tls: TlsRefDto | undefined, soonDays: number): HopCell {
  if (!tls) {
    return {
      level: "red",
      reason: `served without TLS: no ApisixTls covers ${host}, so clients reach it over plain HTTP only`,
    };
  }
  const bad = judgeSecret(tls.secret, "served", soonDays);
  if (bad) return bad;
  const cert = tls.secret.certificate!;
  if (!hostCovered(cert, host)) {
    return {
      level: "amber",
      reason: `served certificate ${formatCert(cert)} does not name ${host} (SANs: ${cert.dnsNames.join(", ") || "none"}): clients will reject it`,
    };
  }
  if (tls.alsoClaimedBy?.length) {
    const all = [tls, ...tls.alsoClaimedBy].map((t) => `${t.namespace}/${t.name}`).join(", ");
    return {
      level: "amber",
      reason: `host ${tls.matchedBy} is claimed by ${tls.alsoClaimedBy.length + 1} ApisixTls objects (${all}); APISIX serves only one of them`,
    };
  }
  return {
    level: "green",
    reason: `TLS with ${formatCert(cert)} from ${tls.secret.namespace}/${tls.secret.name} (ApisixTls ${tls.namespace}/${tls.name}), valid ${days(tls.secret.daysLeft ?? 0)} more`,
  };
}

/**
 * Host entries that more than one ApisixTls claims (compared case-insensitively, as APISIX
 * matches SNI), each with every claimant, sorted by host.
 */
export function findHostConflicts(
  tlses: readonly RawApisixTls[],
): NonNullable<GatewayMatrixDto["hostConflicts"]> {
  const byHost = new Map<string, { host: string; claimants: { namespace: string; name: string }[] }>();
  for (const t of tlses) {
    for (const h of new Set((t.spec.hosts ?? []).map((x) => x.trim().toLowerCase().replace(/\.$/, "")))) {
      const entry = byHost.get(h) ?? { host: h, claimants: [] };
      entry.claimants.push({ namespace: t.metadata.namespace ?? "", name: t.metadata.name });
      byHost.set(h, entry);
    }
  }
  return [...byHost.values()]
    .filter((e) => e.claimants.length > 1)
    .sort((a, b) => a.host.localeCompare(b.host))
    .map((e) => ({
      ...e,
      message: `Host ${e.host} is claimed by ${e.claimants.length} ApisixTls objects: ${e.claimants.map((c) => `${c.namespace}/${c.name}`).join(", ")}. APISIX serves only one of them; keep the host in exactly one.`,
    }));
}

function clientMtlsCell(tls: TlsRefDto | undefined, soonDays: number, now: Date): HopCell {
  if (!tls)
    return { level: "red", reason: "no TLS, so no client mTLS (APISIX enforces mTLS over HTTPS only)" };
  if (!tls.client) {
    return {
      level: "amber",
      reason: `mTLS off: ApisixTls ${tls.namespace}/${tls.name} has no spec.client, so any client may connect`,
    };
  }
  const ca = tls.client.caSecret;
  if (ca.unreadable) {
    return {
      level: "amber",
      reason: `mTLS on, trusting caSecret ${ca.namespace}/${ca.name}; not verified: ${ca.problem}`,
    };
  }
  if (!ca.found)
    return {
      level: "red",
      reason: `mTLS on, but caSecret ${ca.namespace}/${ca.name} not found: handshakes will fail`,
    };
  const trusted = ca.trustedCertificate;
  if (!trusted)
    return { level: "red", reason: `mTLS on, but caSecret ${ca.namespace}/${ca.name}: ${ca.problem}` };
  if (!trusted.isCA) {
    return {
      level: "red",
      reason: `caSecret ${ca.namespace}/${ca.name} is a leaf's Secret: the APISIX controller reads cert, then tls.crt, then ca.crt, so it trusts only the leaf ${formatCert(trusted)}, not its CA. Point caSecret at the CA's own Secret (e.g. root-secret).`,
    };
  }
  const caDays = daysUntil(trusted.notAfter, now);
  if (caDays < 0)
    return { level: "red", reason: `mTLS on, but the trusted CA ${formatCert(trusted)} has expired` };
  const skips = tls.client.skipMtlsUriRegex;
  const detail = `trusts ${formatCert(trusted)} (${ca.namespace}/${ca.name}), depth ${tls.client.depth ?? 1}${
    skips.length ? `, skips mTLS for ${skips.join(", ")}` : ""
  }`;
  if (caDays < soonDays)
    return { level: "amber", reason: `mTLS on, ${detail}; the CA expires in ${days(caDays)}` };
  return { level: "green", reason: `mTLS on: ${detail}` };
}

function upstreamTlsCell(up: UpstreamDto | undefined): HopCell {
  if (!up) return { level: "amber", reason: "no backend: nothing to judge" };
  if (!up.found) {
    return {
      level: "amber",
      reason: `no ApisixUpstream ${up.namespace}/${up.name}: APISIX talks plain HTTP to service ${up.name}`,
    };
  }
  if (up.scheme !== "https") {
    return {
      level: "amber",
      reason: `ApisixUpstream ${up.namespace}/${up.name} uses scheme ${up.scheme}: traffic to the upstream is not encrypted`,
    };
  }
  return {
    level: "green",
    reason: `HTTPS to the upstream (ApisixUpstream ${up.namespace}/${up.name}, scheme https)`,
  };
}

function upstreamClientCertCell(up: UpstreamDto | undefined, soonDays: number): HopCell {
  if (!up?.found || up.scheme !== "https") {
    return {
      level: "amber",
      reason: "no upstream TLS, so APISIX presents no client certificate to the upstream",
    };
  }
  if (!up.tlsSecret) {
    return {
      level: "amber",
      reason:
        "upstream TLS without a client certificate (no tlsSecret): the upstream cannot authenticate APISIX",
    };
  }
  const bad = judgeSecret(up.tlsSecret, "upstream client", soonDays);
  if (bad) return bad;
  const cert = up.tlsSecret.certificate!;
  const ekus = cert.extendedKeyUsages;
  if (ekus.length > 0 && !ekus.includes("client auth") && !ekus.includes("any")) {
    return {
      level: "amber",
      reason: `upstream client certificate ${formatCert(cert)} lacks the client auth usage: the upstream may reject it`,
    };
  }
  return {
    level: "green",
    reason: `presents ${formatCert(cert)} from ${up.tlsSecret.namespace}/${up.tlsSecret.name}, valid ${days(up.tlsSecret.daysLeft ?? 0)} more`,
  };
}

function summarizeTls(t: RawApisixTls): ApisixTlsSummary {
  const out: ApisixTlsSummary = {
    namespace: t.metadata.namespace ?? "",
    name: t.metadata.name,
    hosts: t.spec.hosts ?? [],
    secret: { namespace: t.spec.secret?.namespace ?? "", name: t.spec.secret?.name ?? "" },
    resourceVersion: t.metadata.resourceVersion,
  };
  if (t.spec.client) {
    out.client = {
      caSecret: { namespace: t.spec.client.caSecret.namespace, name: t.spec.client.caSecret.name },
      depth: t.spec.client.depth,
      skipMtlsUriRegex: t.spec.client.skip_mtls_uri_regex ?? [],
    };
  }
  return out;
}

function summarizeUpstream(u: RawApisixUpstream): ApisixUpstreamSummary {
  const out: ApisixUpstreamSummary = {
    namespace: u.metadata.namespace ?? "",
    name: u.metadata.name,
    scheme: u.spec?.scheme ?? "http",
    resourceVersion: u.metadata.resourceVersion,
  };
  if (u.spec?.tlsSecret) out.tlsSecret = { ...u.spec.tlsSecret };
  return out;
}

/**
 * Builds the gateway matrix: one row per ApisixRoute rule and host, with a green / amber / red
 * cell per hop (client → gateway TLS, client mTLS, gateway → upstream TLS, upstream client
 * certificate) and the reason. The ApisixTls covering a host is chosen as APISIX does (exact host,
 * then a one-label wildcard); the upstream hop is the ApisixUpstream with the backend Service's
 * name and namespace. Pure: the caller passes the objects and the Secrets' public facts.
 */
export function buildGatewayMatrix(input: GatewayMatrixInput): GatewayMatrixDto {
  const { now } = input;
  const soon = input.expiringSoonDays ?? 7;
  const secrets = new Map(input.secrets.map((s) => [refKey(s.namespace, s.name), s]));
  const tlses = [...input.tlses].sort(byName);
  const upstreams = new Map(
    input.upstreams.map((u) => [refKey(u.metadata.namespace ?? "", u.metadata.name), u]),
  );
  const rows: GatewayRow[] = [];
  const hostsWithoutTls: GatewayMatrixDto["hostsWithoutTls"] = [];
  const hostConflicts = findHostConflicts(tlses);

  for (const route of [...input.routes].sort(byName)) {
    const ns = route.metadata.namespace ?? "";
    for (const [ruleIndex, rule] of (route.spec.http ?? []).entries()) {
      const ruleName = rule.name || `rule-${ruleIndex}`;
      const hosts = rule.match?.hosts?.length ? rule.match.hosts : ["*"];
      const backends = (rule.backends ?? []).map((b) => ({
        serviceName: b.serviceName,
        servicePort: b.servicePort,
      }));
      const first = backends[0];
      let upstream: UpstreamDto | undefined;
      if (first) {
        const raw = upstreams.get(refKey(ns, first.serviceName));
        upstream = {
          namespace: ns,
          name: first.serviceName,
          found: !!raw,
          scheme: raw?.spec?.scheme ?? "http",
        };
        if (raw?.spec?.tlsSecret)
          upstream.tlsSecret = describeSecret(
            raw.spec.tlsSecret,
            secrets,
            now,
            false,
            input.secretsUnreadable,
          );
      }
      for (const host of hosts) {
        const covering = host === "*" ? undefined : findCovering(tlses, (t) => t.spec.hosts ?? [], host);
        let tls: TlsRefDto | undefined;
        if (covering) {
          const t = covering.item;
          tls = {
            namespace: t.metadata.namespace ?? "",
            name: t.metadata.name,
            hosts: t.spec.hosts ?? [],
            matchedBy: covering.match.pattern,
            secret: describeSecret(t.spec.secret, secrets, now, false, input.secretsUnreadable),
          };
          const pattern = covering.match.pattern.trim().toLowerCase().replace(/\.$/, "");
          const others = hostConflicts
            .find((c) => c.host === pattern)
            ?.claimants.filter((c) => c.namespace !== tls?.namespace || c.name !== tls?.name);
          if (others?.length) tls.alsoClaimedBy = others;
          if (t.spec.client) {
            tls.client = {
              caSecret: describeSecret(t.spec.client.caSecret, secrets, now, true, input.secretsUnreadable),
              depth: t.spec.client.depth,
              skipMtlsUriRegex: t.spec.client.skip_mtls_uri_regex ?? [],
            };
          }
        } else {
          hostsWithoutTls.push({ namespace: ns, route: route.metadata.name, rule: ruleName, host });
        }
        const cells: Record<HopKey, HopCell> = {
          clientTls: clientTlsCell(host === "*" ? "every host" : host, tls, soon),
          clientMtls: clientMtlsCell(tls, soon, now),
          upstreamTls: upstreamTlsCell(upstream),
          upstreamClientCert: upstreamClientCertCell(upstream, soon),
        };
        const row: GatewayRow = {
          id: `${ns}/${route.metadata.name}/${ruleName}/${host}`,
          route: { namespace: ns, name: route.metadata.name },
          rule: ruleName,
          host,
          paths: rule.match?.paths ?? [],
          backends,
          cells,
          level: worstLevel(Object.values(cells).map((c) => c.level)),
        };
        if (tls) row.tls = tls;
        if (upstream) row.upstream = upstream;
        rows.push(row);
      }
    }
  }

  const caSecretCandidates = input.secrets
    .map((s) => {
      const trusted = trustedFromCaSecret(s).certificates[0];
      return {
        namespace: s.namespace,
        name: s.name,
        isCA: trusted?.isCA ?? false,
        subject: trusted?.subject,
      };
    })
    .filter((c) => c.subject !== undefined)
    .sort(
      (a, b) =>
        Number(b.isCA) - Number(a.isCA) ||
        refKey(a.namespace, a.name).localeCompare(refKey(b.namespace, b.name)),
    );

  return {
    rows,
    hostsWithoutTls,
    hostConflicts,
    tlses: tlses.map(summarizeTls),
    upstreams: [...input.upstreams].sort(byName).map(summarizeUpstream),
    caSecretCandidates,
    ...(input.secretsUnreadable ? { secretsUnreadable: input.secretsUnreadable } : {}),
    generatedAt: now.toISOString(),
  };
}
