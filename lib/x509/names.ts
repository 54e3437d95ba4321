import { AsnConvert } from "@peculiar/asn1-schema";
import { type GeneralName, NameConstraints } from "@peculiar/asn1-x509";
import { type GeneralNameValue, type Rdn, readNameDer } from "./der";

/**
 * Names: name constraints (RFC 5280 4.2.1.10, 6.1.4 (g) / 6.1.3 (b)(c)) and peer-name matching
 * (RFC 6125 6.4, as browsers and OpenSSL's X509_check_host/X509_check_ip apply it, without the
 * common-name fallback that the CA/Browser Forum rules and x509-limbo's WebPKI cases forbid).
 *
 * The NameConstraints extension is decoded with `@peculiar/asn1-x509`'s schema (not the
 * hand-written DER reader); each GeneralName is kept in the form the matching needs.
 */

/** One subtree base of a name constraint. `ip` carries the address and mask bytes. */
export type ConstraintName =
  | { type: "dns"; value: string }
  | { type: "email"; value: string }
  | { type: "uri"; value: string }
  | { type: "ip"; address: Uint8Array; mask: Uint8Array }
  | { type: "dn"; rdns: Rdn[] }
  | { type: "other"; kind: string };

export interface NameConstraintsValue {
  permitted?: ConstraintName[];
  excluded?: ConstraintName[];
}

/** Thrown when a NameConstraints value is not valid (RFC 5280 syntax rules); the chain fails. */
export class NameConstraintSyntaxError extends Error {}

function ipFromText(text: string): { address: Uint8Array; mask: Uint8Array } {
  const [addrText, prefixText] = text.split("/");
  const addr = addrText ? parseIp(addrText) : undefined;
  const prefix = Number(prefixText);
  if (!addr || prefixText === undefined || !Number.isInteger(prefix) || prefix > addr.length * 8) {
    throw new NameConstraintSyntaxError(`IP constraint "${text}" is not an address with a mask`);
  }
  const mask = new Uint8Array(addr.length);
  let left = prefix;
  for (let i = 0; i < mask.length; i++) {
    const take = Math.min(8, Math.max(0, left));
    mask[i] = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    left -= take;
  }
  return { address: new Uint8Array(addr), mask };
}

function constraintName(gn: GeneralName): ConstraintName {
  if (gn.dNSName !== undefined) {
    const v = gn.dNSName;
    // RFC 5280: a DNS constraint is a host name; "*" patterns are not part of its syntax.
    if (v.includes("*")) throw new NameConstraintSyntaxError(`DNS constraint "${v}" holds a wildcard`);
    return { type: "dns", value: v };
  }
  if (gn.rfc822Name !== undefined) return { type: "email", value: gn.rfc822Name };
  if (gn.uniformResourceIdentifier !== undefined) return { type: "uri", value: gn.uniformResourceIdentifier };
  if (gn.iPAddress !== undefined) {
    const ip = ipFromText(gn.iPAddress);
    if (ip.address.length !== 4 && ip.address.length !== 16) {
      throw new NameConstraintSyntaxError("IP constraint is neither IPv4 nor IPv6");
    }
    return { type: "ip", ...ip };
  }
  if (gn.directoryName !== undefined) {
    return { type: "dn", rdns: readNameDer(new Uint8Array(AsnConvert.serialize(gn.directoryName))) };
  }
  if (gn.otherName !== undefined) return { type: "other", kind: `otherName:${gn.otherName.typeId}` };
  if (gn.registeredID !== undefined) return { type: "other", kind: "registeredID" };
  if (gn.x400Address !== undefined) return { type: "other", kind: "x400Address" };
  return { type: "other", kind: "ediPartyName" };
}

/**
 * Decodes a NameConstraints extension value (the OCTET STRING content). Throws
 * NameConstraintSyntaxError for a value RFC 5280 does not allow (both subtrees absent or empty,
 * minimum/maximum set, malformed IP mask, wildcard DNS bases).
 */
export function parseNameConstraints(value: Uint8Array): NameConstraintsValue {
  let nc: NameConstraints;
  try {
    nc = AsnConvert.parse(value, NameConstraints);
  } catch (err) {
    throw new NameConstraintSyntaxError(`malformed NameConstraints: ${(err as Error).message}`);
  }
  const out: NameConstraintsValue = {};
  const read = (subtrees: NameConstraints["permittedSubtrees"]): ConstraintName[] | undefined => {
    if (!subtrees) return undefined;
    if (subtrees.length === 0) throw new NameConstraintSyntaxError("empty GeneralSubtrees");
    return subtrees.map((s) => {
      if (s.minimum !== 0 || s.maximum !== undefined) {
        throw new NameConstraintSyntaxError("GeneralSubtree minimum/maximum must be absent");
      }
      return constraintName(s.base);
    });
  };
  const permitted = read(nc.permittedSubtrees);
  const excluded = read(nc.excludedSubtrees);
  if (!permitted && !excluded) throw new NameConstraintSyntaxError("NameConstraints with no subtree");
  if (permitted) out.permitted = permitted;
  if (excluded) out.excluded = excluded;
  return out;
}

const lower = (s: string) => s.toLowerCase();

/** DNS name `name` is within subtree `base` (RFC 5280: base itself or any subdomain of it). */
function dnsWithin(name: string, base: string): boolean {
  const n = lower(name).replace(/\.$/, "");
  let b = lower(base).replace(/\.$/, "");
  if (b === "") return true;
  if (b.startsWith(".")) b = b.slice(1);
  return n === b || n.endsWith(`.${b}`);
}

/** RFC 5280 4.2.1.10 email rules: "user@host" exact, "host" any mailbox there, ".host" subdomains. */
function emailWithin(name: string, base: string): boolean {
  const at = name.lastIndexOf("@");
  if (at < 0) return false;
  const local = name.slice(0, at);
  const host = lower(name.slice(at + 1));
  if (base.includes("@")) {
    const bAt = base.lastIndexOf("@");
    return local === base.slice(0, bAt) && host === lower(base.slice(bAt + 1));
  }
  if (base.startsWith(".")) return host.endsWith(lower(base));
  return host === lower(base);
}

function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  return m?.[1] || undefined;
}

function uriWithin(uri: string, base: string): boolean {
  const host = uriHost(uri);
  if (!host) return false;
  if (base.startsWith(".")) return lower(host).endsWith(lower(base));
  return lower(host) === lower(base);
}

function ipWithin(ip: Uint8Array, c: { address: Uint8Array; mask: Uint8Array }): boolean {
  if (ip.length !== c.address.length) return false;
  for (let i = 0; i < ip.length; i++) {
    if ((ip[i]! & c.mask[i]!) !== (c.address[i]! & c.mask[i]!)) return false;
  }
  return true;
}

function normRdnValue(v: string): string {
  return v.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Subject `rdns` is within the DN subtree `base`: base is a prefix of the subject's RDN sequence. */
function dnWithin(rdns: Rdn[], base: Rdn[]): boolean {
  if (base.length > rdns.length) return false;
  return base.every((rdn, i) => {
    const other = rdns[i]!;
    if (rdn.length !== other.length) return false;
    return rdn.every((a) =>
      other.some((b) => b.oid === a.oid && normRdnValue(b.value) === normRdnValue(a.value)),
    );
  });
}

/** A name to be checked against constraints: SAN entries plus the subject DN and its emailAddress. */
export type SubjectName = GeneralNameValue;

function sameType(name: SubjectName, c: ConstraintName): boolean {
  if (name.type === "other" || c.type === "other") return false;
  return name.type === c.type;
}

/**
 * A wildcard SAN "*.X" stands for every name one label below X: it is permitted only when all
 * of them are (X inside the base), and excluded when any may be (the base overlaps "*.X"), as
 * x509-limbo's CVE-2025-61727 cases require.
 */
function wildcardWithin(name: string, base: string, excluded: boolean): boolean {
  const parent = name.slice(2);
  if (dnsWithin(parent, base)) return true;
  if (!excluded) return false;
  const b = lower(base).replace(/^\./, "");
  return b.endsWith(`.${lower(parent)}`) && b.split(".").length === parent.split(".").length + 1;
}

function within(name: SubjectName, c: ConstraintName, excluded = false): boolean {
  switch (name.type) {
    case "dns":
      if (c.type !== "dns") return false;
      if (name.value.startsWith("*.")) return wildcardWithin(name.value, c.value, excluded);
      return dnsWithin(name.value, c.value);
    case "email":
      return c.type === "email" && emailWithin(name.value, c.value);
    case "uri":
      return c.type === "uri" && uriWithin(name.value, c.value);
    case "ip":
      return c.type === "ip" && ipWithin(name.bytes, c);
    case "dn":
      return c.type === "dn" && dnWithin(name.rdns, c.rdns);
    default:
      return false;
  }
}

/**
 * Checks `names` against one certificate's constraints. Returns a message naming the first name
 * that is outside the permitted subtrees (of its type) or inside an excluded one, or undefined.
 * A name of a type the constraints cannot judge (otherName, ...) fails when a constraint of
 * that kind exists, as RFC 5280 6.1.3 (b)/(c) require.
 */
export function checkNameConstraints(names: SubjectName[], nc: NameConstraintsValue): string | undefined {
  for (const name of names) {
    if (name.type === "other") {
      const constrained = [...(nc.permitted ?? []), ...(nc.excluded ?? [])].some((c) => c.type === "other");
      if (constrained) return "a name of a type the constraint cannot check (otherName)";
      continue;
    }
    if (name.type === "dns" && !isValidDnsName(name.value, true)) {
      if ([...(nc.permitted ?? []), ...(nc.excluded ?? [])].some((c) => c.type === "dns")) {
        return `DNS name "${name.value}" is not a valid host name`;
      }
    }
    if (name.type === "ip" && name.bytes.length !== 4 && name.bytes.length !== 16) {
      if ([...(nc.permitted ?? []), ...(nc.excluded ?? [])].some((c) => c.type === "ip")) {
        return "an IP address SAN of invalid length";
      }
    }
    if (name.type === "email" && !/^[^@\s]+@[^@\s]+$/.test(name.value)) {
      if ([...(nc.permitted ?? []), ...(nc.excluded ?? [])].some((c) => c.type === "email")) {
        return `email "${name.value}" is not a valid mailbox`;
      }
    }
    const excluded = (nc.excluded ?? []).find((c) => within(name, c, true));
    if (excluded) return `${describeName(name)} is inside an excluded subtree`;
    const permittedOfType = (nc.permitted ?? []).filter((c) => sameType(name, c));
    if (permittedOfType.length > 0 && !permittedOfType.some((c) => within(name, c))) {
      return `${describeName(name)} is outside the permitted subtrees`;
    }
  }
  return undefined;
}

/** Number of constraint comparisons `checkNameConstraints` would make (OpenSSL caps this). */
export function constraintWork(names: SubjectName[], nc: NameConstraintsValue): number {
  return names.length * ((nc.permitted?.length ?? 0) + (nc.excluded?.length ?? 0));
}

function describeName(n: SubjectName): string {
  switch (n.type) {
    case "dns":
      return `DNS name "${n.value}"`;
    case "email":
      return `email "${n.value}"`;
    case "uri":
      return `URI "${n.value}"`;
    case "ip":
      return `IP ${[...n.bytes].join(".")}`;
    case "dn":
      return "the subject name";
    default:
      return "a name";
  }
}

/**
 * Whether `name` is a syntactically valid DNS name (LDH labels; `*` allowed as the whole
 * leftmost label when `allowWildcard`).
 */
export function isValidDnsName(name: string, allowWildcard: boolean): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.replace(/\.$/, "").split(".");
  return labels.every((l, i) => {
    if (allowWildcard && i === 0 && l === "*" && labels.length > 1) return true;
    return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(l);
  });
}

/** The name a client expects the peer to have: the SNI host name or the IP address it dialled. */
export type PeerName = { kind: "DNS"; value: string } | { kind: "IP"; value: string };

/** Parses an IPv4 or IPv6 literal into bytes; undefined when it is not one. */
export function parseIp(text: string): Uint8Array | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split(".").map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return new Uint8Array(parts);
  }
  if (!/^[0-9a-f:]+$/i.test(text) || !text.includes(":")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(":") : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/** RFC 6125 6.4.3: `*` only as the whole leftmost label, matching exactly one label. */
function dnsMatches(pattern: string, host: string): boolean {
  const p = lower(pattern).replace(/\.$/, "");
  const h = lower(host).replace(/\.$/, "");
  if (!p.includes("*")) return p === h && isValidDnsName(p, false);
  const labels = p.split(".");
  if (labels[0] !== "*" || labels.length < 3 || labels.slice(1).some((l) => l.includes("*"))) return false;
  if (!isValidDnsName(p, true)) return false;
  const hostLabels = h.split(".");
  if (hostLabels.length !== labels.length) return false;
  // No wildcard over internationalised labels (x509-limbo / browsers).
  if (hostLabels[0]!.startsWith("xn--")) return false;
  return hostLabels.slice(1).join(".") === labels.slice(1).join(".");
}

/**
 * Whether the certificate's SAN covers the peer name: DNS names by RFC 6125 rules, IP addresses
 * byte for byte. The subject CN is never consulted (CA/Browser Forum; OpenSSL only falls back to
 * it when there is no DNS SAN).
 */
export function matchesPeerName(san: GeneralNameValue[], peer: PeerName): boolean {
  if (peer.kind === "IP") {
    const want = parseIp(peer.value);
    if (!want) return false;
    return san.some((n) => n.type === "ip" && Buffer.from(n.bytes).equals(Buffer.from(want)));
  }
  if (!isValidDnsName(peer.value, false)) return false;
  return san.some((n) => n.type === "dns" && dnsMatches(n.value, peer.value));
}
