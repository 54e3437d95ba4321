import net from "node:net";
import tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { parseCertificatesPem } from "@/lib/x509/parse";
import { EKU, makeLeaf, makeRoot, privateKeyPem, type TestCert } from "@/lib/x509/test-fixtures";
import { checkProbeTarget, isLinkLocal } from "./allow";
import { compareServedStored } from "./drift";
import { readCertificateRequest, tlsHandshake } from "./handshake";
import { resolveAllowedTarget } from "./service";
import { probeAllowList } from "./settings";

let root: TestCert;
let server: TestCert;
let olderServer: TestCert;
let client: TestCert;
let serverKey: string;
let olderKey: string;
let clientKey: string;
const servers: net.Server[] = [];

beforeAll(async () => {
  root = await makeRoot("CN=selfsigned-ca");
  server = await makeLeaf(root, "CN=apisix", { ekus: [EKU.server], dnsNames: ["mtls.example.local"] });
  olderServer = await makeLeaf(root, "CN=apisix", {
    ekus: [EKU.server],
    dnsNames: ["mtls.example.local"],
    notAfter: new Date(Date.now() + 10 * 86_400_000),
  });
  client = await makeLeaf(root, "CN=curl", { ekus: [EKU.client], dnsNames: [] });
  serverKey = await privateKeyPem(server.keys);
  olderKey = await privateKeyPem(olderServer.keys);
  clientKey = await privateKeyPem(client.keys);
});

afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

afterAll(() => {
  delete process.env.TRUSTDECK_PROBE_ALLOW;
  resetEnvCache();
});

function listen(s: net.Server): Promise<number> {
  servers.push(s);
  s.on("tlsClientError", () => {});
  return new Promise((resolve) =>
    s.listen(0, "127.0.0.1", () => resolve((s.address() as net.AddressInfo).port)),
  );
}

const target = (port: number) => ({
  address: "127.0.0.1",
  port,
  servername: "mtls.example.local",
  timeoutMs: 5000,
});

describe("tlsHandshake", () => {
  it("reads the served chain from a server that asks for nothing", async () => {
    const port = await listen(tls.createServer({ cert: server.pem, key: serverKey }, (s) => s.end()));
    const r = await tlsHandshake(target(port));
    expect(r.ok).toBe(true);
    const leaf = parseCertificatesPem(r.chainPem[0] ?? "")[0];
    expect(leaf?.sha256Fingerprint).toBe(parseCertificatesPem(server.pem)[0]?.sha256Fingerprint);
    const req = await readCertificateRequest(target(port));
    expect(req).toMatchObject({ tls12: true, requested: false });
  });

  it("is rejected without a client certificate and accepted with one when the server requires mTLS", async () => {
    const port = await listen(
      tls.createServer(
        { cert: server.pem, key: serverKey, requestCert: true, rejectUnauthorized: true, ca: [root.pem] },
        (s) => s.on("data", () => {}),
      ),
    );
    const without = await tlsHandshake(target(port));
    expect(without.ok).toBe(false);
    expect(`${without.alert?.number} ${without.error?.message}`).toMatch(
      /116|certificate required|handshake failure/i,
    );
    const withCert = await tlsHandshake({
      ...target(port),
      client: { certPem: client.pem, keyPem: clientKey },
    });
    expect(withCert.ok).toBe(true);
    expect(JSON.stringify(withCert)).not.toContain("PRIVATE KEY");
  });

  it("lists the CA names of the CertificateRequest", async () => {
    const port = await listen(
      tls.createServer({
        cert: server.pem,
        key: serverKey,
        requestCert: true,
        rejectUnauthorized: true,
        ca: [root.pem],
      }),
    );
    const req = await readCertificateRequest(target(port));
    expect(req.requested).toBe(true);
    expect(req.caNames).toEqual(["CN=selfsigned-ca"]);
  });

  it("times out against a TCP server that never answers", async () => {
    const port = await listen(net.createServer(() => {}));
    const r = await tlsHandshake({ ...target(port), timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe("ETIMEDOUT");
    expect(r.durationMs).toBeLessThan(2000);
  });
});

describe("served vs stored drift", () => {
  it("reports drift when the server presents an older certificate than the Secret holds", async () => {
    const port = await listen(tls.createServer({ cert: olderServer.pem, key: olderKey }, (s) => s.end()));
    const r = await tlsHandshake(target(port));
    const served = parseCertificatesPem(r.chainPem[0] ?? "")[0];
    const stored = parseCertificatesPem(server.pem)[0];
    const drift = compareServedStored(served, stored);
    expect(drift.state).toBe("drift");
    expect(drift.message).toMatch(/served vs stored drift/);
    expect(drift.message).toMatch(/OLDER/);
    expect(compareServedStored(stored, stored).state).toBe("match");
  });
});

describe("probe target allow-list", () => {
  it("refuses 169.254.169.254 even when every host is allowed", async () => {
    expect(isLinkLocal("169.254.169.254")).toBe(true);
    expect(isLinkLocal("fe80::1")).toBe(true);
    expect(isLinkLocal("127.0.0.1")).toBe(false);
    process.env.TRUSTDECK_PROBE_ALLOW = "*:*";
    resetEnvCache();
    await expect(resolveAllowedTarget("169.254.169.254", 80)).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/probe target not allowed/),
    });
  });

  it("allows loopback by default and refuses a host outside the list", async () => {
    delete process.env.TRUSTDECK_PROBE_ALLOW;
    resetEnvCache();
    expect(await resolveAllowedTarget("127.0.0.1", 8443)).toBe("127.0.0.1");
    const err = await resolveAllowedTarget("10.1.2.3", 443).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(403);
    expect((err as HttpError).message).toMatch(/not in TRUSTDECK_PROBE_ALLOW/);
  });

  it("matches host and port patterns", () => {
    const list = probeAllowList({ TRUSTDECK_PROBE_ALLOW: "*.example.local:443,127.0.0.1:*" });
    expect(checkProbeTarget("mtls.example.local", 443, ["10.0.0.5"], list).ok).toBe(true);
    expect(checkProbeTarget("mtls.example.local", 8443, ["10.0.0.5"], list).ok).toBe(false);
    expect(
      checkProbeTarget(
        "evil.test",
        443,
        ["169.254.169.254"],
        probeAllowList({ TRUSTDECK_PROBE_ALLOW: "*:*" }),
      ),
    ).toMatchObject({ ok: false });
    expect(() => probeAllowList({ TRUSTDECK_PROBE_ALLOW: "no-port" })).toThrow(/not host:port/);
  });
});
