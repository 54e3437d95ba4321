import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { READ_ONLY_MESSAGE, resetEnvCache } from "@/lib/env";
import { resetIdentityCache } from "@/lib/k8s/access-review";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type { RouteHandler } from "@/lib/server/route";
import {
  applyJson as apply,
  csrBase64,
  KUBECONFIG,
  kubectl,
  unmanagedTlsSecret,
  until,
} from "./helpers/kubectl";
import { apiRouteFiles } from "./security-helpers";

// The one audited write path, checked for EVERY route that writes to the cluster: the routes are
// enumerated from app/api (their route wrapper declares `writes`), so a new write route without a
// case here fails. Each write must record a Kubernetes Event on its object and one audit line, and
// be refused in read-only mode with the one message, changing nothing.

const ns = `it-write-${crypto.randomBytes(3).toString("hex")}`;
const ORIGIN = "http://127.0.0.1";

// biome-ignore lint/suspicious/noExplicitAny: kubectl JSON
type Json = Record<string, any>;

function exists(kind: string, name: string): boolean {
  return kubectl(["-n", ns, "get", kind, name, "--ignore-not-found", "-o", "name"]).trim() !== "";
}

function trustdeckEvents(): Json[] {
  const list = JSON.parse(kubectl(["-n", ns, "get", "events", "-o", "json"])) as { items: Json[] };
  return list.items.filter(
    (e) => e.reportingComponent === "trustdeck" || e.source?.component === "trustdeck",
  );
}

const waitFor = <T>(_what: string, fn: () => T | undefined, ms = 90_000) => until(fn, ms);

function pendingRequest(name: string) {
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "CertificateRequest",
    metadata: { name, namespace: ns },
    spec: {
      request: csrBase64(`${name}.example.test`),
      // An external group: the built-in approver leaves it pending.
      issuerRef: { name: "external", kind: "Issuer", group: "issuers.example.com" },
      usages: ["digital signature", "client auth"],
    },
  });
}

function upstream(name: string) {
  apply({
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixUpstream",
    metadata: { name, namespace: ns },
    spec: { scheme: "http" },
  });
}

function request(method: string, body?: unknown): Request {
  return new Request(`${ORIGIN}/api/x`, {
    method,
    headers: { "content-type": "application/json", origin: ORIGIN },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** One write route's call: it makes the write for object `name` and says where the Event must be. */
interface Case {
  method: string;
  urlPath: string;
  /** Prepares what the write needs (objects for `name`). */
  prepare?: (name: string) => void | Promise<void>;
  call: (name: string) => { body?: unknown; params?: Record<string, string> };
  /** The object the Event is recorded on, and the Event's reason. */
  event: (name: string) => { kind: string; name: string; reason: string };
  action: string;
  /** Whether the write leaves an object that did not exist (then read-only mode must not create it). */
  creates?: { kind: string };
}

const certName = (name: string) => `${name}-cert`;

const CASES: Case[] = [
  {
    method: "POST",
    urlPath: "/api/adopt/[namespace]/[name]",
    action: "adopt",
    creates: { kind: "certificate" },
    prepare: (name) => unmanagedTlsSecret(ns, name, `${name}.example.test`),
    call: (name) => ({ params: { namespace: ns, name }, body: { issuer: { kind: "Issuer", name: "ca" } } }),
    event: (name) => ({ kind: "Certificate", name, reason: "TrustdeckAdopt" }),
  },
  {
    method: "POST",
    urlPath: "/api/rotation/[namespace]/[name]",
    action: "rotation-step",
    prepare: (name) => caCertificate(name),
    call: (name) => ({ params: { namespace: ns, name }, body: { step: "issue-new" } }),
    event: (name) => ({ kind: "Certificate", name, reason: "TrustdeckRotation" }),
  },
  {
    method: "POST",
    urlPath: "/api/certificates",
    action: "issue",
    creates: { kind: "certificate" },
    call: (name) => ({
      body: {
        namespace: ns,
        name,
        secretName: `${name}-tls`,
        issuerRef: { name: "ca", kind: "Issuer" },
        dnsNames: [`${name}.example.test`],
        usages: ["digital signature", "server auth"],
        privateKey: { algorithm: "ECDSA", size: 256 },
      },
    }),
    event: (name) => ({ kind: "Certificate", name, reason: "TrustdeckIssue" }),
  },
  {
    method: "POST",
    urlPath: "/api/certificates/[namespace]/[name]/renew",
    action: "renew",
    prepare: (name) => certificate(certName(name)),
    call: (name) => ({
      params: { namespace: ns, name: certName(name) },
      body: { message: "write-path test" },
    }),
    event: (name) => ({ kind: "Certificate", name: certName(name), reason: "TrustdeckRenew" }),
  },
  {
    method: "POST",
    urlPath: "/api/certificates/[namespace]/[name]/rotate",
    action: "rotate",
    prepare: (name) => certificate(certName(name)),
    call: (name) => ({ params: { namespace: ns, name: certName(name) } }),
    event: (name) => ({ kind: "Certificate", name: certName(name), reason: "TrustdeckRotate" }),
  },
  {
    method: "POST",
    urlPath: "/api/certificates/renew",
    action: "renew",
    prepare: (name) => certificate(certName(name)),
    call: (name) => ({
      body: {
        selection: { names: [{ namespace: ns, name: certName(name) }] },
        dryRun: false,
        message: "bulk",
      },
    }),
    event: (name) => ({ kind: "Certificate", name: certName(name), reason: "TrustdeckRenew" }),
  },
  {
    method: "POST",
    urlPath: "/api/certificaterequests/[namespace]/[name]/approve",
    action: "approve",
    prepare: (name) => pendingRequest(name),
    call: (name) => ({ params: { namespace: ns, name } }),
    event: (name) => ({ kind: "CertificateRequest", name, reason: "TrustdeckApprove" }),
  },
  {
    method: "POST",
    urlPath: "/api/certificaterequests/[namespace]/[name]/deny",
    action: "deny",
    prepare: (name) => pendingRequest(name),
    call: (name) => ({
      params: { namespace: ns, name },
      body: { reason: "Test", message: "write-path test" },
    }),
    event: (name) => ({ kind: "CertificateRequest", name, reason: "TrustdeckDeny" }),
  },
  {
    method: "POST",
    urlPath: "/api/apisix/tls",
    action: "apisixtls-create",
    creates: { kind: "apisixtls" },
    call: (name) => ({
      body: {
        namespace: ns,
        name,
        hosts: [`${name}.example.local`],
        secret: { name: "apisix-server-secret", namespace: "tls" },
        reason: "write-path test",
      },
    }),
    event: (name) => ({ kind: "ApisixTls", name, reason: "Created" }),
  },
  {
    method: "PUT",
    urlPath: "/api/apisix/tls/[namespace]/[name]/mtls",
    action: "mtls-toggle",
    prepare: (name) =>
      apply({
        apiVersion: "apisix.apache.org/v2",
        kind: "ApisixTls",
        metadata: { name, namespace: ns },
        spec: {
          hosts: [`${name}.example.local`],
          secret: { name: "apisix-server-secret", namespace: "tls" },
        },
      }),
    call: (name) => ({
      params: { namespace: ns, name },
      body: { enabled: true, caSecret: { name: "root-secret", namespace: "tls" }, reason: "write-path test" },
    }),
    event: (name) => ({ kind: "ApisixTls", name, reason: "ClientMtlsEnabled" }),
  },
  {
    method: "PUT",
    urlPath: "/api/apisix/upstreams/[namespace]/[name]/mtls",
    action: "upstream-mtls-toggle",
    prepare: (name) => upstream(name),
    call: (name) => ({
      params: { namespace: ns, name },
      body: { enabled: true, tlsSecret: { name: "apisix-client-secret", namespace: "tls" } },
    }),
    event: (name) => ({ kind: "ApisixUpstream", name, reason: "UpstreamMtlsEnabled" }),
  },
];

/** A CA Certificate issued by the self-signed bootstrap Issuer, waited for until its Secret exists. */
async function caCertificate(name: string) {
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: ns },
    spec: { isCA: true, commonName: name, secretName: `${name}-ca`, issuerRef: { name: "bootstrap" } },
  });
  await waitFor(`the CA ${name} issued`, () => (exists("secret", `${name}-ca`) ? true : undefined));
}

function certificate(name: string) {
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: ns },
    spec: {
      secretName: `${name}-tls`,
      issuerRef: { name: "ca", kind: "Issuer" },
      dnsNames: [`${name}.example.test`],
      privateKey: { algorithm: "ECDSA", size: 256 },
    },
  });
}

/** Every exported handler of app/api whose route wrapper declares a write. */
async function writeRoutes(): Promise<{ method: string; urlPath: string; handler: RouteHandler }[]> {
  const out: { method: string; urlPath: string; handler: RouteHandler }[] = [];
  for (const r of apiRouteFiles()) {
    const mod = (await import(r.file)) as Record<string, unknown>;
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const h = mod[method] as RouteHandler | undefined;
      if (h?.spec?.writes) out.push({ method, urlPath: r.urlPath, handler: h });
    }
  }
  return out;
}

let logs: string[] = [];
const auditLines = () =>
  logs.flatMap((l) => {
    try {
      const v = JSON.parse(l) as Json;
      return v.audit ? [v] : [];
    } catch {
      return [];
    }
  });

async function run(c: Case, handler: RouteHandler, name: string): Promise<Response> {
  const { body, params } = c.call(name);
  return handler(request(c.method, body), { params: Promise.resolve(params ?? {}) });
}

const saved = { ...process.env };

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_AUTH;
  process.env.TRUSTDECK_READ_ONLY = "false";
  resetEnvCache();
  resetKubeConfigCache();
  resetIdentityCache();
  kubectl(["create", "namespace", ns]);
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "bootstrap", namespace: ns },
    spec: { selfSigned: {} },
  });
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "root", namespace: ns },
    spec: { isCA: true, commonName: "it-write-root", secretName: "root", issuerRef: { name: "bootstrap" } },
  });
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "ca", namespace: ns },
    spec: { ca: { secretName: "root" } },
  });
  await waitFor("the CA Issuer Ready", () => {
    const i = JSON.parse(kubectl(["-n", ns, "get", "issuer", "ca", "-o", "json"])) as Json;
    return i.status?.conditions?.some((c: Json) => c.type === "Ready" && c.status === "True")
      ? true
      : undefined;
  });
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(" "));
  });
});

afterAll(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  resetEnvCache();
  try {
    kubectl(["delete", "namespace", ns, "--wait=false"]);
  } catch {
    // best effort
  }
});

describe("every write route goes through the one audited write path", () => {
  it("has a case here for each write route the app declares (and no case for a route that does not write)", async () => {
    const declared = (await writeRoutes()).map((r) => `${r.method} ${r.urlPath}`).sort();
    expect(declared).toEqual(CASES.map((c) => `${c.method} ${c.urlPath}`).sort());
  });

  it.each(CASES.map((c) => [`${c.method} ${c.urlPath}`, c] as const))(
    "%s records an Event on its object and one audit line",
    async (_label, c) => {
      const handler = (await writeRoutes()).find(
        (r) => r.method === c.method && r.urlPath === c.urlPath,
      )!.handler;
      const name = `w-${c.action.replace(/[^a-z]/g, "")}-${c.urlPath.length}`;
      await c.prepare?.(name);
      logs = [];
      const res = await run(c, handler, name);
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      const ev = c.event(name);
      const events = await waitFor(`the ${ev.reason} Event on ${ev.kind} ${ev.name}`, () => {
        const found = trustdeckEvents().filter(
          (e) =>
            e.involvedObject.kind === ev.kind && e.involvedObject.name === ev.name && e.reason === ev.reason,
        );
        return found.length > 0 ? found : undefined;
      });
      expect(events[0]?.message).toContain("trustdeck-admin");
      const lines = auditLines().filter((l) => l.action === c.action && l.result === "ok");
      expect(lines.map((l) => l.object.name)).toContain(ev.name);
      expect(lines.every((l) => l.who === "trustdeck-admin")).toBe(true);
    },
  );

  it("refuses every write in read-only mode with the one message, records it, and changes nothing", async () => {
    process.env.TRUSTDECK_READ_ONLY = "true";
    resetEnvCache();
    try {
      const routes = await writeRoutes();
      const eventsBefore = trustdeckEvents().length;
      for (const c of CASES) {
        const name = `ro-${c.action.replace(/[^a-z]/g, "")}-${c.urlPath.length}`;
        await c.prepare?.(name);
        logs = [];
        const handler = routes.find((r) => r.method === c.method && r.urlPath === c.urlPath)!.handler;
        const res = await run(c, handler, name);
        expect(res.status, `${c.method} ${c.urlPath}`).toBe(403);
        expect((await res.json()).error.message).toBe(READ_ONLY_MESSAGE);
        expect(auditLines().filter((l) => l.result === "refused" && l.action === c.action)).toHaveLength(1);
        if (c.creates) expect(exists(c.creates.kind, name)).toBe(false);
      }
      expect(trustdeckEvents().length).toBe(eventsBefore);
      // A dry run changes nothing, so read-only mode lets it through.
      const bulk = routes.find((r) => r.urlPath === "/api/certificates/renew")!.handler;
      const dry = await bulk(request("POST", { selection: { namespace: ns }, dryRun: true }));
      expect(dry.status).toBe(200);
    } finally {
      process.env.TRUSTDECK_READ_ONLY = "false";
      resetEnvCache();
    }
  });
});
