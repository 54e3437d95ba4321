import {
  constants,
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from "node:crypto";
import {
  bitString,
  bool,
  ctx,
  ia5,
  intNum,
  intRaw,
  name,
  nul,
  octet,
  oid,
  seq,
  time,
  tlv,
} from "./der-writer";

/**
 * Test-only generator of the differential suite: a seeded, reproducible corpus of certificate
 * chains over the dimensions of issue 13 (leaf position and extra/duplicate/root certificates in
 * the bundle, cross-signed candidate issuers, name constraints of each type, AKI/SKI presence,
 * basicConstraints criticality, keyUsage/EKU, path length, validity edges, signature algorithms,
 * serial encodings). The structure of case N depends only on (seed, N); RSA keys are generated
 * once per run (EC and Ed25519 keys derive from the seed), and no key is ever written to the repo.
 */

export type KeyName = "rsa2048a" | "rsa2048b" | "rsa1024" | "p256a" | "p256b" | "p384" | "p521" | "ed25519";
export type Hash = "sha1" | "sha256" | "sha384" | "sha512";

export interface Keys {
  priv: Record<KeyName, KeyObject>;
  spki: Record<KeyName, Uint8Array>;
}

/** Deterministic EC key from a seed scalar (P-256/384/521), as a KeyObject. */
function ecKey(curve: "prime256v1" | "secp384r1" | "secp521r1", jwkCrv: string, seed: string): KeyObject {
  const size = curve === "prime256v1" ? 32 : curve === "secp384r1" ? 48 : 66;
  const d = createHash("sha512").update(seed).digest();
  const scalar = Buffer.concat([Buffer.alloc(Math.max(0, size - d.length)), d]).subarray(0, size);
  if (curve === "secp521r1") scalar[0] = scalar[0]! & 0x01;
  const ecdh = createECDH(curve);
  ecdh.setPrivateKey(scalar);
  const pub = ecdh.getPublicKey();
  const half = (pub.length - 1) / 2;
  const b64 = (b: Buffer) => b.toString("base64url");
  return createPrivateKey({
    key: {
      kty: "EC",
      crv: jwkCrv,
      d: b64(scalar),
      x: b64(pub.subarray(1, 1 + half)),
      y: b64(pub.subarray(1 + half)),
    },
    format: "jwk",
  });
}

/** Generates the key set once (RSA at random; EC and Ed25519 from `seed`). */
export function makeKeys(seed: number): Keys {
  const rsa = (bits: number) =>
    generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537 }).privateKey;
  const edSeed = createHash("sha256").update(`ed25519-${seed}`).digest();
  const ed = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), edSeed]),
    format: "der",
    type: "pkcs8",
  });
  const priv: Record<KeyName, KeyObject> = {
    rsa2048a: rsa(2048),
    rsa2048b: rsa(2048),
    rsa1024: rsa(1024),
    p256a: ecKey("prime256v1", "P-256", `p256a-${seed}`),
    p256b: ecKey("prime256v1", "P-256", `p256b-${seed}`),
    p384: ecKey("secp384r1", "P-384", `p384-${seed}`),
    p521: ecKey("secp521r1", "P-521", `p521-${seed}`),
    ed25519: ed,
  };
  const spki = Object.fromEntries(
    Object.entries(priv).map(([k, v]) => [
      k,
      new Uint8Array(createPublicKey(v).export({ type: "spki", format: "der" })),
    ]),
  ) as Record<KeyName, Uint8Array>;
  return { priv, spki };
}

/** mulberry32: small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HASH_OID: Record<Hash, string> = {
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
};
const RSA_OID: Record<Hash, string> = {
  sha1: "1.2.840.113549.1.1.5",
  sha256: "1.2.840.113549.1.1.11",
  sha384: "1.2.840.113549.1.1.12",
  sha512: "1.2.840.113549.1.1.13",
};
const ECDSA_OID: Record<Hash, string> = {
  sha1: "1.2.840.10045.4.1",
  sha256: "1.2.840.10045.4.3.2",
  sha384: "1.2.840.10045.4.3.3",
  sha512: "1.2.840.10045.4.3.4",
};
const HASH_LEN: Record<Hash, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export type SigKind = "pkcs1" | "pss";

function isRsa(k: KeyName): boolean {
  return k.startsWith("rsa");
}

function sigAlg(key: KeyName, hash: Hash, kind: SigKind): Uint8Array {
  if (key === "ed25519") return seq(oid("1.3.101.112"));
  if (!isRsa(key)) return seq(oid(ECDSA_OID[hash]));
  if (kind === "pkcs1") return seq(oid(RSA_OID[hash]), nul());
  if (hash === "sha1") return seq(oid("1.2.840.113549.1.1.10"), seq());
  const h = seq(oid(HASH_OID[hash]), nul());
  return seq(
    oid("1.2.840.113549.1.1.10"),
    seq(
      ctx(0, h, true),
      ctx(1, seq(oid("1.2.840.113549.1.1.8"), h), true),
      ctx(2, intNum(HASH_LEN[hash]), true),
    ),
  );
}

function signWith(key: KeyObject, keyName: KeyName, hash: Hash, kind: SigKind, tbs: Uint8Array): Uint8Array {
  if (keyName === "ed25519") return new Uint8Array(sign(null, tbs, key));
  if (isRsa(keyName) && kind === "pss") {
    return new Uint8Array(
      sign(hash, tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LEN[hash] }),
    );
  }
  return new Uint8Array(sign(hash, tbs, key));
}

/** A general name for SANs and name constraints. */
export type Gn =
  | { t: "dns"; v: string }
  | { t: "ip"; v: number[] }
  | { t: "email"; v: string }
  | { t: "uri"; v: string };

function gn(g: Gn): Uint8Array {
  switch (g.t) {
    case "dns":
      return tlv(0x82, new TextEncoder().encode(g.v));
    case "email":
      return tlv(0x81, new TextEncoder().encode(g.v));
    case "uri":
      return tlv(0x86, new TextEncoder().encode(g.v));
    case "ip":
      return tlv(0x87, Uint8Array.from(g.v));
  }
}

/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
export const KU_BIT = {
  digitalSignature: 0,
  keyEncipherment: 2,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

function keyUsage(bits: number[]): Uint8Array {
  const max = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  const unused = 7 - (max & 7);
  return bitString(bytes, unused);
}

export interface CertSpec {
  subject: string;
  key: KeyName;
  /** Issuer: its subject and key (self-signed when absent). */
  issuer?: { subject: string; key: KeyName };
  hash: Hash;
  sigKind: SigKind;
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints: undefined = absent. */
  bc?: { ca: boolean; critical: boolean; pathLen?: number };
  ku?: number[];
  eku?: string[];
  san?: Gn[];
  ski: boolean;
  aki: "present" | "absent" | "mismatch";
  nc?: { permitted?: Gn[]; excluded?: Gn[] };
  unknownCritical?: boolean;
  /** Sign with this key instead of the issuer's (signature does not verify). */
  wrongSigner?: KeyName;
}

function ext(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octet(value)) : seq(oid(id), octet(value));
}

function keyId(spki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha1").update(spki).digest());
}

function ncSubtree(g: Gn): Uint8Array {
  if (g.t === "ip") {
    // address + mask: /24 for IPv4, /64 for IPv6
    const mask = g.v.length === 4 ? [255, 255, 255, 0] : [...Array(8).fill(255), ...Array(8).fill(0)];
    return seq(tlv(0x87, Uint8Array.from([...g.v, ...mask])));
  }
  return seq(gn(g));
}

/** Builds one certificate as DER. */
export function buildCert(spec: CertSpec, keys: Keys): Uint8Array {
  const issuer = spec.issuer ?? { subject: spec.subject, key: spec.key };
  const spki = keys.spki[spec.key];
  const alg = sigAlg(issuer.key, spec.hash, spec.sigKind);
  const exts: Uint8Array[] = [];
  if (spec.bc) {
    const parts: Uint8Array[] = [];
    if (spec.bc.ca) parts.push(bool(true));
    if (spec.bc.pathLen !== undefined) parts.push(intNum(spec.bc.pathLen));
    exts.push(ext("2.5.29.19", spec.bc.critical, seq(...parts)));
  }
  if (spec.ku) exts.push(ext("2.5.29.15", true, keyUsage(spec.ku)));
  if (spec.eku) exts.push(ext("2.5.29.37", false, seq(...spec.eku.map(oid))));
  if (spec.san) exts.push(ext("2.5.29.17", false, seq(...spec.san.map(gn))));
  if (spec.ski) exts.push(ext("2.5.29.14", false, octet(keyId(spki))));
  if (spec.aki !== "absent") {
    const id =
      spec.aki === "mismatch"
        ? keyId(Uint8Array.from([...keys.spki[issuer.key], 1]))
        : keyId(keys.spki[issuer.key]);
    exts.push(ext("2.5.29.35", false, seq(tlv(0x80, id))));
  }
  if (spec.nc) {
    const parts: Uint8Array[] = [];
    if (spec.nc.permitted) parts.push(ctx(0, concatAll(spec.nc.permitted.map(ncSubtree)), true));
    if (spec.nc.excluded) parts.push(ctx(1, concatAll(spec.nc.excluded.map(ncSubtree)), true));
    exts.push(ext("2.5.29.30", true, seq(...parts)));
  }
  if (spec.unknownCritical) exts.push(ext("1.3.6.1.4.1.55555.1.1", true, nul()));
  const tbs = seq(
    ctx(0, intNum(2), true),
    intRaw(spec.serial),
    alg,
    name([
      ["2.5.4.10", "Trustdeck Differential"],
      ["2.5.4.3", issuer.subject],
    ]),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name([
      ["2.5.4.10", "Trustdeck Differential"],
      ["2.5.4.3", spec.subject],
    ]),
    spki,
    ...(exts.length ? [ctx(3, seq(...exts), true)] : []),
  );
  const signer = spec.wrongSigner ?? issuer.key;
  const sig = signWith(keys.priv[signer], signer, spec.hash, spec.sigKind, tbs);
  return seq(tbs, alg, bitString(sig));
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

export function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export { ia5 };

/** One generated case: the chain, how it is presented, and what the client asks for. */
export interface DiffCase {
  id: string;
  /** Dimensions drawn for this case (named so a failure says what was built). */
  dims: string[];
  leaf: string;
  /** `tls.crt` as presented (leaf somewhere in it). */
  bundle: string[];
  trusted: string[];
  /** Validation time, seconds since the epoch (`openssl verify -attime`). */
  attime: number;
  purpose?: "sslserver" | "sslclient";
  host?: { kind: "DNS" | "IP"; value: string };
}

const DAY = 86_400;
const T0 = Date.UTC(2026, 5, 1) / 1000;
const EKU_SERVER = "1.3.6.1.5.5.7.3.1";
const EKU_CLIENT = "1.3.6.1.5.5.7.3.2";

const FAULTS = [
  "leaf-aki-absent",
  "inter-aki-absent",
  "leaf-aki-mismatch",
  "ca-ski-absent",
  "ca-bc-noncritical",
  "ca-bc-absent",
  "inter-bc-cafalse",
  "ca-ku-absent",
  "ca-ku-no-certsign",
  "leaf-ku-certsign",
  "leaf-ku-crlsign-only",
  "pathlen-0-top",
  "root-pathlen-0",
  "leaf-pathlen",
  "leaf-expired",
  "leaf-edge-notafter",
  "leaf-not-yet-valid",
  "leaf-edge-notbefore",
  "inter-expired",
  "weak-rsa-leaf",
  "weak-rsa-inter",
  "sha1-leaf",
  "sha1-root-self",
  "pss-sha1-leaf",
  "unknown-critical",
  "eku-client-only",
  "eku-server-only",
  "eku-none",
  "ca-eku-restrict",
  "nc-dns-permit-ok",
  "nc-dns-permit-bad",
  "nc-dns-exclude-hit",
  "nc-ip-permit-ok",
  "nc-ip-permit-bad",
  "nc-ip-exclude-hit",
  "nc-email-permit-ok",
  "nc-email-permit-bad",
  "nc-uri-permit-ok",
  "nc-uri-permit-bad",
  "nc-uri-exclude-hit",
  "serial-zero",
  "serial-negative",
  "serial-20-bytes",
  "serial-leading-zero",
  "wrong-signer",
  "untrusted-root",
  "partial-chain",
  "cross-sign-untrusted",
  "cross-sign-expired",
  "extra-cert",
  "duplicate-inter",
  "root-in-bundle",
  "host-match",
  "host-mismatch",
  "ip-host",
  "empty-san",
] as const;

export type Fault = (typeof FAULTS)[number];

/**
 * Builds case `index` of the corpus for `seed`. Every case is a root, 0-2 intermediates and a
 * leaf, mostly well-formed, with 0-2 faults drawn from FAULTS, a purpose and a presentation.
 */
export function makeCase(seed: number, index: number, keys: Keys): DiffCase {
  const r = rng((seed * 7919 + index * 104729) >>> 0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const faults = new Set<Fault>();
  const nFaults = pick([0, 0, 1, 1, 1, 2]);
  for (let i = 0; i < nFaults; i++) faults.add(pick(FAULTS));
  const has = (f: Fault) => faults.has(f);
  const nInter = pick([0, 1, 1, 2]);
  const serial = () => {
    const b = new Uint8Array(16).map(() => Math.floor(r() * 256));
    b[0] = (b[0]! & 0x7f) | 0x01;
    return b;
  };
  const hash = (): Hash => pick(["sha256", "sha256", "sha384", "sha512"] as const);
  const sigKind = (): SigKind => (chance(0.3) ? "pss" : "pkcs1");
  const tag = `${seed}-${index}`;

  const caKeys: KeyName[] = ["rsa2048a", "p256a", "p384", "ed25519", "p521"];
  const root: CertSpec = {
    subject: `root ${tag}`,
    key: pick(caKeys),
    hash: has("sha1-root-self") ? "sha1" : hash(),
    sigKind: sigKind(),
    serial: serial(),
    notBefore: new Date((T0 - 400 * DAY) * 1000),
    notAfter: new Date((T0 + 3000 * DAY) * 1000),
    bc: { ca: true, critical: true },
    ku: [KU_BIT.keyCertSign, KU_BIT.cRLSign],
    ski: true,
    aki: chance(0.5) ? "present" : "absent",
  };
  if (root.key === "ed25519" && has("sha1-root-self")) root.key = "rsa2048a";
  const inters: CertSpec[] = [];
  let parent = root;
  for (let i = 0; i < nInter; i++) {
    const spec: CertSpec = {
      subject: `intermediate ${i} ${tag}`,
      key: pick(["rsa2048b", "p256b", "p384"] as const),
      issuer: { subject: parent.subject, key: parent.key },
      hash: hash(),
      sigKind: sigKind(),
      serial: serial(),
      notBefore: new Date((T0 - 300 * DAY) * 1000),
      notAfter: new Date((T0 + 2000 * DAY) * 1000),
      bc: { ca: true, critical: true },
      ku: [KU_BIT.keyCertSign, KU_BIT.cRLSign],
      ski: true,
      aki: "present",
    };
    inters.push(spec);
    parent = spec;
  }
  const leafKey = pick(["p256b", "rsa2048a", "ed25519", "p256a", "p384", "p521"] as const);
  const leaf: CertSpec = {
    subject: `leaf ${tag}`,
    key: has("weak-rsa-leaf") ? "rsa1024" : leafKey,
    issuer: { subject: parent.subject, key: parent.key },
    hash: has("sha1-leaf") && parent.key !== "ed25519" ? "sha1" : hash(),
    sigKind: sigKind(),
    serial: serial(),
    notBefore: new Date((T0 - 30 * DAY) * 1000),
    notAfter: new Date((T0 + 60 * DAY) * 1000),
    bc: chance(0.7) ? { ca: false, critical: true } : undefined,
    ku: leafKey.startsWith("rsa")
      ? [KU_BIT.digitalSignature, KU_BIT.keyEncipherment]
      : [KU_BIT.digitalSignature],
    eku: [EKU_SERVER, EKU_CLIENT],
    san: [{ t: "dns", v: `leaf-${index}.example.test` }],
    ski: chance(0.7),
    aki: "present",
  };
  const cas = [root, ...inters];
  const someCa = () => pick(cas);
  const top = inters[0];
  const bottomCa = inters[inters.length - 1] ?? root;

  if (has("leaf-aki-absent")) leaf.aki = "absent";
  if (has("inter-aki-absent") && top) pick(inters).aki = "absent";
  if (has("leaf-aki-mismatch")) leaf.aki = "mismatch";
  if (has("ca-ski-absent")) someCa().ski = false;
  if (has("ca-bc-noncritical")) someCa().bc = { ca: true, critical: false };
  if (has("ca-bc-absent")) delete someCa().bc;
  if (has("inter-bc-cafalse") && top) pick(inters).bc = { ca: false, critical: true };
  if (has("ca-ku-absent")) delete someCa().ku;
  if (has("ca-ku-no-certsign")) someCa().ku = [KU_BIT.digitalSignature, KU_BIT.cRLSign];
  if (has("leaf-ku-certsign")) leaf.ku = [...(leaf.ku ?? []), KU_BIT.keyCertSign];
  if (has("leaf-ku-crlsign-only")) leaf.ku = [KU_BIT.cRLSign];
  if (has("pathlen-0-top") && top) top.bc = { ca: true, critical: true, pathLen: 0 };
  if (has("root-pathlen-0") && root.bc) root.bc.pathLen = 0;
  if (has("leaf-pathlen")) leaf.bc = { ca: false, critical: true, pathLen: 0 };
  if (has("inter-expired") && top) top.notAfter = new Date((T0 - DAY) * 1000);
  if (has("weak-rsa-inter") && top) top.key = "rsa1024";
  if (has("pss-sha1-leaf") && parent.key.startsWith("rsa")) {
    leaf.hash = "sha1";
    leaf.sigKind = "pss";
  }
  if (has("unknown-critical")) pick([...cas, leaf]).unknownCritical = true;
  if (has("eku-client-only")) leaf.eku = [EKU_CLIENT];
  if (has("eku-server-only")) leaf.eku = [EKU_SERVER];
  if (has("eku-none")) delete leaf.eku;
  if (has("ca-eku-restrict")) bottomCa.eku = [EKU_CLIENT];
  const ncCa = pick(cas);
  const sanOf = (g: Gn) => {
    leaf.san = [...(leaf.san ?? []), g];
  };
  if (has("nc-dns-permit-ok")) ncCa.nc = { permitted: [{ t: "dns", v: "example.test" }] };
  if (has("nc-dns-permit-bad")) ncCa.nc = { permitted: [{ t: "dns", v: "other.test" }] };
  if (has("nc-dns-exclude-hit")) ncCa.nc = { excluded: [{ t: "dns", v: "example.test" }] };
  if (has("nc-ip-permit-ok") || has("nc-ip-permit-bad") || has("nc-ip-exclude-hit")) {
    sanOf({ t: "ip", v: [10, 1, 2, 3] });
    if (has("nc-ip-permit-ok")) ncCa.nc = { permitted: [{ t: "ip", v: [10, 1, 2, 0] }] };
    if (has("nc-ip-permit-bad")) ncCa.nc = { permitted: [{ t: "ip", v: [10, 9, 9, 0] }] };
    if (has("nc-ip-exclude-hit")) ncCa.nc = { excluded: [{ t: "ip", v: [10, 1, 2, 0] }] };
  }
  if (has("nc-email-permit-ok") || has("nc-email-permit-bad")) {
    sanOf({ t: "email", v: "ops@example.test" });
    ncCa.nc = { permitted: [{ t: "email", v: has("nc-email-permit-ok") ? "example.test" : "other.test" }] };
  }
  if (has("nc-uri-permit-ok") || has("nc-uri-permit-bad") || has("nc-uri-exclude-hit")) {
    sanOf({ t: "uri", v: "https://svc.example.test/path" });
    if (has("nc-uri-permit-ok")) ncCa.nc = { permitted: [{ t: "uri", v: ".example.test" }] };
    if (has("nc-uri-permit-bad")) ncCa.nc = { permitted: [{ t: "uri", v: ".other.test" }] };
    if (has("nc-uri-exclude-hit")) ncCa.nc = { excluded: [{ t: "uri", v: ".example.test" }] };
  }
  if (has("serial-zero")) leaf.serial = Uint8Array.of(0);
  if (has("serial-negative")) leaf.serial = Uint8Array.of(0xed, 0xcc);
  if (has("serial-20-bytes")) leaf.serial = Uint8Array.from([0x7f, ...serial(), 1, 2, 3]);
  if (has("serial-leading-zero")) leaf.serial = Uint8Array.from([0x00, 0x8f, ...serial().slice(0, 8)]);
  if (has("wrong-signer")) leaf.wrongSigner = parent.key === "p256a" ? "p384" : "p256a";
  if (has("ip-host")) sanOf({ t: "ip", v: [192, 0, 2, 7] });
  if (has("empty-san")) leaf.san = [];

  const der = new Map<CertSpec, string>();
  const build = (s: CertSpec) => {
    let p = der.get(s);
    if (!p) {
      p = pem(buildCert(s, keys));
      der.set(s, p);
    }
    return p;
  };
  const leafPem = build(leaf);
  const interPems = inters.map(build);
  const rootPem = build(root);
  let bundle = [leafPem, ...[...interPems].reverse()];
  let trusted = [rootPem];

  const otherRoot: CertSpec = {
    ...root,
    subject: `other root ${tag}`,
    key: root.key === "p384" ? "p256a" : "p384",
    serial: serial(),
    issuer: undefined,
    hash: "sha256",
  };
  if (has("untrusted-root")) {
    trusted = [build(otherRoot)];
    bundle.push(rootPem);
  }
  if (has("partial-chain") && top) {
    trusted = [interPems[0]!];
  }
  let crossPem: string | undefined;
  if ((has("cross-sign-untrusted") || has("cross-sign-expired")) && top) {
    const expired = has("cross-sign-expired");
    const cross: CertSpec = {
      ...top,
      issuer: { subject: otherRoot.subject, key: otherRoot.key },
      serial: serial(),
      ...(expired ? { notAfter: new Date((T0 - 10 * DAY) * 1000) } : {}),
    };
    crossPem = build(cross);
    if (expired) trusted = [...trusted, build(otherRoot)];
  }
  if (has("extra-cert")) bundle.push(build({ ...otherRoot, subject: `stray ${tag}`, serial: serial() }));
  if (has("duplicate-inter") && interPems[0]) bundle.push(interPems[0]);
  if (has("root-in-bundle")) bundle.push(rootPem);
  if (chance(0.3)) {
    // Leaf elsewhere in tls.crt (some exporters write root-first bundles).
    bundle = [...bundle.slice(1).reverse(), leafPem];
  }
  // The cross-signed copy goes after the good one: OpenSSL takes the first candidate issuer and
  // does not backtrack, while the engine tries every candidate (docs/chain-engine.md).
  if (crossPem) bundle.push(crossPem);

  let attime = T0;
  if (has("leaf-expired")) attime = leaf.notAfter.getTime() / 1000 + 1;
  if (has("leaf-edge-notafter")) attime = leaf.notAfter.getTime() / 1000;
  if (has("leaf-not-yet-valid")) attime = leaf.notBefore.getTime() / 1000 - 1;
  if (has("leaf-edge-notbefore")) attime = leaf.notBefore.getTime() / 1000;

  const c: DiffCase = {
    id: tag,
    dims: [...faults, `intermediates=${nInter}`],
    leaf: leafPem,
    bundle,
    trusted,
    attime,
  };
  const purpose = pick([undefined, "sslserver", "sslserver", "sslclient"] as const);
  if (purpose) c.purpose = purpose;
  if (has("host-match")) c.host = { kind: "DNS", value: `leaf-${index}.example.test` };
  if (has("host-mismatch")) c.host = { kind: "DNS", value: "elsewhere.example.test" };
  if (has("ip-host")) c.host = { kind: "IP", value: "192.0.2.7" };
  c.dims.push(
    `purpose=${purpose ?? "none"}`,
    `keys=${root.key}/${inters.map((i) => i.key).join("/")}/${leaf.key}`,
  );
  return c;
}
