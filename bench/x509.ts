// X.509 parse + chain verification throughput: Trustdeck's engine (lib/x509) against Node's native
// crypto.X509Certificate, on the same certificates. Run by scripts/bench.mjs through tsx:
//   tsx bench/x509.ts <input.json>   where input = { ca: PEM, leaves: PEM[] }
// Prints one JSON object on stdout.
import crypto from "node:crypto";
import fs from "node:fs";
import { analyzeTlsSecret } from "../lib/inventory/secret-certs";
import { resetSignatureMemo, verifyChain } from "../lib/x509/chain";
import { parseCertificatesPem } from "../lib/x509/parse";

const input = JSON.parse(fs.readFileSync(process.argv[2] ?? "", "utf8")) as { ca: string; leaves: string[] };
const now = new Date();

function time(
  label: string,
  fn: () => number,
  beforeTimedRun?: () => void,
): { label: string; ms: number; perCertUs: number; checked: number } {
  fn(); // warm-up: JIT and caches, as a long-running server would be
  beforeTimedRun?.();
  const t0 = performance.now();
  const checked = fn();
  const ms = performance.now() - t0;
  return { label, ms, perCertUs: (ms * 1000) / input.leaves.length, checked };
}

const trustdeckParse = time("trustdeck parse", () => {
  let n = 0;
  for (const pem of input.leaves) n += parseCertificatesPem(pem).length;
  return n;
});
const nativeParse = time("native parse", () => {
  let n = 0;
  for (const pem of input.leaves) {
    const c = new crypto.X509Certificate(pem);
    // Touch the fields an inventory shows, so lazily computed values are paid for too.
    if (c.subject && c.validTo && c.fingerprint256 && c.serialNumber && (c.subjectAltName ?? "") !== null)
      n++;
  }
  return n;
});
// A first judgement: every signature really verified (the signature memo is emptied first).
const trustdeckVerify = time(
  "trustdeck parse+verify",
  () => {
    let n = 0;
    for (const pem of input.leaves) if (verifyChain({ bundle: pem, trusted: input.ca, now }).valid) n++;
    return n;
  },
  resetSignatureMemo,
);
// Steady state, as a request sees it: each Secret was parsed once when the watch delivered it
// (lib/inventory/secret-certs.ts) and its signatures judged once; the chain is judged again (time,
// usages, path) on the kept objects.
const facts = input.leaves.map((pem, i) => ({
  metadata: { name: `svc-${i}-tls`, namespace: "bench", uid: `bench-${i}`, resourceVersion: "1" },
  type: "kubernetes.io/tls",
  tlsCrt: pem,
  caCrt: input.ca,
  dataKeys: ["ca.crt", "tls.crt", "tls.key"],
}));
const trustdeckSteady = time("trustdeck parse+verify, steady state", () => {
  let n = 0;
  for (const f of facts) {
    const a = analyzeTlsSecret(f);
    const bundle = a.trust.tlsCrt?.parsed;
    if (bundle && verifyChain({ bundle, trusted: a.trust.caCrt?.parsed, now }).valid) n++;
  }
  return n;
});
const nativeVerify = time("native parse+verify", () => {
  const ca = new crypto.X509Certificate(input.ca);
  let n = 0;
  for (const pem of input.leaves) {
    const c = new crypto.X509Certificate(pem);
    if (c.checkIssued(ca) && c.verify(ca.publicKey) && new Date(c.validTo) > now) n++;
  }
  return n;
});

console.log(
  JSON.stringify({
    count: input.leaves.length,
    trustdeckParse,
    nativeParse,
    trustdeckVerify,
    trustdeckSteady,
    nativeVerify,
  }),
);
