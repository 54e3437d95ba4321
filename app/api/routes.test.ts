import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { makeLeaf, makeRoot } from "@/lib/x509/test-fixtures";
import { GET as getCertificate } from "./certificates/[namespace]/[name]/route";
import { GET as listCertificatesRoute } from "./certificates/route";
import { GET as getContexts, POST as postContext } from "./contexts/route";
import { GET as healthz } from "./healthz/route";
import { GET as listSecretsRoute } from "./secrets/tls/route";

// Built at run time: a stand-in, not a key (and not a PEM block in the source).
const fakeKeyPem = (body: string, kind = "") =>
  `-----BEGIN ${kind}${"PRIVATE"} KEY-----\n${body}\n-----END ${kind}${"PRIVATE"} KEY-----`;

// Route handlers called directly, against a fake API server on 127.0.0.1 (two kubeconfig contexts).
const FORBIDDEN =
  'secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" at the cluster scope';
let server: http.Server;
let dir = "";
let secretsForbidden = false;
let leafPem = "";
let rootPem = "";
const saved = { ...process.env };

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  const root = await makeRoot("CN=fake-ca");
  const leaf = await makeLeaf(root, "CN=web", { dnsNames: ["web.example"] });
  leafPem = leaf.pem;
  rootPem = root.pem;
  server = http.createServer((req, res) => {
    const url = req.url ?? "";
    if (url.startsWith("/apis/cert-manager.io/v1/certificates")) {
      return send(res, 200, {
        items: [
          {
            metadata: { name: "web", namespace: "tls" },
            spec: { secretName: "web-tls", issuerRef: { name: "ca-issuer" }, dnsNames: ["web.example"] },
            status: {
              conditions: [{ type: "Ready", status: "True", reason: "Ready" }],
              notAfter: leaf.cert.notAfter.toISOString(),
            },
          },
        ],
        metadata: {},
      });
    }
    if (url.startsWith("/api/v1/secrets")) {
      if (secretsForbidden) {
        return send(res, 403, {
          kind: "Status",
          message: FORBIDDEN,
          reason: "Forbidden",
          details: { kind: "secrets" },
          code: 403,
        });
      }
      return send(res, 200, {
        items: [
          {
            metadata: { name: "web-tls", namespace: "tls", uid: "u1", resourceVersion: "1" },
            type: "kubernetes.io/tls",
            data: {
              "tls.crt": Buffer.from(leafPem).toString("base64"),
              "ca.crt": Buffer.from(rootPem).toString("base64"),
              "tls.key": Buffer.from(fakeKeyPem("xx")).toString("base64"),
            },
          },
        ],
        metadata: {},
      });
    }
    send(res, 404, { kind: "Status", message: `${url} not found`, reason: "NotFound", code: 404 });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustdeck-routes-"));
  fs.writeFileSync(
    path.join(dir, "config"),
    `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}
- name: down
  cluster: {server: "http://127.0.0.1:1", insecure-skip-tls-verify: true}
users:
- name: u
  user: {token: t}
contexts:
- name: fake
  context: {cluster: fake, user: u}
- name: down
  context: {cluster: down, user: u}
current-context: fake
`,
  );
  for (const k of Object.keys(process.env)) if (k.startsWith("TRUSTDECK_")) delete process.env[k];
  process.env.TRUSTDECK_KUBECONFIG = path.join(dir, "config");
  resetEnvCache();
  resetKubeConfigCache();
});

beforeEach(() => {
  secretsForbidden = false;
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  resetKubeConfigCache();
  fs.rmSync(dir, { recursive: true, force: true });
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (url: string, cookie?: string) =>
  new Request(`http://localhost${url}`, { headers: cookie ? { cookie } : {} });

describe("GET /api/certificates", () => {
  it("answers rows with expiry from the Secret, namespaces and facets", async () => {
    const res = await listCertificatesRoute(get("/api/certificates?sort=expires"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ name: "web", secretName: "web-tls", expiryMismatch: false });
    expect(body.items[0].notAfter).toBeTruthy();
    expect(body.namespaces).toEqual(["tls"]);
    expect(body.facets.issuers).toEqual([{ name: "ca-issuer", kind: "Issuer", count: 1 }]);
  });

  it("still answers when Secrets are forbidden, with secretProblem on each row", async () => {
    secretsForbidden = true;
    const body = await (await listCertificatesRoute(get("/api/certificates"))).json();
    expect(body.items[0].secretProblem).toBe('forbidden: User "viewer" cannot list secrets');
    expect(body.items[0].notAfter).toBeUndefined();
    expect(body.items[0].statusNotAfter).toBeTruthy();
  });

  it("answers 422 naming the bad parameter", async () => {
    const res = await listCertificatesRoute(get("/api/certificates?limit=9999"));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.issues[0].path).toBe("limit");
  });
});

describe("GET /api/certificates/[namespace]/[name]", () => {
  it("answers 422 for a name that is not DNS-1123", async () => {
    const res = await getCertificate(get("/api/certificates/tls/Bad_Name"), {
      params: Promise.resolve({ namespace: "tls", name: "Bad_Name" }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues[0].path).toBe("name");
  });

  it("keeps the cluster's 404", async () => {
    const res = await getCertificate(get("/api/certificates/tls/nope"), {
      params: Promise.resolve({ namespace: "tls", name: "nope" }),
    });
    expect(res.status).toBe(404);
  });
});

describe("GET /api/secrets/tls", () => {
  it("never sends key material", async () => {
    const res = await listSecretsRoute(get("/api/secrets/tls?managed=false"));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text).items[0]).toMatchObject({ name: "web-tls", managed: false });
    expect(text).not.toMatch(/PRIVATE KEY|tls\.key/);
  });

  it("returns the cluster's 403 with denied verb and resource", async () => {
    secretsForbidden = true;
    const res = await listSecretsRoute(get("/api/secrets/tls"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { message: FORBIDDEN, status: 403, denied: { verb: "list", resource: "secrets" } },
    });
    expect((await listSecretsRoute(get("/api/secrets/tls?managed=maybe"))).status).toBe(422);
  });
});

describe("health and contexts", () => {
  it("healthz is 200 even when the chosen cluster is down, and says why", async () => {
    const { cookie: signed } = await createSession("local");
    const session = `${SESSION_COOKIE}=${signed}`;
    const up = await (await healthz(get("/api/healthz", session))).json();
    expect(up.cluster).toMatchObject({ reachable: false, context: "fake" }); // fake server has no /version
    const res = await healthz(get("/api/healthz", `${session}; trustdeck-context=down`));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ app: "ok", contexts: ["fake", "down"] });
    expect(body.cluster).toMatchObject({ reachable: false, context: "down", server: "http://127.0.0.1:1" });
    expect(body.cluster.error).toMatch(/connection refused/);
  });

  it("healthz without a session says only { ok, version } and ignores the context cookie", async () => {
    for (const cookie of [undefined, "trustdeck-context=down", `${SESSION_COOKIE}=forged.sig`]) {
      const res = await healthz(get("/api/healthz", cookie));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body).sort()).toEqual(["ok", "version"]);
      expect(body.ok).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/fake|down|127\.0\.0\.1|kubeconfig/);
    }
  });

  it("lists contexts and sets the cookie only for a known one", async () => {
    expect(await (await getContexts(get("/api/contexts", "trustdeck-context=down"))).json()).toEqual({
      contexts: ["fake", "down"],
      current: "down",
      default: "fake",
    });
    const post = (body: string) =>
      postContext(
        new Request("http://localhost/api/contexts", {
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
        }),
      );
    const ok = await post('{"name":"down"}');
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^trustdeck-context=down; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    // Behind a TLS-terminating proxy the context cookie is Secure too (issue 16 item 12).
    const proxied = await postContext(
      new Request("http://localhost/api/contexts", {
        method: "POST",
        body: '{"name":"down"}',
        headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
      }),
    );
    expect(proxied.headers.get("set-cookie")).toMatch(/; Secure$/);
    expect(cookie).not.toContain("Secure");
    const bad = await post('{"name":"elsewhere"}');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0]).toEqual({
      path: "name",
      message: "is not a context of the kubeconfig",
    });
    expect((await post("{")).status).toBe(400);
  });
});
