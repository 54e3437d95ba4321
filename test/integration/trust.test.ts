import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getChain } from "@/app/api/certificates/[namespace]/[name]/chain/route";
import { GET as getReport } from "@/app/api/trust/report/route";
import { GET as getTrust } from "@/app/api/trust/route";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type { CertificateChainDto, TrustGraphDto, TrustReportDto } from "@/lib/trust/dto";
import { routeTrust } from "@/lib/trust/layout";
import { downstreamOf } from "@/lib/trust/traverse";
import type { TrustNode } from "@/lib/trust/types";
import {
  EKU,
  KU,
  makeCert,
  makeLeaf,
  makeRoot,
  privateKeyPem,
  type TestCert,
} from "@/lib/x509/test-fixtures";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// The trust graph, audit report and chain routes against the real control plane: the seeded mTLS
// PKI in namespace `tls`, and chains broken on purpose in fresh namespaces, cross-checked with
// `openssl verify`.

const ADMIN = "trustdeck-admin";
const VIEWER = "trustdeck-viewer";
const suffix = crypto.randomBytes(3).toString("hex");
const NS = {
  wrongCa: `it-trust-ca-${suffix}`,
  expired: `it-trust-exp-${suffix}`,
  noClient: `it-trust-eku-${suffix}`,
};
const DAY = 86_400_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trust-it-"));

function req(url: string, context = ADMIN, headers: Record<string, string> = {}): Request {
  return new Request(`http://127.0.0.1${url}`, {
    headers: { cookie: `trustdeck-context=${context}`, ...headers },
  });
}

async function graph(namespace: string, context = ADMIN): Promise<TrustGraphDto> {
  const res = await getTrust(req(`/api/trust?namespace=${namespace}`, context));
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toContain("PRIVATE KEY");
  expect(text).not.toContain("tls.key");
  return JSON.parse(text) as TrustGraphDto;
}

async function report(namespace: string): Promise<TrustReportDto> {
  const res = await getReport(req(`/api/trust/report?namespace=${namespace}`));
  expect(res.status).toBe(200);
  return (await res.json()) as TrustReportDto;
}

const id = (kind: TrustNode["kind"], ns: string | undefined, name: string) => `${kind}:${ns ?? ""}/${name}`;
const edgeIds = (g: TrustGraphDto) => new Set(g.edges.map((e) => e.id));
const edge = (kind: string, from: string, to: string) => `${kind}:${from}->${to}`;

function write(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** `openssl verify` with the same policy the chain engine states (x509_strict, auth_level 2). */
function opensslVerify(opts: { leaf: string; caFile: string; untrusted?: string; purpose?: string }): {
  ok: boolean;
  out: string;
} {
  const args = ["verify", "-x509_strict", "-auth_level", "2", "-CAfile", opts.caFile];
  if (opts.untrusted) args.push("-untrusted", opts.untrusted);
  if (opts.purpose) args.push("-purpose", opts.purpose);
  args.push(opts.leaf);
  const r = spawnSync("openssl", args, { encoding: "utf8" });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function apply(manifest: unknown): void {
  execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", ADMIN, "apply", "-f", "-"], {
    input: JSON.stringify(manifest),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

async function tlsSecret(namespace: string, name: string, chain: TestCert[], ca: TestCert | undefined) {
  const data: Record<string, string> = {
    "tls.crt": Buffer.from(chain.map((c) => c.pem).join("\n")).toString("base64"),
    "tls.key": Buffer.from(await privateKeyPem(chain[0]!.keys)).toString("base64"),
  };
  if (ca) data["ca.crt"] = Buffer.from(ca.pem).toString("base64");
  apply({ apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: { namespace, name }, data });
}

const certs: Record<string, TestCert> = {};

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
  for (const ns of Object.values(NS)) kubectl(["create", "namespace", ns]);

  // (a) tls.crt issued by root A, ca.crt holding another CA (root B).
  certs.rootA = await makeRoot("CN=trust-it-root-a");
  certs.rootB = await makeRoot("CN=trust-it-root-b");
  certs.leafA = await makeLeaf(certs.rootA, "CN=wrong-ca.example", { dnsNames: ["wrong-ca.example"] });
  await tlsSecret(NS.wrongCa, "wrong-ca-tls", [certs.leafA], certs.rootB);

  // (b) a valid root, an intermediate that expired yesterday, a leaf still within its dates.
  const now = Date.now();
  certs.rootC = await makeRoot("CN=trust-it-root-c");
  certs.expiredInter = await makeCert({
    subject: "CN=trust-it-expired-intermediate",
    issuer: certs.rootC,
    ca: { isCA: true },
    keyUsages: KU.keyCertSign | KU.cRLSign | KU.digitalSignature,
    notBefore: new Date(now - 400 * DAY),
    notAfter: new Date(now - DAY),
  });
  certs.leafC = await makeCert({
    subject: "CN=behind-expired.example",
    issuer: certs.expiredInter,
    dnsNames: ["behind-expired.example"],
    keyUsages: KU.digitalSignature | KU.keyEncipherment,
    ekus: [EKU.server],
    notBefore: new Date(now - 10 * DAY),
    notAfter: new Date(now + 60 * DAY),
  });
  await tlsSecret(NS.expired, "expired-intermediate-tls", [certs.leafC, certs.expiredInter], certs.rootC);

  // (c) a server-only certificate presented by APISIX to an upstream as its client certificate.
  certs.rootD = await makeRoot("CN=trust-it-root-d");
  certs.serverOnly = await makeLeaf(certs.rootD, "CN=server-only.example", {
    dnsNames: ["server-only.example"],
    ekus: [EKU.server],
  });
  await tlsSecret(NS.noClient, "server-only-tls", [certs.serverOnly], certs.rootD);
  apply({
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixUpstream",
    metadata: { namespace: NS.noClient, name: "backend" },
    spec: { scheme: "https", tlsSecret: { name: "server-only-tls", namespace: NS.noClient } },
  });
}, 180_000);

afterAll(() => {
  // No garbage collector runs on the local control plane: delete the objects, then the namespaces.
  for (const ns of Object.values(NS)) {
    try {
      kubectl(["-n", ns, "delete", "secrets,apisixupstreams", "--all", "--wait=false"]);
    } catch {
      // The namespace may not exist if beforeAll failed early.
    }
    kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the seeded mTLS PKI (namespace tls)", () => {
  const leaves = [
    ["etcd-server", "etcd-secret"],
    ["apisix-client", "apisix-client-secret"],
    ["apisix-server", "apisix-server-secret"],
    ["curl-client", "curl-secret"],
    ["upstream-server", "upstream-secret"],
  ] as const;
  const root = id("secret", "tls", "root-secret");
  const caCert = id("ca-certificate", "tls", "selfsigned-ca");
  const caIssuer = id("issuer", "tls", "ca-issuer");
  const mtls = id("apisix-tls", "tls", "mtls-tls");

  for (const context of [ADMIN, VIEWER]) {
    it(`${context}: selfsigned-issuer → selfsigned-ca → root-secret ← ca-issuer → leaves → Secrets → APISIX`, async () => {
      const g = await graph("tls", context);
      expect(g.source).toBe(context === ADMIN ? "secrets" : "certificate-requests");
      const edges = edgeIds(g);
      expect(edges).toContain(edge("issued-by", caCert, id("clusterissuer", undefined, "selfsigned-issuer")));
      expect(edges).toContain(edge("stored-in", caCert, root));
      expect(edges).toContain(edge("signed-by", caIssuer, root));
      for (const [cert, secret] of leaves) {
        const c = id("leaf-certificate", "tls", cert);
        const s = id("secret", "tls", secret);
        expect(edges).toContain(edge("issued-by", c, caIssuer));
        expect(edges).toContain(edge("stored-in", c, s));
        // Cryptographic link: the leaf's signature verifies with root-secret's key.
        expect(edges).toContain(edge("signed-by", s, root));
        const node = g.nodes.find((n) => n.id === c)!;
        expect(node.chain).toEqual({ status: "complete", valid: true });
        expect(node.status).toBe("ok");
      }
      const server = id("secret", "tls", "apisix-server-secret");
      expect(edges).toContain(edge("served-for-host", server, id("apisix-tls", "tls", "public-tls")));
      expect(edges).toContain(edge("served-for-host", server, mtls));
      expect(edges).toContain(edge("served-for-host", mtls, id("host", undefined, "mtls.example.local")));
      expect(edges).toContain(edge("trusted-as-client-ca-by", root, mtls));
      expect(edges).toContain(
        edge(
          "presented-to-upstream",
          id("secret", "tls", "apisix-client-secret"),
          id("apisix-upstream", "tls", "upstream"),
        ),
      );

      // The mTLS route trusts root-secret (the CA Certificate's Secret), not a leaf's.
      const graphModel = { nodes: g.nodes, edges: g.edges };
      expect(routeTrust(graphModel, mtls)?.clientCas).toEqual([root]);
      expect(routeTrust(graphModel, id("apisix-tls", "tls", "public-tls"))?.clientCas).toEqual([]);
      // Rotating the CA breaks all five leaves.
      const down = new Set(downstreamOf(graphModel, caCert).map((n) => n.id));
      for (const [cert] of leaves) expect(down).toContain(id("leaf-certificate", "tls", cert));
      expect(down).toContain(mtls);
    });
  }

  it("viewer: says where the chains came from", async () => {
    const g = await graph("tls", VIEWER);
    expect(g.notice).toMatch(/may not read Secrets/);
    // Without Secret access a Secret no Certificate manages is unknown, not missing.
    expect(
      g.nodes
        .flatMap((n) => n.problems)
        .some((p) => p.code === "secret-missing" && /root-secret/.test(p.message)),
    ).toBe(false);
  });

  it("GET /api/certificates/tls/etcd-server/chain: leaf → root, signatures verified; viewer reads the CertificateRequest", async () => {
    for (const [context, source] of [
      [ADMIN, "secret"],
      [VIEWER, "certificate-request"],
    ] as const) {
      const res = await getChain(req("/api/certificates/tls/etcd-server/chain", context), {
        params: Promise.resolve({ namespace: "tls", name: "etcd-server" }),
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain("PRIVATE KEY");
      const dto = JSON.parse(text) as CertificateChainDto;
      expect(dto.source).toBe(source);
      expect(dto.verdict?.valid).toBe(true);
      expect(dto.verdict?.links[0]?.certificate.dnsNames).toContain("etcd");
      expect(dto.verdict?.links).toHaveLength(2);
      expect(dto.verdict?.links[1]?.certificate.subject).toContain("selfsigned-ca");
      expect(dto.verdict?.links.every((l) => l.signatureValid === true)).toBe(true);
    }
  });

  it("GET /api/certificates/{ns}/{name}/chain answers 404 for an unknown Certificate and 422 for a bad name", async () => {
    const missing = await getChain(req("/api/certificates/tls/nope/chain"), {
      params: Promise.resolve({ namespace: "tls", name: "nope" }),
    });
    expect(missing.status).toBe(404);
    const bad = await getChain(req("/api/certificates/tls/Bad_Name/chain"), {
      params: Promise.resolve({ namespace: "tls", name: "Bad_Name" }),
    });
    expect(bad.status).toBe(422);
  });
});

describe("chains broken on purpose, each in its own namespace", () => {
  it("(a) a TLS Secret whose ca.crt belongs to another CA", async () => {
    const g = await graph(NS.wrongCa);
    const secret = g.nodes.find((n) => n.id === id("secret", NS.wrongCa, "wrong-ca-tls"))!;
    expect(secret.chain?.valid).toBe(false);
    expect(secret.status).toBe("critical");
    const codes = secret.problems.map((p) => p.code);
    expect(codes.some((c) => c === "issuer-missing" || c === "untrusted-root")).toBe(true);
    const rep = await report(NS.wrongCa);
    expect(
      rep.rows.some(
        (r) => r.name === "wrong-ca-tls" && r.severity === "critical" && codes.includes(r.code as never),
      ),
    ).toBe(true);
    expect(rep.counts.critical).toBeGreaterThan(0);

    // openssl agrees: fails against the ca.crt in the Secret, passes against the real issuer.
    const leaf = write("a-leaf.pem", certs.leafA!.pem);
    expect(opensslVerify({ leaf, caFile: write("a-wrong.pem", certs.rootB!.pem) }).ok).toBe(false);
    expect(opensslVerify({ leaf, caFile: write("a-right.pem", certs.rootA!.pem) }).ok).toBe(true);
  });

  it("(b) an expired intermediate", async () => {
    const g = await graph(NS.expired);
    const secret = g.nodes.find((n) => n.id === id("secret", NS.expired, "expired-intermediate-tls"))!;
    expect(secret.chain?.valid).toBe(false);
    const expired = secret.problems.find((p) => p.code === "expired");
    expect(expired?.severity).toBe("critical");
    expect(expired?.certificate).toContain("trust-it-expired-intermediate");
    const rep = await report(NS.expired);
    expect(rep.rows.find((r) => r.code === "expired")).toMatchObject({
      severity: "critical",
      objectKind: "Secret",
      name: "expired-intermediate-tls",
    });

    const leaf = write("b-leaf.pem", certs.leafC!.pem);
    const caFile = write("b-root.pem", certs.rootC!.pem);
    const untrusted = write("b-inter.pem", certs.expiredInter!.pem);
    const result = opensslVerify({ leaf, caFile, untrusted });
    expect(result.ok).toBe(false);
    expect(result.out).toMatch(/expired/);
  });

  it("(c) a certificate without clientAuth used as an ApisixUpstream tlsSecret", async () => {
    const g = await graph(NS.noClient);
    const up = g.nodes.find((n) => n.id === id("apisix-upstream", NS.noClient, "backend"))!;
    expect(up.problems.map((p) => p.code)).toContain("missing-client-auth");
    expect(up.status).toBe("critical");
    expect(edgeIds(g)).toContain(
      edge("presented-to-upstream", id("secret", NS.noClient, "server-only-tls"), up.id),
    );
    // The chain itself is fine: only its use as a client certificate is wrong.
    const secret = g.nodes.find((n) => n.id === id("secret", NS.noClient, "server-only-tls"))!;
    expect(secret.chain?.valid).toBe(true);
    const rep = await report(NS.noClient);
    expect(rep.rows.find((r) => r.code === "missing-client-auth")).toMatchObject({
      severity: "critical",
      objectKind: "ApisixUpstream",
      name: "backend",
    });

    const leaf = write("c-leaf.pem", certs.serverOnly!.pem);
    const caFile = write("c-root.pem", certs.rootD!.pem);
    expect(opensslVerify({ leaf, caFile }).ok).toBe(true);
    expect(opensslVerify({ leaf, caFile, purpose: "sslserver" }).ok).toBe(true);
    expect(opensslVerify({ leaf, caFile, purpose: "sslclient" }).ok).toBe(false);
  });

  it("the CSV report carries every problem, as an attachment (by ?format=csv and by Accept)", async () => {
    for (const [url, headers] of [
      [`/api/trust/report?format=csv&namespace=${NS.expired}`, {}],
      [`/api/trust/report?namespace=${NS.expired}`, { accept: "text/csv" }],
    ] as const) {
      const res = await getReport(req(url, ADMIN, headers));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
      const lines = (await res.text()).trim().split("\r\n");
      expect(lines[0]).toBe("severity,objectKind,namespace,name,code,message,fix");
      expect(
        lines.some((l) => l.startsWith(`critical,Secret,${NS.expired},expired-intermediate-tls,expired,`)),
      ).toBe(true);
    }
    const bad = await getReport(req("/api/trust/report?format=xml"));
    expect(bad.status).toBe(422);
  });

  it("every Secret chain verdict of the broken namespaces agrees with openssl verify", async () => {
    const cases: [string, string, TestCert[], TestCert][] = [
      [NS.wrongCa, "wrong-ca-tls", [certs.leafA!], certs.rootB!],
      [NS.expired, "expired-intermediate-tls", [certs.leafC!, certs.expiredInter!], certs.rootC!],
      [NS.noClient, "server-only-tls", [certs.serverOnly!], certs.rootD!],
    ];
    for (const [ns, name, chain, ca] of cases) {
      const g = await graph(ns);
      const node = g.nodes.find((n) => n.id === id("secret", ns, name))!;
      const [first, ...rest] = chain;
      const result = opensslVerify({
        leaf: write(`${name}-leaf.pem`, first!.pem),
        caFile: write(`${name}-ca.pem`, ca.pem),
        ...(rest.length ? { untrusted: write(`${name}-rest.pem`, rest.map((c) => c.pem).join("\n")) } : {}),
      });
      expect({ name, valid: node.chain?.valid }).toEqual({ name, valid: result.ok });
    }
  });
});
