import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import type net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRoutes } from "@/app/api/apisix/routes/route";
import { POST as postPreview } from "@/app/api/apisix/tls/[namespace]/[name]/mtls/preview/route";
import { PUT as putMtls } from "@/app/api/apisix/tls/[namespace]/[name]/mtls/route";
import { POST as createTlsRoute } from "@/app/api/apisix/tls/route";
import { PUT as putUpstreamMtls } from "@/app/api/apisix/upstreams/[namespace]/[name]/mtls/route";
import { POST as postProbe } from "@/app/api/probe/route";
import type { GatewayMatrixDto, MtlsPreviewDto } from "@/lib/apisix/types";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type { ProbeResultDto } from "@/lib/probe/types";
import { makeLeaf, makeRoot, privateKeyPem } from "@/lib/x509/test-fixtures";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// The APISIX gateway view, mTLS toggle and probe, through the route handlers, against the real API server.
const ADMIN = "trustdeck-admin";
const VIEWER = "trustdeck-viewer";
const ns = `it-apisix-${crypto.randomBytes(3).toString("hex")}`;
const TLS_NAME = "public-tls-copy";

function req(method: string, path: string, body?: unknown, context = ADMIN): Request {
  return new Request(`http://127.0.0.1${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      origin: "http://127.0.0.1",
      cookie: `trustdeck-context=${context}`,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}
const params = <T>(p: T) => ({ params: Promise.resolve(p) });
const tlsParams = params({ namespace: ns, name: TLS_NAME });

function readTlsJson(): { spec: Record<string, unknown> & { client?: Record<string, unknown> } } {
  return JSON.parse(kubectl(["-n", ns, "get", "apisixtls", TLS_NAME, "-o", "json"]));
}

function secretPem(namespace: string, name: string, key: string): string {
  const b64 = kubectl([
    "-n",
    namespace,
    "get",
    "secret",
    name,
    "-o",
    `jsonpath={.data.${key.replace(".", "\\.")}}`,
  ]);
  return Buffer.from(b64, "base64").toString("utf8");
}

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_PROBE_ALLOW;
  resetEnvCache();
  resetKubeConfigCache();
  kubectl(["create", "namespace", ns]);
});

afterAll(() => {
  // No garbage collector runs on the local control plane: leave the namespace's objects, drop the namespace.
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

describe("gateway matrix (GET /api/apisix/routes)", () => {
  let matrix: GatewayMatrixDto;
  beforeAll(async () => {
    const res = await getRoutes(req("GET", "/api/apisix/routes"));
    expect(res.status).toBe(200);
    matrix = (await res.json()) as GatewayMatrixDto;
  });
  const row = (host: string) => matrix.rows.find((r) => r.route.namespace === "tls" && r.host === host);

  it("shows public.example.local served with TLS and mTLS off", () => {
    const r = row("public.example.local");
    expect(r?.tls?.name).toBe("public-tls");
    expect(r?.cells.clientTls.level).toBe("green");
    expect(r?.cells.clientMtls.level).toBe("amber");
    expect(r?.cells.clientMtls.reason).toMatch(/mTLS off/);
  });

  it("shows mtls.example.local with mTLS on, trusting root-secret", () => {
    const r = row("mtls.example.local");
    expect(r?.tls?.client?.caSecret).toMatchObject({ namespace: "tls", name: "root-secret", found: true });
    expect(r?.tls?.client?.caSecret.trustedCertificate?.commonName).toBe("selfsigned-ca");
    expect(r?.tls?.client?.skipMtlsUriRegex).toEqual(["/healthz"]);
    expect(r?.cells.clientMtls.level).toBe("green");
  });

  it("shows the upstream hop over https with apisix-client-secret as client certificate", () => {
    const r = row("mtls.example.local");
    expect(r?.upstream).toMatchObject({ name: "upstream", scheme: "https", found: true });
    expect(r?.upstream?.tlsSecret?.name).toBe("apisix-client-secret");
    expect(r?.upstream?.tlsSecret?.certificate?.extendedKeyUsages).toContain("client auth");
    expect(r?.cells.upstreamClientCert.level).toBe("green");
  });

  it("still answers the viewer (who may not read Secrets), with certificate checks marked unverified", async () => {
    const res = await getRoutes(req("GET", "/api/apisix/routes", undefined, VIEWER));
    expect(res.status).toBe(200);
    const m = (await res.json()) as GatewayMatrixDto;
    expect(m.secretsUnreadable).toMatch(/forbidden/);
    const r = m.rows.find((x) => x.host === "mtls.example.local");
    expect(r?.tls?.client?.caSecret.name).toBe("root-secret");
    expect(r?.cells.clientTls.reason).toMatch(/not verified/);
  });

  it("flags plain.example.local as served without TLS", () => {
    expect(row("plain.example.local")?.cells.clientTls).toMatchObject({ level: "red" });
    expect(matrix.hostsWithoutTls).toContainEqual({
      namespace: "tls",
      route: "public-route",
      rule: "plain",
      host: "plain.example.local",
    });
  });
});

describe("mTLS toggle on a copy of public-tls in a fresh namespace", () => {
  beforeAll(async () => {
    const res = await createTlsRoute(
      req("POST", "/api/apisix/tls", {
        namespace: ns,
        name: TLS_NAME,
        hosts: ["public-copy.example.local"],
        secret: { name: "apisix-server-secret", namespace: "tls" },
        reason: "integration test",
      }),
    );
    expect(res.status).toBe(201);
  });

  it("previews root-secret: the seeded client certificates get in, nothing changes", async () => {
    const res = await postPreview(
      req("POST", "/p", {
        enabled: true,
        caSecret: { name: "root-secret", namespace: "tls" },
        depth: 1,
        skipMtlsUriRegex: ["/healthz"],
      }),
      tlsParams,
    );
    expect(res.status).toBe(200);
    const p = (await res.json()) as MtlsPreviewDto;
    const inside = p.getsIn.map((v) => `${v.namespace}/${v.secretName}`);
    expect(inside).toEqual(
      expect.arrayContaining(["tls/curl-secret", "tls/apisix-client-secret", "tls/etcd-secret"]),
    );
    expect(p.lockedOut.map((v) => v.secretName)).not.toContain("curl-secret");
    expect(p.after).toMatchObject({
      client: { caSecret: { name: "root-secret", namespace: "tls" }, depth: 1 },
    });
    expect(p.warnings.map((w) => w.code)).not.toContain("ca-secret-is-leaf");
    expect(readTlsJson().spec.client).toBeUndefined();
  });

  it("previews a leaf Secret as caSecret with the gotcha warning", async () => {
    const res = await postPreview(
      req("POST", "/p", { enabled: true, caSecret: { name: "curl-secret", namespace: "tls" } }),
      tlsParams,
    );
    const p = (await res.json()) as MtlsPreviewDto;
    const w = p.warnings.find((x) => x.code === "ca-secret-is-leaf");
    expect(w?.message).toMatch(/tls\/root-secret/);
    expect(p.getsIn).toEqual([]);
  });

  it("turns mTLS on: kubectl reads spec.client back, and an Event is recorded", async () => {
    const res = await putMtls(
      req("PUT", "/m", {
        enabled: true,
        caSecret: { name: "root-secret", namespace: "tls" },
        depth: 2,
        skipMtlsUriRegex: ["^/healthz$"],
        reason: "it: lock down",
      }),
      tlsParams,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { who: string; eventRecorded: boolean };
    expect(body.eventRecorded).toBe(true);
    expect(readTlsJson().spec.client).toEqual({
      caSecret: { name: "root-secret", namespace: "tls" },
      depth: 2,
      skip_mtls_uri_regex: ["^/healthz$"],
    });
    const events = JSON.parse(
      kubectl([
        "-n",
        ns,
        "get",
        "events",
        "--field-selector",
        `involvedObject.name=${TLS_NAME}`,
        "-o",
        "json",
      ]),
    ) as { items: { reason: string; message: string; source?: { component?: string } }[] };
    const ev = events.items.find((e) => e.reason === "ClientMtlsEnabled");
    expect(ev?.message).toContain(body.who);
    expect(ev?.message).toMatch(/turned client mTLS on/);
    expect(ev?.message).toMatch(/it: lock down/);
    expect(ev?.source?.component).toBe("trustdeck");
  });

  it("refuses an invalid skip regex with 422 naming the index, and changes nothing", async () => {
    const res = await putMtls(
      req("PUT", "/m", {
        enabled: true,
        caSecret: { name: "root-secret", namespace: "tls" },
        skipMtlsUriRegex: ["/ok", "(["],
      }),
      tlsParams,
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues[0]?.path).toBe("skipMtlsUriRegex.1");
    expect(readTlsJson().spec.client).toMatchObject({ depth: 2 });
    const bad = await putMtls(req("PUT", "/m", "{not json"), tlsParams);
    expect(bad.status).toBe(400);
  });

  it("answers 403 with the cluster's message for the viewer, and changes nothing", async () => {
    const res = await putMtls(req("PUT", "/m", { enabled: false }, VIEWER), tlsParams);
    expect(res.status).toBe(403);
    const body = (await res.json()) as {
      error: { message: string; denied?: { verb: string; resource: string } };
    };
    expect(body.error.message).toMatch(/forbidden/i);
    expect(body.error.denied?.resource).toBe("apisixtlses");
    expect(readTlsJson().spec.client).toBeDefined();
  });

  it("refuses to point APISIX at another namespace's Secret the person may not read, before writing", async () => {
    const before = readTlsJson().spec.client;
    // the viewer may not get Secrets in tls: refused by Trustdeck's check, naming the Secret
    const res = await putMtls(
      req(
        "PUT",
        "/m",
        { enabled: true, caSecret: { namespace: "tls", name: "selfsigned-ca-secret" } },
        VIEWER,
      ),
      tlsParams,
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /may not read Secret tls\/selfsigned-ca-secret \(get secrets in namespace tls\)/,
    );
    expect(readTlsJson().spec.client).toEqual(before);
  });

  it("turns mTLS off: spec.client is removed", async () => {
    const res = await putMtls(req("PUT", "/m", { enabled: false }), tlsParams);
    expect(res.status).toBe(200);
    expect(readTlsJson().spec).not.toHaveProperty("client");
    expect(readTlsJson().spec.hosts).toEqual(["public-copy.example.local"]);
  });

  it("toggles upstream mTLS on a copy of the seeded ApisixUpstream", async () => {
    const upstream = {
      apiVersion: "apisix.apache.org/v2",
      kind: "ApisixUpstream",
      metadata: { name: "upstream", namespace: ns },
      spec: { scheme: "http" },
    };
    execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", ADMIN, "apply", "-f", "-"], {
      input: JSON.stringify(upstream),
    });
    const up = params({ namespace: ns, name: "upstream" });
    const on = await putUpstreamMtls(
      req("PUT", "/u", { enabled: true, tlsSecret: { name: "apisix-client-secret", namespace: "tls" } }),
      up,
    );
    expect(on.status).toBe(200);
    const read = () =>
      JSON.parse(kubectl(["-n", ns, "get", "apisixupstream", "upstream", "-o", "json"])).spec;
    expect(read()).toEqual({
      scheme: "https",
      tlsSecret: { name: "apisix-client-secret", namespace: "tls" },
    });
    const off = await putUpstreamMtls(req("PUT", "/u", { enabled: false }), up);
    expect(off.status).toBe(200);
    expect(read()).toEqual({ scheme: "https" });
  });
});

describe("probe (POST /api/probe) against a local TLS server built from the seeded Secrets", () => {
  const servers: net.Server[] = [];
  const listen = (s: net.Server) =>
    new Promise<number>((resolve) => {
      servers.push(s);
      s.on("tlsClientError", () => {});
      s.listen(0, "127.0.0.1", () => resolve((s.address() as net.AddressInfo).port));
    });
  afterAll(() => {
    for (const s of servers) s.close();
  });
  const probe = async (body: unknown) => {
    const res = await postProbe(req("POST", "/api/probe", body));
    return {
      status: res.status,
      body: (await res.json()) as ProbeResultDto & { error?: { message: string } },
    };
  };

  it("sees mTLS required with root-secret's CA: rejected without curl-secret, accepted with it, no drift", async () => {
    const port = await listen(
      tls.createServer(
        {
          cert: secretPem("tls", "apisix-server-secret", "tls.crt"),
          key: secretPem("tls", "apisix-server-secret", "tls.key"),
          requestCert: true,
          rejectUnauthorized: true,
          ca: [secretPem("tls", "root-secret", "ca.crt")],
        },
        (s) => s.on("data", () => {}),
      ),
    );
    const { status, body } = await probe({
      host: "127.0.0.1",
      port,
      sni: "mtls.example.local",
      clientCertificate: { namespace: "tls", secretName: "curl-secret" },
    });
    expect(status).toBe(200);
    expect(body.servedChain[0]?.commonName).toBe("apisix");
    expect(body.stored?.tls).toMatchObject({ namespace: "tls", name: "mtls-tls" });
    expect(body.drift?.state).toBe("match");
    expect(body.clientCertificate.requested).toBe(true);
    expect(body.clientCertificate.required).toBe(true);
    expect(body.clientCertificate.caNames).toEqual(["CN=selfsigned-ca"]);
    expect(body.withoutClientCert.ok).toBe(false);
    expect(body.withClientCert).toMatchObject({
      ok: true,
      secret: { namespace: "tls", name: "curl-secret" },
    });
    expect(JSON.stringify(body)).not.toMatch(/PRIVATE KEY/);
  });

  it("reports served vs stored drift when the server presents another certificate", async () => {
    const root = await makeRoot("CN=selfsigned-ca");
    const old = await makeLeaf(root, "CN=apisix", {
      dnsNames: ["public.example.local"],
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const port = await listen(
      tls.createServer({ cert: old.pem, key: await privateKeyPem(old.keys) }, (s) => s.end()),
    );
    const { body } = await probe({ host: "127.0.0.1", port, sni: "public.example.local" });
    expect(body.withoutClientCert.ok).toBe(true);
    expect(body.clientCertificate.requested).toBe(false);
    expect(body.stored?.tls.name).toBe("public-tls");
    expect(body.drift?.state).toBe("drift");
    expect(body.drift?.message).toMatch(/served vs stored drift/);
  });

  it("refuses the metadata address and hosts outside the allow-list", async () => {
    const meta = await probe({ host: "169.254.169.254", port: 80 });
    expect(meta.status).toBe(403);
    expect(meta.body.error?.message).toMatch(/probe target not allowed/);
    const other = await probe({ host: "10.20.30.40", port: 443 });
    expect(other.status).toBe(403);
  });
});
