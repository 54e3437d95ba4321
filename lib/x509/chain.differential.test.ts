import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainVerdict, OPENSSL_ERRORS, verifyChain } from "./chain";
import {
  buildCert,
  type CertSpec,
  type DiffCase,
  type Keys,
  makeCase,
  makeKeys,
  pem,
} from "./differential/generator";

/**
 * Differential suite: a seeded corpus of generated chains (see differential/generator.ts) is
 * judged by the engine and by `openssl verify -x509_strict -auth_level 2 -partial_chain -attime`
 * (verdict and error class), and each leaf is read by the engine and by `openssl x509` (serial,
 * SHA-256 fingerprint, dates, SANs, subject). Any disagreement fails the test and prints the seed
 * and case; rerun one with DIFF_SEED=<seed> DIFF_CASES=<n>. Each disagreement found while
 * building the engine is kept below as a named test.
 */

const run = promisify(execFile);
const SEED = Number(process.env.DIFF_SEED ?? 20261130);
const CASES = Number(process.env.DIFF_CASES ?? 2000);
/** Two shells at a time (a 2-core machine), 50 cases per shell. */
const CONCURRENCY = 2;
const BATCH = 50;
let dir: string;
let keys: Keys;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "trustdeck-diff-"));
  keys = makeKeys(SEED);
}, 120_000);
// Removing thousands of files can take longer than the default hook timeout on a loaded machine.
afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

interface OpensslVerdict {
  ok: boolean;
  /** Every error number openssl printed (it continues past some errors and reports them all). */
  errors: number[];
  output: string;
}

interface OpensslX509 {
  serial?: string;
  fingerprint?: string;
  notBefore: string;
  notAfter: string;
  subject?: string;
  sans: string[];
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The shell lines that run both oracles for one case; files are written beside the script. */
function caseScript(c: DiffCase, i: number): string {
  const d = path.join(dir, String(i));
  const files = { leaf: `${d}-leaf.pem`, ca: `${d}-ca.pem`, untrusted: `${d}-untrusted.pem` };
  writeFileSync(files.leaf, c.leaf);
  writeFileSync(files.ca, c.trusted.join(""));
  const untrusted = c.bundle.filter((p) => p !== c.leaf);
  writeFileSync(files.untrusted, untrusted.join(""));
  const args = ["-x509_strict", "-auth_level", "2", "-partial_chain", "-attime", String(c.attime)];
  args.push("-CAfile", files.ca);
  if (untrusted.length) args.push("-untrusted", files.untrusted);
  if (c.purpose) args.push("-purpose", c.purpose);
  if (c.host) args.push(c.host.kind === "IP" ? "-verify_ip" : "-verify_hostname", c.host.value);
  const x509 = "-noout -serial -fingerprint -sha256 -dates -subject -ext subjectAltName";
  return [
    `echo "@@VERIFY ${i}"`,
    `openssl verify ${args.map(quote).join(" ")} ${quote(files.leaf)} 2>&1; echo "@@RC $?"`,
    `echo "@@X509 ${i}"`,
    `openssl x509 -in ${quote(files.leaf)} ${x509} 2>&1`,
  ].join("\n");
}

function parseVerify(out: string): OpensslVerdict {
  const rc = Number(/@@RC (\d+)/.exec(out)?.[1] ?? -1);
  const errors = [...out.matchAll(/error (\d+) at \d+ depth/g)].map((m) => Number(m[1]));
  return { ok: rc === 0, errors, output: out.replace(/@@RC \d+/, "").trim() };
}

function parseX509(out: string): OpensslX509 {
  const field = (k: string) => new RegExp(`^${k}=(.*)$`, "m").exec(out)?.[1]?.trim();
  const sanLine = /Subject Alternative Name:\s*\n\s*(.*)/.exec(out)?.[1]?.trim();
  const r: OpensslX509 = {
    notBefore: new Date(field("notBefore") ?? "").toISOString(),
    notAfter: new Date(field("notAfter") ?? "").toISOString(),
    sans: sanLine && sanLine !== "<EMPTY>" ? sanLine.split(", ").sort() : [],
  };
  const serial = field("serial");
  const fingerprint = field("sha256 Fingerprint");
  const subject = field("subject")?.replace(/ = /g, "=");
  if (serial !== undefined) r.serial = serial;
  if (fingerprint !== undefined) r.fingerprint = fingerprint;
  if (subject !== undefined) r.subject = subject;
  return r;
}

/** Runs both oracles for a batch of cases in one shell (one process start instead of 2 per case). */
async function runOracles(batch: { c: DiffCase; i: number }[]) {
  const script = path.join(dir, `batch-${batch[0]!.i}.sh`);
  writeFileSync(script, batch.map(({ c, i }) => caseScript(c, i)).join("\n"));
  const { stdout } = await run("sh", [script], { maxBuffer: 64 * 1024 * 1024 });
  const out = new Map<number, { verify: OpensslVerdict; x509: OpensslX509 }>();
  for (const part of stdout.split("@@VERIFY ").slice(1)) {
    const i = Number(part.slice(0, part.indexOf("\n")));
    const [verifyOut, x509Out] = part.split(/@@X509 \d+\n/);
    out.set(i, { verify: parseVerify(verifyOut ?? ""), x509: parseX509(x509Out ?? "") });
  }
  return out;
}

function engineVerdict(c: DiffCase): ChainVerdict {
  return verifyChain({
    bundle: c.bundle.join(""),
    trusted: c.trusted.join(""),
    now: new Date(c.attime * 1000),
    inferRole: false,
    ...(c.purpose ? { role: c.purpose === "sslserver" ? ("server" as const) : ("client" as const) } : {}),
    ...(c.host ? { peerName: c.host } : {}),
  });
}

/** Compares one case with the oracles' answers; returns the disagreements in words. */
function compare(c: DiffCase, ossl: OpensslVerdict, x509: OpensslX509): string[] {
  const out: string[] = [];
  let v: ChainVerdict;
  try {
    v = engineVerdict(c);
  } catch (err) {
    return [`engine threw ${(err as Error).message}`];
  }
  const leafDer = Buffer.from(c.leaf.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
  const leafFp = createHash("sha256")
    .update(leafDer)
    .digest("hex")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
  const leaf = v.links[0]!.certificate;
  if (leaf.sha256Fingerprint !== leafFp) out.push(`picked ${leaf.subject} as the leaf`);
  const codes = v.problems.filter((p) => p.fails?.includes("rfc5280")).map((p) => p.code);
  if (v.valid !== ossl.ok) {
    out.push(
      `verdict: engine ${v.valid ? "valid" : `invalid (${codes.join(",")})`}, openssl ${ossl.ok ? "OK" : ossl.output}`,
    );
  } else if (!ossl.ok) {
    const mapped = new Set(codes.flatMap((code) => OPENSSL_ERRORS[code] ?? []));
    if (!ossl.errors.some((e) => mapped.has(e))) {
      out.push(`error class: openssl ${ossl.errors.join(",")}, engine ${codes.join(",")}`);
    }
  }
  if (x509.serial !== leaf.serialNumber)
    out.push(`serial: openssl ${x509.serial}, engine ${leaf.serialNumber}`);
  if (x509.fingerprint !== leaf.sha256Fingerprint) out.push("fingerprint differs");
  if (x509.notBefore !== leaf.notBefore || x509.notAfter !== leaf.notAfter) out.push("dates differ");
  if (x509.subject !== leaf.subject) out.push(`subject: openssl ${x509.subject}, engine ${leaf.subject}`);
  const sans = [
    ...leaf.dnsNames.map((n) => `DNS:${n}`),
    ...leaf.ipAddresses.map((n) => `IP Address:${n}`),
    ...leaf.emailAddresses.map((n) => `email:${n}`),
    ...leaf.uris.map((n) => `URI:${n}`),
  ].sort();
  if (JSON.stringify(sans) !== JSON.stringify(x509.sans))
    out.push(`SANs: openssl ${x509.sans}, engine ${sans}`);
  return out;
}

/** Generates cases [from, to), runs the oracles in batches and returns every disagreement. */
async function differential(seed: number, from: number, to: number): Promise<string[]> {
  const cases = Array.from({ length: to - from }, (_, k) => ({
    c: makeCase(seed, from + k, keys),
    i: from + k,
  }));
  const batches: { c: DiffCase; i: number }[][] = [];
  for (let k = 0; k < cases.length; k += BATCH) batches.push(cases.slice(k, k + BATCH));
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const batch = batches[next++];
      if (!batch) return;
      const answers = await runOracles(batch);
      for (const { c, i } of batch) {
        const a = answers.get(i);
        const diffs = a ? compare(c, a.verify, a.x509) : ["openssl printed nothing"];
        if (diffs.length) failures.push(`case ${c.id} [${c.dims.join(" ")}]: ${diffs.join("; ")}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

describe("differential: engine vs openssl on generated chains", () => {
  it(`agrees with openssl on ${CASES} generated chains (seed ${SEED})`, async () => {
    const started = Date.now();
    const failures = await differential(SEED, 0, CASES);
    console.log(
      `differential: ${CASES} chains, seed ${SEED}, ${failures.length} disagreements, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (failures.length) console.log(`seed ${SEED}:\n${failures.slice(0, 40).join("\n")}`);
    expect(failures, `seed ${SEED}`).toEqual([]);
  }, 900_000);
});

/** A root -> leaf chain built from specs, for the named regressions below. */
function spec(over: Partial<CertSpec> & Pick<CertSpec, "subject" | "key">): CertSpec {
  const t0 = Date.UTC(2026, 5, 1);
  return {
    hash: "sha256",
    sigKind: "pkcs1",
    serial: Uint8Array.of(0x10, 0x01),
    notBefore: new Date(t0 - 30 * 86_400_000),
    notAfter: new Date(t0 + 60 * 86_400_000),
    ski: true,
    aki: "present",
    ...over,
  };
}

const ROOT = (key: CertSpec["key"] = "p256a") =>
  spec({ subject: "named root", key, bc: { ca: true, critical: true }, ku: [5, 6] });

async function opensslOk(leaf: string, trusted: string[], untrusted: string[], attime: number) {
  const f = (n: string, body: string) => {
    const p = path.join(dir, `named-${n}.pem`);
    writeFileSync(p, body);
    return p;
  };
  const args = ["verify", "-x509_strict", "-auth_level", "2", "-partial_chain", "-attime", String(attime)];
  args.push("-CAfile", f("ca", trusted.join("")));
  if (untrusted.length) args.push("-untrusted", f("untrusted", untrusted.join("")));
  args.push(f("leaf", leaf));
  try {
    await run("openssl", args);
    return true;
  } catch {
    return false;
  }
}

describe("differential: disagreements found, kept as named tests", () => {
  const T0 = Date.UTC(2026, 5, 1) / 1000;

  it("a leaf whose AKI does not match its issuer's SKI has no issuer (OpenSSL X509_check_akid)", async () => {
    const root = pem(buildCert(ROOT(), keys));
    const leaf = pem(
      buildCert(
        spec({
          subject: "akid leaf",
          key: "p256b",
          issuer: { subject: "named root", key: "p256a" },
          aki: "mismatch",
        }),
        keys,
      ),
    );
    const v = verifyChain({ bundle: leaf, trusted: root, now: new Date(T0 * 1000) });
    expect(v.valid).toBe(false);
    // Reported as a broken link to the CA of that name (a rotated CA), which OpenSSL calls error 20.
    expect(v.problems.map((p) => p.code)).toContain("signature-invalid");
    expect(OPENSSL_ERRORS["signature-invalid"]).toContain(20);
    expect(await opensslOk(leaf, [root], [], T0)).toBe(false);
  });

  it("at notAfter itself the certificate has expired, at notBefore it is valid (X509_cmp_time)", async () => {
    const root = pem(buildCert(ROOT(), keys));
    const s = spec({ subject: "edge leaf", key: "p256b", issuer: { subject: "named root", key: "p256a" } });
    const leaf = pem(buildCert(s, keys));
    const at = (t: number) => verifyChain({ bundle: leaf, trusted: root, now: new Date(t * 1000) }).valid;
    const na = s.notAfter.getTime() / 1000;
    const nb = s.notBefore.getTime() / 1000;
    expect([at(na - 1), at(na), at(nb - 1), at(nb)]).toEqual([true, false, false, true]);
    expect(await opensslOk(leaf, [root], [], na)).toBe(false);
    expect(await opensslOk(leaf, [root], [], nb)).toBe(true);
    // Sub-second parts of "now" are ignored, as with -attime.
    expect(at(na - 0.5)).toBe(true);
  });

  it("picks the leaf, not a stray self-signed CA written before it in tls.crt", () => {
    const root = pem(buildCert(ROOT(), keys));
    const stray = pem(buildCert({ ...ROOT("p384"), subject: "stray" }, keys));
    const leaf = pem(
      buildCert(
        spec({ subject: "real leaf", key: "p256b", issuer: { subject: "named root", key: "p256a" } }),
        keys,
      ),
    );
    const v = verifyChain({ bundle: stray + leaf, trusted: root, now: new Date(T0 * 1000) });
    expect(v.links[0]!.certificate.subject).toContain("real leaf");
    expect(v.valid).toBe(true);
    expect(v.unusedCertificates.map((c) => c.commonName)).toEqual(["stray"]);
  });

  it("backtracks past a cross-signed copy that leads nowhere, where openssl stops at the first candidate", async () => {
    const root = pem(buildCert(ROOT(), keys));
    const inter = spec({
      subject: "named intermediate",
      key: "p256b",
      issuer: { subject: "named root", key: "p256a" },
      bc: { ca: true, critical: true },
      ku: [5, 6],
      notAfter: new Date(Date.UTC(2030, 0, 1)),
    });
    const good = pem(buildCert(inter, keys));
    const cross = pem(
      buildCert(
        { ...inter, issuer: { subject: "other root", key: "p384" }, serial: Uint8Array.of(0x22) },
        keys,
      ),
    );
    const leaf = pem(
      buildCert(
        spec({ subject: "cross leaf", key: "p384", issuer: { subject: "named intermediate", key: "p256b" } }),
        keys,
      ),
    );
    const v = verifyChain({ bundle: leaf + cross + good, trusted: root, now: new Date(T0 * 1000) });
    expect(v.valid).toBe(true);
    expect(v.links.map((l) => l.certificate.commonName)).toEqual([
      "cross leaf",
      "named intermediate",
      "named root",
    ]);
    // OpenSSL 3.0 takes the first matching untrusted issuer and fails; with the good copy first it passes.
    expect(await opensslOk(leaf, [root], [cross, good], T0)).toBe(false);
    expect(await opensslOk(leaf, [root], [good, cross], T0)).toBe(true);
  });

  it("an expired cross-signed copy of a directly trusted CA is a warning, not a critical finding (issue 13.7)", async () => {
    const root = pem(buildCert(ROOT(), keys));
    const other = pem(buildCert({ ...ROOT("p384"), subject: "old root" }, keys));
    const inter = spec({
      subject: "named intermediate",
      key: "p256b",
      issuer: { subject: "named root", key: "p256a" },
      bc: { ca: true, critical: true },
      ku: [5, 6],
      notAfter: new Date(Date.UTC(2030, 0, 1)),
    });
    const good = pem(buildCert(inter, keys));
    const expiredCross = pem(
      buildCert(
        {
          ...inter,
          issuer: { subject: "old root", key: "p384" },
          serial: Uint8Array.of(0x23),
          notBefore: new Date(Date.UTC(2024, 0, 1)),
          notAfter: new Date(Date.UTC(2025, 0, 1)),
        },
        keys,
      ),
    );
    const leaf = pem(
      buildCert(
        spec({ subject: "cross leaf", key: "p384", issuer: { subject: "named intermediate", key: "p256b" } }),
        keys,
      ),
    );
    const v = verifyChain({
      bundle: leaf + expiredCross + good,
      trusted: root + other,
      now: new Date(T0 * 1000),
    });
    expect(v.valid).toBe(true);
    expect(v.problems.map((p) => [p.code, p.severity])).toEqual([["expired-cross-sign", "warning"]]);
    expect(v.problems[0]!.message).toContain("clients that trust");
    // The path through the expired copy is reported as an alternative, with why it fails.
    expect(v.alternatives).toEqual([
      {
        subjects: ["cross leaf", "named intermediate", "old root"].map(
          (cn) => `O=Trustdeck Differential, CN=${cn}`,
        ),
        valid: false,
        problem: {
          code: "expired",
          message: expect.stringMatching(/named intermediate" expired on 2025-01-01/),
        },
      },
    ]);
    expect(await opensslOk(leaf, [root, other], [good, expiredCross], T0)).toBe(true);
  });

  it("maps each strict-mode finding to OpenSSL's own error number", async () => {
    const root = pem(buildCert(ROOT(), keys));
    const leaf = pem(
      buildCert(
        spec({
          subject: "certsign leaf",
          key: "p256b",
          issuer: { subject: "named root", key: "p256a" },
          ku: [0, 5],
        }),
        keys,
      ),
    );
    const v = verifyChain({ bundle: leaf, trusted: root, now: new Date(T0 * 1000) });
    expect(v.problems.map((p) => p.code)).toEqual(["keycertsign-on-non-ca"]);
    expect(OPENSSL_ERRORS["keycertsign-on-non-ca"]).toEqual([82]);
    expect(await opensslOk(leaf, [root], [], T0)).toBe(false);
  });

  it("reads a negative serial as openssl prints it, distinct from the positive one", () => {
    const root = pem(buildCert(ROOT(), keys));
    const mk = (serial: number[]) =>
      verifyChain({
        bundle: pem(
          buildCert(
            spec({
              subject: "serial leaf",
              key: "p256b",
              issuer: { subject: "named root", key: "p256a" },
              serial: Uint8Array.from(serial),
            }),
            keys,
          ),
        ),
        trusted: root,
        now: new Date(T0 * 1000),
      });
    const negative = mk([0xed, 0xcc]);
    expect(negative.links[0]!.certificate.serialNumber).toBe("-1234");
    expect(mk([0x00, 0xed, 0xcc]).links[0]!.certificate.serialNumber).toBe("EDCC");
    expect(negative.valid).toBe(true);
    expect(negative.problems.map((p) => [p.code, p.severity])).toEqual([["serial-number", "warning"]]);
    expect(negative.profiles).toEqual({ rfc5280: true, webpki: false });
  });
});
