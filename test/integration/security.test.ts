import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CSRF_COOKIE, resetSessions, SESSION_COOKIE } from "@/lib/auth/session";
import { resetEnvCache } from "@/lib/env";
import { HttpError, toErrorResponse } from "@/lib/http/errors";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { auditLog } from "@/lib/security/audit-log";
import { containsPrivateKey } from "@/lib/security/scrub";
import { makeLeaf, makeRoot } from "@/lib/x509/test-fixtures";
import { apiRouteFiles, concretePath } from "./security-helpers";

// Sign-in, per-user permissions and secret hygiene, with the real route handlers against the real
// local control plane (trustdeck-admin / trustdeck-viewer). proxy.ts is covered by security-proxy.test.ts.

const ROOT = path.resolve(__dirname, "../..");
const KUBECONFIG = process.env.TRUSTDECK_KUBECONFIG ?? path.join(ROOT, ".cluster", "kubeconfig");
const VIEWER_TOKEN = fs.readFileSync(path.join(ROOT, ".cluster", "viewer.token"), "utf8").trim();
const LOCAL_TOKEN = "local-sign-in-token-for-tests-0123456789";
const ORIGIN = "http://127.0.0.1";
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const saved = { ...process.env };

function useMode(mode: "local" | "token") {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  process.env.TRUSTDECK_CONTEXT = "trustdeck-admin";
  process.env.TRUSTDECK_AUTH = mode;
  process.env.TRUSTDECK_AUTH_TOKEN = LOCAL_TOKEN;
  process.env.TRUSTDECK_READ_ONLY = "false";
  resetEnvCache();
  resetKubeConfigCache();
}

async function route(urlPath: string): Promise<Record<string, Handler>> {
  const found = apiRouteFiles().find((r) => r.urlPath === urlPath);
  if (!found) throw new Error(`no route ${urlPath}`);
  return (await import(found.file)) as Record<string, Handler>;
}

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

function cookieHeader(c: Record<string, string>): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

async function callRoute(
  urlPath: string,
  method: string,
  opts: { cookie?: string; body?: unknown; params?: Record<string, string>; query?: string } = {},
) {
  const mod = await route(urlPath);
  const handler = mod[method];
  if (!handler) throw new Error(`${urlPath} has no ${method}`);
  const url = `${ORIGIN}${concretePath(urlPath, (p) => opts.params?.[p] ?? "x")}${opts.query ?? ""}`;
  const res = await handler(
    new Request(url, {
      method,
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    }),
    { params: Promise.resolve(opts.params ?? {}) },
  );
  return { res, text: await res.text() };
}

beforeAll(() => useMode("local"));
afterAll(() => resetSessions());
afterAll(async () => {
  try {
    (await import("@/lib/k8s/watch-cache")).stopAllWatches();
  } catch {
    // no watch cache
  }
  process.env = saved;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("local sign-in", () => {
  it("the printed URL sets an HttpOnly SameSite=Strict session cookie and a CSRF cookie, then goes to /", async () => {
    useMode("local");
    const { res } = await callRoute("/api/auth/signin", "GET", { query: `?token=${LOCAL_TOKEN}` });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const lines = res.headers.getSetCookie();
    const session = lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    const csrf = lines.find((l) => l.startsWith(`${CSRF_COOKIE}=`)) ?? "";
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=strict/i);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/SameSite=strict/i);
    const me = await callRoute("/api/auth/me", "GET", { cookie: cookieHeader(cookiesOf(res)) });
    expect(JSON.parse(me.text)).toMatchObject({ mode: "local", signedIn: true });
  });

  it("marks cookies Secure over https and refuses a wrong token with 401", async () => {
    useMode("local");
    const mod = await route("/api/auth/signin");
    const https = await mod.GET!(new Request(`https://td.example/api/auth/signin?token=${LOCAL_TOKEN}`), {
      params: Promise.resolve({}),
    });
    expect(https.headers.getSetCookie().every((l) => /;\s*Secure/i.test(l))).toBe(true);
    // over https both carry the __Host- prefix: Path=/, no Domain, so no sibling subdomain can plant them
    const lines = https.headers.getSetCookie();
    expect(lines.map((l) => l.split("=")[0]).sort()).toEqual([
      `__Host-${CSRF_COOKIE}`,
      `__Host-${SESSION_COOKIE}`,
    ]);
    expect(lines.every((l) => /;\s*Path=\//i.test(l) && !/;\s*Domain=/i.test(l))).toBe(true);
    const me = await callRoute("/api/auth/me", "GET", { cookie: cookieHeader(cookiesOf(https)) });
    expect(JSON.parse(me.text)).toMatchObject({ signedIn: true });
    const wrong = await callRoute("/api/auth/signin", "GET", { query: "?token=nope" });
    expect(wrong.res.status).toBe(401);
    expect(JSON.parse(wrong.text).error.message).toMatch(/wrong sign-in token/);
    expect(wrong.res.headers.getSetCookie()).toEqual([]);
  });

  it("sign-out forgets the session", async () => {
    useMode("local");
    const { res } = await callRoute("/api/auth/signin", "GET", { query: `?token=${LOCAL_TOKEN}` });
    const cookie = cookieHeader(cookiesOf(res));
    await callRoute("/api/auth/signout", "POST", { cookie });
    const me = await callRoute("/api/auth/me", "GET", { cookie });
    expect(JSON.parse(me.text)).toMatchObject({ signedIn: false });
  });
});

describe("token mode: every Kubernetes call runs as the signed-in person", () => {
  let viewerCookie = "";

  it("refuses a token the cluster does not accept", async () => {
    useMode("token");
    const { res, text } = await callRoute("/api/auth/signin", "POST", {
      body: { token: "not-a-real-token" },
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(text).error.message).toMatch(/did not accept this token/);
  });

  it("the viewer's token signs in; the token never comes back", async () => {
    useMode("token");
    const { res, text } = await callRoute("/api/auth/signin", "POST", { body: { token: VIEWER_TOKEN } });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      ok: true,
      mode: "token",
      user: { username: "trustdeck-viewer" },
    });
    const cookies = cookiesOf(res);
    expect(JSON.stringify(cookies) + text).not.toContain(VIEWER_TOKEN);
    viewerCookie = cookieHeader(cookies);
    const me = await callRoute("/api/auth/me", "GET", { cookie: viewerCookie });
    expect(JSON.parse(me.text)).toMatchObject({ signedIn: true, user: { username: "trustdeck-viewer" } });
    expect(me.text).not.toContain(VIEWER_TOKEN);
  });

  it("the viewer can browse certificates", async () => {
    useMode("token");
    const { res, text } = await callRoute("/api/certificates", "GET", { cookie: viewerCookie });
    expect(res.status, text.slice(0, 300)).toBe(200);
    expect(text).toContain("etcd-server");
  });

  it("every mutation of the viewer is refused by the cluster itself", async () => {
    useMode("token");
    const target = { namespace: "tls", name: "etcd-server" };
    const logged = vi.spyOn(console, "log");
    for (const [urlPath, body] of [
      ["/api/certificates/[namespace]/[name]/renew", {}],
      ["/api/certificates/[namespace]/[name]/rotate", {}],
    ] as const) {
      const { res, text } = await callRoute(urlPath, "POST", { cookie: viewerCookie, params: target, body });
      expect(res.status, `${urlPath}: ${text.slice(0, 300)}`).toBe(403);
      expect(JSON.parse(text).error.message).toMatch(/User "trustdeck-viewer" cannot/);
    }
    // The audit line names the person, not the server's identity.
    const audit = logged.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('{"audit":true'));
    logged.mockRestore();
    expect(audit.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ who: "trustdeck-viewer", action: "renew", result: "denied" }),
    );
  });

  it("without a session, token mode talks to the cluster anonymously (never as the server)", async () => {
    useMode("token");
    const { res, text } = await callRoute("/api/certificates/[namespace]/[name]/renew", "POST", {
      params: { namespace: "tls", name: "etcd-server" },
      body: {},
    });
    expect(res.status, text.slice(0, 300)).toBeGreaterThanOrEqual(401);
    expect(res.status).toBeLessThanOrEqual(403);
    expect(text).not.toMatch(/trustdeck-admin/);
  });

  it("the viewer does not see what only the admin may read (TLS Secrets), even with the admin's watch cache live", async () => {
    useMode("local");
    // Fill the process-wide watch cache as the admin first: token mode serves from it, but only what
    // the signed-in person may list (lib/k8s/access-filter.ts, SelfSubjectAccessReview with their token).
    const cache = await import("@/lib/k8s/watch-cache");
    cache.ensureWatching("trustdeck-admin");
    await vi.waitFor(() => expect(cache.getLiveStatus("trustdeck-admin")?.state).toBe("live"), {
      timeout: 20_000,
      interval: 200,
    });
    const admin = await callRoute("/api/secrets/tls", "GET", { query: "?namespace=tls" });
    expect(admin.res.status).toBe(200);
    expect(admin.text).toContain("etcd-secret");
    useMode("token");
    const viewer = await callRoute("/api/secrets/tls", "GET", {
      cookie: viewerCookie,
      query: "?namespace=tls",
    });
    expect(viewer.text).not.toContain("etcd-secret");
    // kubectl as the viewer cannot list them either: the filter agrees with the cluster
    const asViewer = (() => {
      try {
        execFileSync(
          "kubectl",
          [
            "--kubeconfig",
            KUBECONFIG,
            "--context",
            "trustdeck-admin",
            "--token",
            VIEWER_TOKEN,
            "get",
            "secrets",
            "-n",
            "tls",
          ],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
        return "listed";
      } catch (err) {
        return String((err as { stderr?: Buffer }).stderr ?? err);
      }
    })();
    expect(asViewer).toMatch(/forbidden/);
    // while the certificates the viewer may list are served from the same cache
    const certs = await callRoute("/api/certificates", "GET", {
      cookie: viewerCookie,
      query: "?namespace=tls",
    });
    expect(certs.res.status).toBe(200);
    expect(certs.text).toContain("etcd-server");
  });
});

describe("no private key in memory", () => {
  const ns = `it-keys-${crypto.randomBytes(3).toString("hex")}`;
  const kubectl = (args: string[], input?: string) =>
    execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", ...args], {
      input,
      encoding: "utf8",
    });
  afterAll(() => {
    kubectl(["delete", "namespace", ns, "--wait=false"]);
  });

  it("JSON.stringify of every object the watch cache holds is key-free, for a Secret made with kubectl apply and a key pasted into tls.crt", async () => {
    useMode("local");
    const root = await makeRoot("CN=keys-ca");
    const leaf = await makeLeaf(root, "CN=keys", { dnsNames: ["keys.example"] });
    const key = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const keyPem = key.privateKey.export({ format: "pem", type: "sec1" }) as string;
    const keyDer = (key.privateKey.export({ format: "der", type: "pkcs8" }) as Buffer).toString("base64");
    const b64 = (t: string) => Buffer.from(t).toString("base64");
    kubectl(["create", "namespace", ns]);
    kubectl(
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
          name: "applied-tls",
          namespace: ns,
          annotations: { "cert-manager.io/certificate-name": "x" },
        },
        type: "kubernetes.io/tls",
        data: { "tls.crt": b64(`${leaf.pem}${keyPem}`), "tls.key": b64(keyPem), "ca.crt": b64(keyDer) },
      }),
    );
    const applied = JSON.parse(kubectl(["get", "secret", "applied-tls", "-n", ns, "-o", "json"]));
    expect(applied.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toContain(
      "tls.key",
    );

    const cache = await import("@/lib/k8s/watch-cache");
    cache.ensureWatching("trustdeck-admin");
    type Facts = { metadata: { name: string; namespace: string } };
    await vi.waitFor(
      () =>
        expect(
          (cache.getCachedList<Facts>("Secret", "trustdeck-admin") ?? []).some(
            (s) => s.metadata.name === "applied-tls" && s.metadata.namespace === ns,
          ),
        ).toBe(true),
      { timeout: 30_000, interval: 250 },
    );
    const held = cache.WATCH_KINDS.map((k) => cache.getCachedList(k, "trustdeck-admin") ?? []);
    const json = JSON.stringify(held);
    expect(json).toContain("applied-tls");
    expect(containsPrivateKey(json)).toBe(false);
    const body = keyPem
      .split("\n")
      .filter((l) => l && !l.startsWith("-----"))
      .join("");
    expect(json).not.toContain(body.slice(8, 48));
    expect(json).not.toContain(keyDer.slice(8, 48));
    const secret = (cache.getCachedList<Facts>("Secret", "trustdeck-admin") ?? []).find(
      (x) => x.metadata.name === "applied-tls" && x.metadata.namespace === ns,
    );
    expect(JSON.stringify(secret)).not.toContain("last-applied-configuration");
    expect(secret).toMatchObject({ metadata: { annotations: { "cert-manager.io/certificate-name": "x" } } });
    // and what the API answers for it
    const { text } = await callRoute("/api/secrets/tls", "GET", { query: `?namespace=${ns}` });
    expect(text).toContain("applied-tls");
    expect(containsPrivateKey(text)).toBe(false);
  });
});

describe("no private key in any answer", () => {
  it("scans every GET route and every seeded certificate's detail as the admin", async () => {
    useMode("local");
    const certs = JSON.parse((await callRoute("/api/certificates", "GET")).text) as {
      items?: { namespace: string; name: string }[];
    };
    const scanned: string[] = [];
    for (const r of apiRouteFiles()) {
      const mod = (await import(r.file)) as Record<string, Handler>;
      if (!mod.GET || r.urlPath === "/api/events") continue;
      const targets =
        r.params.length === 0
          ? [{}]
          : (certs.items ?? []).filter((c) => ["tls", "payments"].includes(c.namespace));
      for (const params of targets as Record<string, string>[]) {
        const { text } = await callRoute(r.urlPath, "GET", { params });
        expect(containsPrivateKey(text), `${r.urlPath} ${JSON.stringify(params)}`).toBe(false);
        expect(text).not.toMatch(/"tls\.key"\s*:\s*"(?!\[redacted)/);
        scanned.push(r.urlPath);
      }
    }
    expect(scanned).toContain("/api/secrets/tls");
    expect(scanned.filter((s) => s.includes("[name]")).length).toBeGreaterThan(3);
  });

  it("error responses and audit lines scrub private keys", async () => {
    const key = `-----BEGIN ${"PRIVATE"} KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END ${"PRIVATE"} KEY-----`;
    const res = toErrorResponse(new HttpError(400, `bad input: ${key}`));
    expect(containsPrivateKey(await res.text())).toBe(false);
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    auditLog({
      who: "x",
      action: "renew",
      object: { kind: "Certificate", name: "y" },
      result: "error",
      detail: key,
    });
    const line = String(spy.mock.calls[0]?.[0]);
    spy.mockRestore();
    expect(JSON.parse(line)).toMatchObject({ audit: true, who: "x", action: "renew", result: "error" });
    expect(containsPrivateKey(line)).toBe(false);
  });
});

describe("server start", () => {
  it("refuses to start with TRUSTDECK_AUTH=none on HOST=0.0.0.0", async () => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: "0.0.0.0",
        PORT: "3299",
        TRUSTDECK_AUTH: "none",
        TRUSTDECK_DIST_DIR: ".next-never-built",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 60_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    fs.rmSync(path.join(ROOT, ".next-never-built"), { recursive: true, force: true });
    expect(code).toBe(1);
    expect(output).toMatch(/refusing to start: TRUSTDECK_AUTH=none/);
    expect(output).not.toMatch(/building the dashboard/);
  });
});
