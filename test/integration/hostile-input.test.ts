import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { makeRoot } from "@/lib/x509/test-fixtures";
import { apiRouteFiles, concretePath } from "./security-helpers";

// Every API route handler, called directly with hostile input against the real local control
// plane: every answer is a 4xx with `{ error: { message } }` (never a 500), and no object in
// namespaces tls/payments changes. Routes are found at test time, so new ones are covered.

const ROOT = path.resolve(__dirname, "../..");
const KUBECONFIG = process.env.TRUSTDECK_KUBECONFIG ?? path.join(ROOT, ".cluster", "kubeconfig");
const ORIGIN = "http://127.0.0.1";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

const saved = { ...process.env };

// --- cluster snapshot ------------------------------------------------------------------------
type Item = {
  kind: string;
  metadata: {
    namespace?: string;
    name: string;
    resourceVersion: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    ownerReferences?: { name: string }[];
  };
  spec?: { secretName?: string };
};

function kubectlJson(args: string[]): Item[] {
  const out = execFileSync(
    "kubectl",
    ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", ...args, "-o", "json"],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return (JSON.parse(out) as { items: Item[] }).items;
}

/** The self-renewing `payments/short-lived` Certificate and everything cert-manager makes for it. */
function renewsItself(item: Item, shortLivedSecret: string | undefined): boolean {
  const m = item.metadata;
  if (m.namespace !== "payments") return false;
  if (item.kind === "Certificate" && m.name === "short-lived") return true;
  if (item.kind === "Secret" && shortLivedSecret && m.name === shortLivedSecret) return true;
  if (m.annotations?.["cert-manager.io/certificate-name"] === "short-lived") return true;
  return (m.ownerReferences ?? []).some((o) => o.name === "short-lived");
}

function snapshot(): Map<string, string> {
  const kinds =
    "certificates.cert-manager.io,certificaterequests.cert-manager.io,issuers.cert-manager.io,secrets,apisixtlses.apisix.apache.org,apisixroutes.apisix.apache.org,apisixupstreams.apisix.apache.org";
  const items: Item[] = [];
  for (const ns of ["tls", "payments"]) items.push(...kubectlJson(["get", kinds, "-n", ns]));
  items.push(...kubectlJson(["get", "clusterissuers.cert-manager.io"]));
  const shortLived = items.find(
    (i) =>
      i.kind === "Certificate" && i.metadata.namespace === "payments" && i.metadata.name === "short-lived",
  );
  const out = new Map<string, string>();
  for (const item of items) {
    if (renewsItself(item, shortLived?.spec?.secretName)) continue;
    out.set(
      `${item.kind}/${item.metadata.namespace ?? ""}/${item.metadata.name}`,
      item.metadata.resourceVersion,
    );
  }
  return out;
}

// --- hostile input ---------------------------------------------------------------------------
const BAD_NAMES = [
  ".",
  "..",
  "%2e",
  "../etc",
  "UPPER",
  "a".repeat(300),
  "x%2F..",
  "..%2F..%2Fetc%2Fpasswd",
  "tls\u0000",
  "ca\u202eissuer",
  "аpisix",
  " ",
  "",
];

let pemGarbage: string[] = [];

function hostileBodies(): { label: string; body: string; contentType?: string }[] {
  const names = BAD_NAMES.slice(0, 11);
  return [
    { label: "malformed JSON", body: '{"name": "x",' },
    { label: "JSON with trailing junk", body: '{"a":1} trailing' },
    {
      label: "not JSON at all",
      body: "name=x&namespace=tls",
      contentType: "application/x-www-form-urlencoded",
    },
    { label: "empty body", body: "" },
    { label: "array", body: "[]" },
    { label: "string", body: '"renew"' },
    { label: "number", body: "12345" },
    { label: "null", body: "null" },
    {
      label: "wrong types",
      body: JSON.stringify({
        name: 1,
        namespace: [],
        enabled: "yes",
        hosts: {},
        selection: 7,
        dryRun: "no",
        port: "443",
        host: false,
      }),
    },
    {
      label: "prototype pollution",
      body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    },
    { label: "huge body (1 MB)", body: JSON.stringify({ message: "a".repeat(1024 * 1024) }) },
    ...names.map((n) => ({
      label: `hostile name ${JSON.stringify(n.slice(0, 20))}`,
      body: JSON.stringify({
        name: n,
        namespace: n,
        secretName: n,
        issuerRef: { name: n, kind: "Issuer" },
        hosts: [n],
        caSecret: { name: n, namespace: n },
        clientCertificate: { namespace: "tls", secretName: n },
      }),
    })),
    {
      label: "unicode tricks",
      body: JSON.stringify({
        name: "ca\u202eissuer",
        namespace: "t\u0000ls",
        hosts: ["аpisix.local"],
        message: "\u202e\u0000\ud800",
      }),
    },
    ...pemGarbage.map((pem, i) => ({
      label: `PEM garbage #${i + 1}`,
      body: JSON.stringify({
        pem,
        caPem: pem,
        certificate: pem,
        ca: pem,
        cert: pem,
        tlsCrt: pem,
        request: pem,
      }),
    })),
  ];
}

function hostileParams(names: string[]): Record<string, string>[] {
  return BAD_NAMES.map((bad, i) =>
    Object.fromEntries(
      names.map((p, j) => [p, j === i % names.length ? bad : p === "namespace" ? "tls" : "x"]),
    ),
  );
}

async function call(
  handler: Handler,
  method: string,
  urlPath: string,
  params: Record<string, string>,
  body?: { body: string; contentType?: string },
) {
  const init: RequestInit = {
    method,
    headers: { "content-type": body?.contentType ?? "application/json", origin: ORIGIN },
  };
  if (body && method !== "GET") init.body = body.body;
  const ac = new AbortController();
  const res = await handler(new Request(`${ORIGIN}${urlPath}`, { ...init, signal: ac.signal }), {
    params: Promise.resolve(params),
  });
  let text = "";
  if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    ac.abort();
    await res.body?.cancel().catch(() => {});
  } else {
    text = await res.text();
  }
  return { status: res.status, text };
}

function expectClearError(where: string, r: { status: number; text: string }) {
  expect(r.status, `${where}: status (body ${r.text.slice(0, 300)})`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${where}: status (body ${r.text.slice(0, 300)})`).toBeLessThan(500);
  let parsed: { error?: { message?: unknown } } | undefined;
  try {
    parsed = JSON.parse(r.text);
  } catch {
    parsed = undefined;
  }
  expect(typeof parsed?.error?.message, `${where}: { error: { message } } in ${r.text.slice(0, 200)}`).toBe(
    "string",
  );
  expect(r.text, where).not.toMatch(/PRIVATE KEY-----|\bat .+\.(ts|js):\d+/);
}

let before: Map<string, string>;

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  process.env.TRUSTDECK_CONTEXT = "trustdeck-admin";
  process.env.TRUSTDECK_AUTH = "local";
  process.env.TRUSTDECK_READ_ONLY = "false";
  resetEnvCache();
  resetKubeConfigCache();
  const root = await makeRoot("CN=hostile-root");
  const b64 = Buffer.from(root.der).toString("base64");
  pemGarbage = [
    `-----BEGIN CERTIFICATE-----\n${b64.slice(0, Math.floor(b64.length / 2))}\n-----END CERTIFICATE-----\n`,
    "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n",
    `-----BEGIN CERTIFICATE-----\n${b64}\n`,
    "-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END CERTIFICATE-----\n",
    Buffer.from(
      `-----BEGIN ${"PRIVATE"} KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END ${"PRIVATE"} KEY-----\n`,
    ).toString("base64"),
  ];
  before = snapshot();
}, 60_000);

afterAll(async () => {
  try {
    const { stopAllWatches } = await import("@/lib/k8s/watch-cache");
    stopAllWatches();
  } catch {
    // no watch cache in this build
  }
  process.env = saved;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("hostile input to every API route", () => {
  const routes = apiRouteFiles().filter((r) => !r.urlPath.startsWith("/api/auth"));

  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  for (const route of apiRouteFiles()) {
    it(`${route.urlPath}: hostile params and bodies get a clear 4xx, never a 500`, async () => {
      const mod = (await import(route.file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
      const methods = METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length, `${route.urlPath} exports a handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const handler = mod[method]!;
        // 1. Hostile path params (traversal, non-DNS-1123, unicode), for parametrised routes.
        if (route.params.length > 0) {
          for (const params of hostileParams(route.params)) {
            const url = concretePath(route.urlPath, (p) => encodeURIComponent(params[p] ?? "x"));
            const r = await call(handler, method, url, params, method === "GET" ? undefined : { body: "{}" });
            expectClearError(`${method} ${route.urlPath} ${JSON.stringify(params).slice(0, 80)}`, r);
          }
        }
        // 2. Hostile query strings never cause a 500 (unknown keys may be ignored: any status < 500).
        const params = Object.fromEntries(
          route.params.map((p) => [p, p === "namespace" ? "tls" : "hostile-missing"]),
        );
        const url = concretePath(route.urlPath, (p) => params[p] ?? "x");
        for (const q of [
          "namespace=../etc",
          "namespace=UPPER",
          `name=${"a".repeat(300)}`,
          "q=%00%E2%80%AE",
          "limit=-1&offset=abc",
          "managed=maybe",
          "sort=__proto__",
        ]) {
          const r = await call(
            handler,
            method,
            `${url}?${q}`,
            params,
            method === "GET" ? undefined : { body: "{" },
          );
          expect(r.status, `${method} ${url}?${q}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.status >= 400) expect(r.text).toContain('"message"');
        }
        // 3. Hostile bodies, for mutations (valid-looking params naming an object that does not exist).
        // Sign-out reads no body: any body is ignored, and ending a session is always fine.
        if (method !== "GET" && route.urlPath !== "/api/auth/signout") {
          for (const body of hostileBodies()) {
            const r = await call(handler, method, url, params, body);
            expectClearError(`${method} ${route.urlPath} ${body.label}`, r);
          }
        }
      }
    });
  }

  it("refuses to probe the cloud metadata address 169.254.169.254", async () => {
    const probe = apiRouteFiles().find((r) => r.urlPath === "/api/probe");
    expect(probe, "app/api/probe/route.ts exists").toBeDefined();
    const { POST } = (await import(probe!.file)) as { POST: Handler };
    for (const host of [
      "169.254.169.254",
      "[::ffff:169.254.169.254]",
      "[::ffff:a9fe:a9fe]",
      "[0:0:0:0:0:ffff:169.254.169.254]",
      "[fd00:ec2::254]",
      "[fe80::1]",
    ]) {
      const r = await call(POST, "POST", "/api/probe", {}, { body: JSON.stringify({ host, port: 80 }) });
      expectClearError(`probe ${host}`, r);
      // refused by this server's policy, not by the cluster's RBAC
      expect(JSON.parse(r.text).error).toMatchObject({ status: 403, policy: "TRUSTDECK_PROBE_ALLOW" });
    }
  });

  it("refuses a probe client certificate named ., .. or %2e with 422, before reading any Secret", async () => {
    const probe = apiRouteFiles().find((r) => r.urlPath === "/api/probe");
    const { POST } = (await import(probe!.file)) as { POST: Handler };
    for (const secretName of [".", "..", "%2e", "%2e%2e", "a/b"]) {
      const body = { host: "127.0.0.1", port: 1, clientCertificate: { namespace: "tls", secretName } };
      const r = await call(POST, "POST", "/api/probe", {}, { body: JSON.stringify(body) });
      expect(r.status, r.text).toBe(422);
      expect(JSON.parse(r.text).error.message).toMatch(/clientCertificate\.secretName: must be a DNS-1123/);
    }
  });

  it("changed no object in namespaces tls and payments (but the self-renewing short-lived Certificate)", () => {
    const after = snapshot();
    const changed = [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
    const created = [...after.keys()].filter((k) => !before.has(k));
    expect({ changed, created }).toEqual({ changed: [], created: [] });
  });
});
