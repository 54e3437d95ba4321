import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainVerdict, OPENSSL_ERRORS, verifyChain } from "./chain";
import { type DiffCase, type Keys, makeCase, makeKeys } from "./differential/generator";

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
const CONCURRENCY = 4;
let dir: string;
let keys: Keys;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "trustdeck-diff-"));
  keys = makeKeys(SEED);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface OpensslVerdict {
  ok: boolean;
  error?: number;
  output: string;
}

async function opensslVerify(c: DiffCase, files: { leaf: string; ca: string; untrusted: string }) {
  const args = [
    "verify",
    "-x509_strict",
    "-auth_level",
    "2",
    "-partial_chain",
    "-attime",
    String(c.attime),
    "-CAfile",
    files.ca,
  ];
  const untrusted = c.bundle.filter((p) => p !== c.leaf);
  if (untrusted.length) args.push("-untrusted", files.untrusted);
  if (c.purpose) args.push("-purpose", c.purpose);
  if (c.host) args.push(c.host.kind === "IP" ? "-verify_ip" : "-verify_hostname", c.host.value);
  args.push(files.leaf);
  try {
    const r = await run("openssl", args);
    return { ok: true, output: r.stdout + r.stderr } satisfies OpensslVerdict;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    const m = /error (\d+) at \d+ depth/.exec(output);
    return { ok: false, ...(m ? { error: Number(m[1]) } : {}), output } satisfies OpensslVerdict;
  }
}

async function opensslX509(file: string) {
  const r = await run("openssl", [
    "x509",
    "-in",
    file,
    "-noout",
    "-serial",
    "-fingerprint",
    "-sha256",
    "-dates",
    "-subject",
    "-ext",
    "subjectAltName",
  ]);
  const out = r.stdout;
  const field = (k: string) => new RegExp(`^${k}=(.*)$`, "m").exec(out)?.[1]?.trim();
  const sanLine = /Subject Alternative Name:\s*\n\s*(.*)/.exec(out)?.[1]?.trim();
  return {
    serial: field("serial"),
    fingerprint: field("sha256 Fingerprint"),
    notBefore: new Date(field("notBefore") ?? "").toISOString(),
    notAfter: new Date(field("notAfter") ?? "").toISOString(),
    subject: field("subject")?.replace(/ = /g, "="),
    sans: sanLine && sanLine !== "<EMPTY>" ? sanLine.split(", ").sort() : [],
  };
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

/** Compares one case; returns the disagreements in words (empty when the two agree). */
async function compare(c: DiffCase, i: number): Promise<string[]> {
  const d = path.join(dir, String(i));
  const files = { leaf: `${d}-leaf.pem`, ca: `${d}-ca.pem`, untrusted: `${d}-untrusted.pem` };
  writeFileSync(files.leaf, c.leaf);
  writeFileSync(files.ca, c.trusted.join(""));
  writeFileSync(files.untrusted, c.bundle.filter((p) => p !== c.leaf).join(""));
  const [ossl, x509] = await Promise.all([opensslVerify(c, files), opensslX509(files.leaf)]);
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
  if (v.valid !== ossl.ok) {
    const failing = v.problems.filter((p) => p.fails?.includes("rfc5280")).map((p) => p.code);
    out.push(`verdict: engine ${v.valid ? "valid" : `invalid (${failing.join(",")})`}, openssl ${ossl.ok ? "OK" : ossl.output.trim()}`);
  } else if (!ossl.ok && ossl.error !== undefined) {
    const codes = v.problems.filter((p) => p.fails?.includes("rfc5280")).map((p) => p.code);
    const mapped = new Set(codes.flatMap((code) => OPENSSL_ERRORS[code] ?? []));
    if (!mapped.has(ossl.error)) out.push(`error class: openssl ${ossl.error}, engine ${codes.join(",")}`);
  }
  if (x509.serial !== leaf.serialNumber) out.push(`serial: openssl ${x509.serial}, engine ${leaf.serialNumber}`);
  if (x509.fingerprint !== leaf.sha256Fingerprint) out.push("fingerprint differs");
  if (x509.notBefore !== leaf.notBefore || x509.notAfter !== leaf.notAfter) out.push("dates differ");
  if (x509.subject !== leaf.subject) out.push(`subject: openssl ${x509.subject}, engine ${leaf.subject}`);
  const sans = [
    ...leaf.dnsNames.map((n) => `DNS:${n}`),
    ...leaf.ipAddresses.map((n) => `IP Address:${n}`),
    ...leaf.emailAddresses.map((n) => `email:${n}`),
    ...leaf.uris.map((n) => `URI:${n}`),
  ].sort();
  if (JSON.stringify(sans) !== JSON.stringify(x509.sans)) out.push(`SANs: openssl ${x509.sans}, engine ${sans}`);
  return out;
}

describe("differential: engine vs openssl on generated chains", () => {
  it(`agrees with openssl on ${CASES} generated chains (seed ${SEED})`, async () => {
    const started = Date.now();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= CASES) return;
        const c = makeCase(SEED, i, keys);
        const diffs = await compare(c, i);
        if (diffs.length) failures.push(`case ${c.id} [${c.dims.join(" ")}]: ${diffs.join("; ")}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(
      `differential: ${CASES} chains, seed ${SEED}, ${failures.length} disagreements, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (failures.length) console.log(`seed ${SEED}:\n${failures.slice(0, 40).join("\n")}`);
    expect(failures, `seed ${SEED}`).toEqual([]);
  }, 600_000);
});
