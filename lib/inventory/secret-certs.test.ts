import { beforeAll, describe, expect, it } from "vitest";
import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import { buildTrustGraph } from "@/lib/trust/graph";
import { buildAuditReport } from "@/lib/trust/report";
import { secretFactsFromData } from "@/lib/trust/secret-facts";
import { secretFactsFromTlsSecret } from "@/lib/trust/source";
import { signatureVerificationCount } from "@/lib/x509/chain";
import { makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import {
  analyzeTlsSecret,
  forgetSecretAnalysis,
  parseSecretFacts,
  secretParseCount,
  summarizeSecretFacts,
} from "./secret-certs";

const N = 12;
let ca: TestCert;
let leaves: TestCert[];

beforeAll(async () => {
  ca = await makeRoot("CN=parse-once-root");
  leaves = await Promise.all(Array.from({ length: N }, (_, i) => makeLeaf(ca, `CN=svc-${i}.example`)));
});

function facts(i: number, rv = "1", uid = `uid-${i}`): TlsSecretFacts {
  return {
    metadata: { name: `svc-${i}-tls`, namespace: "parse-once", uid, resourceVersion: rv },
    type: "kubernetes.io/tls",
    tlsCrt: leaves[i]?.pem,
    caCrt: ca.pem,
    dataKeys: ["ca.crt", "tls.crt", "tls.key"],
  };
}

/** What one request of each reader does with every Secret: list rows, Secret list/metrics, trust graph + audit. */
function oneRoundOfRequests(secrets: TlsSecretFacts[]): void {
  for (const s of secrets) {
    summarizeSecretFacts(s);
    parseSecretFacts(s);
  }
  const graph = buildTrustGraph(
    {
      issuers: [],
      certificates: secrets.map((s, i) => ({
        namespace: "parse-once",
        name: `svc-${i}`,
        issuerRef: { name: "ca", kind: "ClusterIssuer" },
        secretName: s.metadata.name,
        isCA: false,
        usages: ["server auth"],
      })),
      secrets: secrets.map(secretFactsFromTlsSecret),
    },
    { now: new Date() },
  );
  buildAuditReport(graph);
}

describe("parse once per Secret resourceVersion", () => {
  it("parses each Secret once; N more rounds of requests re-parse and re-verify nothing", () => {
    const secrets = Array.from({ length: N }, (_, i) => facts(i));
    const parses0 = secretParseCount();
    oneRoundOfRequests(secrets);
    // N tls.crt values plus the one ca.crt they share.
    expect(secretParseCount() - parses0).toBe(N + 1);
    const parses1 = secretParseCount();
    const sigs1 = signatureVerificationCount();
    for (let round = 0; round < 5; round++) oneRoundOfRequests(secrets.map((s) => ({ ...s })));
    expect(secretParseCount()).toBe(parses1);
    expect(signatureVerificationCount()).toBe(sigs1);
  });

  it("re-parses exactly the Secret whose resourceVersion changed", () => {
    const secrets = Array.from({ length: N }, (_, i) => facts(i, "7", `rv-uid-${i}`));
    oneRoundOfRequests(secrets);
    const before = secretParseCount();
    secrets[3] = { ...facts(3, "8", "rv-uid-3"), tlsCrt: leaves[4]?.pem };
    oneRoundOfRequests(secrets);
    expect(secretParseCount() - before).toBe(1);
    expect(parseSecretFacts(secrets[3] as TlsSecretFacts).certificates[0]?.commonName).toBe("svc-4.example");
    forgetSecretAnalysis("rv-uid-3");
    analyzeTlsSecret(secrets[3] as TlsSecretFacts);
    expect(secretParseCount() - before).toBe(2);
  });

  it("gives the trust model the same facts as parsing the Secret's data (errors worded alike)", () => {
    const good = facts(0, "1", "same-uid-0");
    const fromMemo = secretFactsFromTlsSecret(good);
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const direct = secretFactsFromData(
      "parse-once",
      "svc-0-tls",
      {
        "tls.crt": b64(good.tlsCrt ?? ""),
        "ca.crt": b64(ca.pem),
      },
      "kubernetes.io/tls",
    );
    expect(fromMemo.tlsCrt?.certificates).toEqual(direct.tlsCrt?.certificates);
    expect(fromMemo.caCrt?.der.length).toBe(1);

    const bad = {
      ...facts(1, "1", "bad-uid"),
      tlsCrt: "garbage",
      caCrt: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
    };
    const badMemo = secretFactsFromTlsSecret(bad);
    const badDirect = secretFactsFromData(
      "parse-once",
      "svc-1-tls",
      { "tls.crt": b64("garbage"), "ca.crt": b64(bad.caCrt) },
      "kubernetes.io/tls",
    );
    expect(badMemo.errors).toEqual(badDirect.errors);
    expect(parseSecretFacts(bad).problem).toMatch(/^tls\.crt is not a valid certificate/);
    expect(parseSecretFacts(bad).caProblem).toMatch(/^ca\.crt is not a valid certificate/);
  });
});
