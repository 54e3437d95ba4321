// @vitest-environment node
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { HttpError, toErrorBody } from "@/lib/http/errors";
import { EKU, makeLeaf, makeRoot, privateKeyPem, type TestCert } from "@/lib/x509/test-fixtures";
import { tlsHandshake } from "./handshake";
import { runProbe } from "./service";
import { classifyHandshake, probeVerdict } from "./verdict";

// Telling a dead port, a port that does not speak TLS, and mTLS turning a client away apart, each
// against a real server on 127.0.0.1 (issue 17 item 1: a dead port looked like mTLS rejection).

let root: TestCert;
let otherRoot: TestCert;
let server: TestCert;
let client: TestCert;
let stranger: TestCert;
const keys = { server: "", client: "", stranger: "" };
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  root = await makeRoot("CN=verdict-ca");
  otherRoot = await makeRoot("CN=other-ca");
  server = await makeLeaf(root, "CN=server", { ekus: [EKU.server], dnsNames: ["mtls.example.local"] });
  client = await makeLeaf(root, "CN=client", { ekus: [EKU.client], dnsNames: [] });
  stranger = await makeLeaf(otherRoot, "CN=stranger", { ekus: [EKU.client], dnsNames: [] });
  keys.server = await privateKeyPem(server.keys);
  keys.client = await privateKeyPem(client.keys);
  keys.stranger = await privateKeyPem(stranger.keys);
  process.env.TRUSTDECK_PROBE_ALLOW = "127.0.0.1:*,*.invalid:*";
  resetEnvCache();
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
afterAll(() => {
  process.env = saved;
  resetEnvCache();
});

async function listen(s: net.Server): Promise<number> {
  servers.push(s);
  s.on("tlsClientError", () => {});
  s.on("connection", (c: net.Socket) => sockets.push(c));
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as net.AddressInfo).port;
}

async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const target = (port: number) => ({
  address: "127.0.0.1",
  port,
  servername: "mtls.example.local",
  timeoutMs: 1500,
});
const mtlsServer = () =>
  tls.createServer(
    { cert: server.pem, key: keys.server, requestCert: true, rejectUnauthorized: true, ca: [root.pem] },
    (s) => s.on("data", () => {}),
  );

describe("probe verdict: which layer stopped it", () => {
  it("a port where nothing listens is a TCP failure, not an mTLS rejection", async () => {
    const port = await deadPort();
    const result = await runProbe({ host: "127.0.0.1", port }, { timeoutMs: 1500 });
    expect(result.verdict.layer).toBe("tcp");
    expect(result.verdict.summary).toMatch(
      /No TCP connection to 127\.0\.0\.1:\d+: nothing listens there \(connection refused\)/,
    );
    expect(result.withoutClientCert).toMatchObject({ ok: false, tcpConnected: false, layer: "tcp" });
    expect(result.clientCertificate.required).toBe(false);
  });

  it("a TCP server that never answers TLS is a TLS failure after a TCP connection", async () => {
    const port = await listen(net.createServer((s) => s.on("error", () => {})));
    const result = await runProbe({ host: "127.0.0.1", port }, { timeoutMs: 600 });
    expect(result.verdict).toMatchObject({ layer: "tls" });
    expect(result.verdict.summary).toMatch(/TCP connected .* no TLS handshake came back in time/);
    expect(result.withoutClientCert.tcpConnected).toBe(true);
  });

  it("a plain HTTP port is a TLS failure: it does not speak TLS", async () => {
    const port = await listen(http.createServer((_q, r) => r.end("hi")));
    const result = await runProbe({ host: "127.0.0.1", port }, { timeoutMs: 1500 });
    expect(result.verdict.layer).toBe("tls");
    expect(result.verdict.summary).toMatch(/does not speak TLS/);
  });

  it("a server requiring mTLS turns away a client without a certificate (mtls), accepts the right one (ok) and refuses a stranger (mtls)", async () => {
    const port = await listen(mtlsServer());
    const result = await runProbe({ host: "127.0.0.1", port }, { timeoutMs: 1500 });
    expect(result.verdict.layer, JSON.stringify(result.withoutClientCert)).toBe("mtls");
    expect(result.verdict.summary).toMatch(/requires a client certificate/);
    expect(result.withoutClientCert).toMatchObject({ tcpConnected: true, layer: "mtls" });
    expect(result.clientCertificate.required).toBe(true);

    const without = await tlsHandshake(target(port));
    const right = await tlsHandshake({
      ...target(port),
      client: { certPem: client.pem, keyPem: keys.client },
    });
    const wrong = await tlsHandshake({
      ...target(port),
      client: { certPem: stranger.pem, keyPem: keys.stranger },
    });
    expect(probeVerdict(without, right, "gw:443")).toEqual({
      layer: "ok",
      summary: "gw:443 requires a client certificate and accepts the chosen one.",
    });
    const refused = probeVerdict(without, wrong, "gw:443");
    expect(refused.layer).toBe("mtls");
    expect(refused.summary).toMatch(/turns the chosen client certificate away/);
  });

  it("a server asking for nothing is ok", async () => {
    const port = await listen(tls.createServer({ cert: server.pem, key: keys.server }, (s) => s.end()));
    const result = await runProbe({ host: "127.0.0.1", port }, { timeoutMs: 1500 });
    expect(result.verdict.layer).toBe("ok");
    expect(result.servedChain[0]?.subject).toBe("CN=server");
  });

  it("a name the allow-list admits that does not resolve is a DNS failure", async () => {
    const result = await runProbe({ host: "no-such-host.invalid", port: 443 }, { timeoutMs: 1500 });
    expect(result.verdict.layer).toBe("dns");
    expect(result.verdict.summary).toMatch(/does not resolve/);
  });

  it("the allow-list's refusal is the server's policy, not a Kubernetes permission", async () => {
    const err = await runProbe({ host: "10.1.2.3", port: 443 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    const body = toErrorBody(err);
    expect(body.error).toMatchObject({ status: 403, policy: "TRUSTDECK_PROBE_ALLOW" });
    expect(body.error.message).toMatch(
      /^probe target not allowed: 10\.1\.2\.3:443 is not in TRUSTDECK_PROBE_ALLOW/,
    );
    expect(body.error.message).not.toMatch(/permission denied/i);
  });

  it("classifies connection errors by their code", () => {
    const h = (code: string, tcpConnected = false) => ({
      ok: false,
      tcpConnected,
      error: { code, message: code },
    });
    expect(classifyHandshake(h("EHOSTUNREACH"), "x:1").summary).toMatch(/no route to the host/);
    expect(classifyHandshake(h("ETIMEDOUT"), "x:1").summary).toMatch(
      /No TCP connection .* no answer in time/,
    );
    expect(classifyHandshake(h("ENOTFOUND"), "x:1").layer).toBe("dns");
    expect(classifyHandshake(h("ECONNRESET", true), "x:1").summary).toMatch(
      /hung up during the TLS handshake/,
    );
    expect(
      classifyHandshake(
        {
          ok: false,
          tcpConnected: true,
          alert: { number: 48, description: "unknown ca" },
          error: { message: "x" },
        },
        "x:1",
      ).layer,
    ).toBe("mtls");
  });
});
