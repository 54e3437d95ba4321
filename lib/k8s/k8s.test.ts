import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { listCertificates } from "./certificates";
import { contextFromRequest, getKubeConfig, listContexts, resetKubeConfigCache } from "./config";
import { ClusterUnreachableError, KubeError, parseForbidden } from "./errors";
import { listTlsSecrets } from "./secrets";
import { probeCluster } from "./version";

// Built at run time: a stand-in, not a key (and not a PEM block in the source).
const fakeKeyPem = (body: string, kind = "") =>
  `-----BEGIN ${kind}${"PRIVATE"} KEY-----\n${body}\n-----END ${kind}${"PRIVATE"} KEY-----`;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let handler: Handler = (_req, res) => res.end("{}");
const seen: string[] = [];
let server: http.Server;
let baseUrl = "";
const saved = { ...process.env };

function useServer(url: string, extra: Record<string, string> = {}) {
  for (const k of Object.keys(process.env)) if (k.startsWith("TRUSTDECK_")) delete process.env[k];
  Object.assign(process.env, {
    TRUSTDECK_K8S_SERVER: url,
    TRUSTDECK_K8S_TOKEN: "test-token",
    TRUSTDECK_K8S_INSECURE_SKIP_TLS_VERIFY: "true",
    ...extra,
  });
  resetEnvCache();
  resetKubeConfigCache();
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? "");
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  seen.length = 0;
  server.closeAllConnections();
});

afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  resetKubeConfigCache();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("request timeout and error mapping", () => {
  it("maps a request that outlives the timeout to a 503 that names the server", async () => {
    useServer(baseUrl, { TRUSTDECK_REQUEST_TIMEOUT_MS: "200" });
    handler = () => {}; // never answer
    // The server never answers: only the timeout can end this request (else the test times out).
    const err = await listCertificates().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect((err as ClusterUnreachableError).status).toBe(503);
    expect((err as Error).message).toContain(baseUrl);
    expect((err as Error).message).toContain("did not answer within 200 ms");
  });

  it("keeps the status code and message of a 500 Status", async () => {
    useServer(baseUrl);
    handler = (_req, res) =>
      json(res, 500, {
        kind: "Status",
        status: "Failure",
        message: "etcdserver: request timed out",
        code: 500,
      });
    const err = await listCertificates({ namespace: "tls" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).status).toBe(500);
    expect((err as Error).message).toBe("etcdserver: request timed out");
  });

  it("fills `denied` from a 403 and keeps the cluster's message", async () => {
    useServer(baseUrl);
    const message =
      'secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "tls"';
    handler = (_req, res) =>
      json(res, 403, {
        kind: "Status",
        status: "Failure",
        message,
        reason: "Forbidden",
        details: { kind: "secrets" },
        code: 403,
      });
    const err = await listTlsSecrets({ namespace: "tls" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    const k = err as KubeError;
    expect(k.status).toBe(403);
    expect(k.reason).toBe("Forbidden");
    expect(k.message).toBe(message);
    expect(k.denied).toEqual({
      identity: 'User "viewer"',
      verb: "list",
      resource: "secrets",
      group: undefined,
      namespace: "tls",
    });
  });

  it("reports a refused connection as unreachable, naming what was tried", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    useServer(url);
    const err = await listCertificates().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect((err as Error).message).toMatch(/unreachable: connection refused/);
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toContain("context trustdeck");
    const probe = await probeCluster();
    expect(probe).toMatchObject({ reachable: false, server: url, context: "trustdeck" });
    expect(probe.error).toMatch(/connection refused/);
  });

  it("reports an untrusted server certificate as a TLS failure, and a bad host name as unreachable", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-tls-"));
    const key = path.join(dir, "key.pem");
    const crt = path.join(dir, "crt.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key,
        "-out",
        crt,
        "-subj",
        "/CN=127.0.0.1",
        "-days",
        "1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const tlsServer = https.createServer(
      { key: fs.readFileSync(key), cert: fs.readFileSync(crt) },
      (_req, res) => json(res, 200, { items: [], metadata: {} }),
    );
    fs.rmSync(key); // the test key never outlives the server start
    await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
    const url = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith("TRUSTDECK_")) delete process.env[k];
      Object.assign(process.env, { TRUSTDECK_K8S_SERVER: url, TRUSTDECK_K8S_TOKEN: "t" });
      resetEnvCache();
      resetKubeConfigCache();
      const err = await listCertificates().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterUnreachableError);
      expect((err as Error).message).toMatch(/TLS/);
      expect((err as Error).message).toContain(url);

      // with the CA configured the same server is trusted
      process.env.TRUSTDECK_K8S_CA_FILE = crt;
      resetEnvCache();
      resetKubeConfigCache();
      await expect(listCertificates()).resolves.toEqual([]);
    } finally {
      tlsServer.closeAllConnections();
      await new Promise((r) => tlsServer.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }

    useServer("http://trustdeck-does-not-exist.invalid:6443", { TRUSTDECK_REQUEST_TIMEOUT_MS: "3000" });
    const dns = await listCertificates().catch((e: unknown) => e);
    expect(dns).toBeInstanceOf(ClusterUnreachableError);
    expect((dns as Error).message).toContain("trustdeck-does-not-exist.invalid");
  });

  it("parses cluster-scope and group forms of the forbidden message", () => {
    expect(
      parseForbidden(
        'certificates.cert-manager.io is forbidden: User "system:serviceaccount:x:y" cannot create resource "certificates" in API group "cert-manager.io" at the cluster scope',
      ),
    ).toEqual({
      identity: 'User "system:serviceaccount:x:y"',
      verb: "create",
      resource: "certificates",
      group: "cert-manager.io",
      namespace: undefined,
    });
  });
});

describe("secrets", () => {
  it("asks for TLS secrets only, follows continue tokens, and drops tls.key", async () => {
    useServer(baseUrl);
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    handler = (req, res) => {
      const page2 = (req.url ?? "").includes("continue=next");
      json(res, 200, {
        kind: "SecretList",
        apiVersion: "v1",
        metadata: page2 ? {} : { continue: "next" },
        items: [
          {
            metadata: { name: page2 ? "b" : "a", namespace: "tls", uid: "u", resourceVersion: "1" },
            type: "kubernetes.io/tls",
            data: {
              "tls.crt": b64("CERT-PEM"),
              "tls.key": b64(fakeKeyPem("SECRET")),
              "ca.crt": b64("CA-PEM"),
            },
          },
        ],
      });
    };
    const secrets = await listTlsSecrets();
    expect(seen[0]).toContain("fieldSelector=type%3Dkubernetes.io%2Ftls");
    expect(seen).toHaveLength(2);
    expect(secrets.map((s) => s.metadata.name)).toEqual(["a", "b"]);
    expect(secrets[0]).toMatchObject({
      tlsCrt: "CERT-PEM",
      caCrt: "CA-PEM",
      dataKeys: ["ca.crt", "tls.crt", "tls.key"],
    });
    const dumped = JSON.stringify(secrets);
    expect(dumped).not.toContain("PRIVATE KEY");
    expect(dumped).not.toContain(b64(fakeKeyPem("SECRET")));
  });
});

describe("contexts", () => {
  it("lists kubeconfig contexts and validates the cookie against them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-kc-"));
    const file = path.join(dir, "config");
    fs.writeFileSync(
      file,
      `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster: {server: "https://one.example:6443"}
- name: c2
  cluster: {server: "https://two.example:6443"}
users:
- name: u
  user: {token: t}
contexts:
- name: first
  context: {cluster: c1, user: u}
- name: second
  context: {cluster: c2, user: u}
current-context: first
`,
    );
    for (const k of Object.keys(process.env)) if (k.startsWith("TRUSTDECK_")) delete process.env[k];
    process.env.TRUSTDECK_KUBECONFIG = file;
    resetEnvCache();
    resetKubeConfigCache();
    expect(listContexts()).toEqual({ names: ["first", "second"], current: "first" });
    const req = (cookie: string) => new Request("http://x/api", { headers: { cookie } });
    expect(contextFromRequest(req("a=b; trustdeck-context=second"))).toBe("second");
    expect(contextFromRequest(req("trustdeck-context=nope"))).toBeUndefined();
    expect(contextFromRequest(new Request("http://x/"))).toBeUndefined();
    expect(getKubeConfig("second").getCurrentCluster()?.server).toBe("https://two.example:6443");
    expect(() => getKubeConfig("nope")).toThrow(/unknown kubeconfig context "nope"/);

    process.env.TRUSTDECK_CONTEXT = "second";
    resetEnvCache();
    resetKubeConfigCache();
    expect(listContexts().current).toBe("second");
    fs.rmSync(dir, { recursive: true });
  });
});
