import { execFileSync } from "node:child_process";
import crypto, { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as accessRoute } from "@/app/api/access/route";
import { POST as approveRoute } from "@/app/api/certificaterequests/[namespace]/[name]/approve/route";
import { POST as denyRoute } from "@/app/api/certificaterequests/[namespace]/[name]/deny/route";
import { POST as renewRoute } from "@/app/api/certificates/[namespace]/[name]/renew/route";
import { POST as rotateRoute } from "@/app/api/certificates/[namespace]/[name]/rotate/route";
import { POST as bulkRenewRoute } from "@/app/api/certificates/renew/route";
import { POST as issueRoute } from "@/app/api/certificates/route";
import { resetEnvCache } from "@/lib/env";
import { resetIdentityCache } from "@/lib/k8s/access-review";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// Lifecycle actions through the route handlers, against the real kube-apiserver + cert-manager.
const ns = `it-act-${crypto.randomBytes(3).toString("hex")}`;
const VIEWER = "trustdeck-viewer";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "it-actions-"));

type Json = Record<string, any>;

function apply(obj: unknown) {
  execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "apply", "-f", "-"], {
    input: JSON.stringify(obj),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

function getJson(kind: string, name: string): Json {
  return JSON.parse(kubectl(["-n", ns, "get", kind, name, "-o", "json"]));
}

function listNames(kind: string): string[] {
  const list = JSON.parse(kubectl(["-n", ns, "get", kind, "-o", "json"])) as { items: Json[] };
  return list.items.map((i) => i.metadata.name as string).sort();
}

function cond(obj: Json, type: string): Json | undefined {
  return (obj.status?.conditions ?? []).find((c: Json) => c.type === type);
}

async function waitFor<T>(what: string, fn: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

const readyAt = (name: string, revision?: number) =>
  waitFor(`${name} Ready${revision ? ` at revision ${revision}` : ""}`, () => {
    const c = getJson("certificate", name);
    const ready = cond(c, "Ready")?.status === "True" && cond(c, "Issuing")?.status !== "True";
    return ready && (revision === undefined || c.status?.revision === revision) ? c : undefined;
  });

function leafOf(secret: string): X509Certificate {
  const b64 = kubectl(["-n", ns, "get", "secret", secret, "-o", "jsonpath={.data.tls\\.crt}"]);
  return new X509Certificate(Buffer.from(b64, "base64").toString("utf8"));
}

function spkiFingerprint(cert: X509Certificate): string {
  return crypto
    .createHash("sha256")
    .update(cert.publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

function eventsFor(name: string, reason: string): Json[] {
  const list = JSON.parse(
    kubectl([
      "-n",
      ns,
      "get",
      "events",
      "--field-selector",
      `involvedObject.name=${name},reason=${reason}`,
      "-o",
      "json",
    ]),
  ) as { items: Json[] };
  return list.items;
}

function post(url: string, body?: unknown, opts: { context?: string; raw?: string } = {}): Request {
  const headers: Record<string, string> = { "content-type": "application/json", origin: "http://127.0.0.1" };
  if (opts.context) headers.cookie = `trustdeck-context=${opts.context}`;
  const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return new Request(`http://127.0.0.1${url}`, { method: "POST", body: payload, headers });
}

const params = (name: string) => ({ params: Promise.resolve({ namespace: ns, name }) });

function issueBody(name: string, over: Json = {}): Json {
  return {
    namespace: ns,
    name,
    secretName: `${name}-tls`,
    issuerRef: { name: "ca", kind: "Issuer" },
    dnsNames: [`${name}.example.test`],
    usages: ["digital signature", "key encipherment", "server auth"],
    privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
    ...over,
  };
}

async function issue(name: string, over: Json = {}) {
  const res = await issueRoute(post("/api/certificates", issueBody(name, over)));
  expect(res.status, await res.clone().text()).toBe(201);
  return settled(name);
}

/**
 * Ready, and the same revision over three polls. Under load cert-manager's trigger can fire twice
 * for a new Certificate ("Issuing certificate as Secret does not exist" with count 2: its Secret
 * cache lags the write), issuing revision 2 on its own; tests count revisions from where it settles.
 */
async function settled(name: string): Promise<Json> {
  let last: Json | undefined;
  let same = 0;
  return waitFor(`${name} Ready at a settled revision`, () => {
    const c = getJson("certificate", name);
    const ready = cond(c, "Ready")?.status === "True" && cond(c, "Issuing")?.status !== "True";
    same = ready && last && c.status?.revision === last.status?.revision ? same + 1 : 0;
    last = ready ? c : undefined;
    return same >= 3 && c.status?.revision >= 1 ? c : undefined;
  });
}

function pendingRequest(name: string) {
  const key = path.join(tmp, `${name}.key`);
  const csr = execFileSync(
    "openssl",
    ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-subj", `/CN=${name}.example.test`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "CertificateRequest",
    metadata: { name, namespace: ns },
    spec: {
      request: Buffer.from(csr).toString("base64"),
      // An external group: the built-in approver leaves it pending.
      issuerRef: { name: "external", kind: "Issuer", group: "issuers.example.com" },
      usages: ["digital signature", "key encipherment", "client auth"],
    },
  });
}

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_READ_ONLY;
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
    spec: {
      isCA: true,
      commonName: "it-actions-root",
      secretName: "root",
      issuerRef: { name: "bootstrap", kind: "Issuer" },
    },
  });
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "ca", namespace: ns },
    spec: { ca: { secretName: "root" } },
  });
  await waitFor(
    "CA issuer Ready",
    () => (cond(getJson("issuer", "ca"), "Ready")?.status === "True" ? true : undefined),
    90_000,
  );
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  // No garbage collector: a fresh namespace per run; deleting it is best effort.
  try {
    kubectl(["delete", "namespace", ns, "--wait=false"]);
  } catch {
    // ignore
  }
});

describe("issue", () => {
  it("creates a Certificate that cert-manager makes Ready, whose tls.crt verifies against ca.crt", async () => {
    const res = await issueRoute(post("/api/certificates", issueBody("web")));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ namespace: ns, name: "web", identity: "trustdeck-admin" });
    expect(JSON.stringify(body)).not.toMatch(/PRIVATE KEY/);

    const crt = await settled("web");
    expect(crt.spec).toMatchObject({
      secretName: "web-tls",
      issuerRef: { name: "ca", kind: "Issuer", group: "cert-manager.io" },
      dnsNames: ["web.example.test"],
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
    });
    const leaf = leafOf("web-tls");
    const caB64 = kubectl(["-n", ns, "get", "secret", "web-tls", "-o", "jsonpath={.data.ca\\.crt}"]);
    const ca = new X509Certificate(Buffer.from(caB64, "base64").toString("utf8"));
    expect(leaf.subjectAltName).toContain("web.example.test");
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(ca.subject).toContain("CN=it-actions-root");

    const events = eventsFor("web", "TrustdeckIssue");
    expect(events).toHaveLength(1);
    expect(events[0]?.source?.component).toBe("trustdeck");
    expect(events[0]?.message).toMatch(/trustdeck-admin/);
    expect(events[0]?.involvedObject).toMatchObject({
      kind: "Certificate",
      name: "web",
      uid: crt.metadata.uid,
    });
  });

  it("refuses invalid input with 422/413/400 naming the field, and creates nothing", async () => {
    const before = listNames("certificates");
    const cases: [Json, string][] = [
      [issueBody("bad-dns", { dnsNames: ["ok.example.test", "bad_name.example.test"] }), "dnsNames.1"],
      [issueBody("short", { duration: "30m" }), "duration"],
      [issueBody("orphan", { issuerRef: { name: "no-such-issuer", kind: "Issuer" } }), "issuerRef.name"],
      [
        issueBody("orphan2", { issuerRef: { name: "no-such-cluster-issuer", kind: "ClusterIssuer" } }),
        "issuerRef.name",
      ],
    ];
    for (const [body, field] of cases) {
      const res = await issueRoute(post("/api/certificates", body));
      expect(res.status).toBe(422);
      const err = ((await res.json()) as Json).error;
      expect(err.issues.map((i: Json) => i.path)).toContain(field);
    }
    const unknown = await issueRoute(
      post(
        "/api/certificates",
        issueBody("orphan", { issuerRef: { name: "no-such-issuer", kind: "Issuer" } }),
      ),
    );
    expect(((await unknown.json()) as Json).error.issues[0].message).toMatch(
      /Issuer "no-such-issuer" does not exist/,
    );

    const big = await issueRoute(
      post("/api/certificates", undefined, {
        raw: JSON.stringify(issueBody("big", { commonName: "x".repeat(70_000) })),
      }),
    );
    expect(big.status).toBe(413);
    const malformed = await issueRoute(post("/api/certificates", undefined, { raw: '{"namespace": ' }));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).error.message).toMatch(/malformed JSON/);

    expect(listNames("certificates")).toEqual(before);
  });

  it("the viewer gets the cluster's 403 naming create on certificates", async () => {
    const res = await issueRoute(post("/api/certificates", issueBody("viewer-made"), { context: VIEWER }));
    expect(res.status).toBe(403);
    const err = ((await res.json()) as Json).error;
    expect(err.message).toContain('User "trustdeck-viewer" cannot create resource "certificates"');
    expect(err.denied).toMatchObject({ verb: "create", resource: "certificates" });
    expect(listNames("certificates")).not.toContain("viewer-made");
  });
});

describe("renew and rotate", () => {
  it("renew raises status.revision by exactly one and changes the serial, as cmctl renew", async () => {
    const before = await issue("renew-me");
    const oldLeaf = leafOf("renew-me-tls");
    const res = await renewRoute(post(`/api/certificates/${ns}/renew-me/renew`, {}), params("renew-me"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.previous).toMatchObject({
      revision: before.status.revision,
      serialNumber: expect.any(String),
    });
    expect(body.previous.serialNumber.replace(/:/g, "").toUpperCase()).toBe(
      oldLeaf.serialNumber.toUpperCase(),
    );
    expect(body.rotationPolicy).toBe("Always");

    const after = await readyAt("renew-me", before.status.revision + 1);
    expect(after.status.revision).toBe(before.status.revision + 1);
    expect(leafOf("renew-me-tls").serialNumber).not.toBe(oldLeaf.serialNumber);
    // cert-manager removes Issuing after the issuance; other conditions survived the status update
    expect(cond(after, "Ready")?.status).toBe("True");
    const events = eventsFor("renew-me", "TrustdeckRenew");
    expect(events).toHaveLength(1);
    expect(events[0]?.message).toMatch(/trustdeck-admin/);
  });

  it("renews a Certificate that is already being issued, as cmctl does (no refusal)", async () => {
    // An issuer that never signs keeps Issuing=True.
    apply({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "stuck", namespace: ns },
      spec: {
        secretName: "stuck-tls",
        dnsNames: ["stuck.example.test"],
        issuerRef: { name: "missing", kind: "Issuer" },
      },
    });
    await waitFor("stuck Issuing", () =>
      cond(getJson("certificate", "stuck"), "Issuing")?.status === "True" ? true : undefined,
    );
    const res = await renewRoute(post(`/api/certificates/${ns}/stuck/renew`, {}), params("stuck"));
    expect(res.status).toBe(200);
    const issuing = cond(getJson("certificate", "stuck"), "Issuing");
    expect(issuing?.status).toBe("True");
    expect(issuing?.reason).toBe("ManuallyTriggered");
  });

  it("renew under rotationPolicy Never keeps the key; rotate switches to Always and changes it", async () => {
    const base = await issue("rotate-me", {
      privateKey: { algorithm: "RSA", size: 2048, encoding: "PKCS1", rotationPolicy: "Never" },
    });
    const key1 = spkiFingerprint(leafOf("rotate-me-tls"));

    const renewed = await renewRoute(
      post(`/api/certificates/${ns}/rotate-me/renew`, {}),
      params("rotate-me"),
    );
    expect(((await renewed.json()) as Json).newKeyExpected).toBe(false);
    await readyAt("rotate-me", base.status.revision + 1);
    expect(spkiFingerprint(leafOf("rotate-me-tls"))).toBe(key1);

    const res = await rotateRoute(post(`/api/certificates/${ns}/rotate-me/rotate`, {}), params("rotate-me"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.policyChanged).toEqual({ from: "Never", to: "Always" });
    expect(body.previousPublicKeyFingerprint).toMatch(/[0-9A-Fa-f:]{32,}/);
    expect(getJson("certificate", "rotate-me").spec.privateKey).toMatchObject({
      rotationPolicy: "Always",
      size: 2048,
    });

    await readyAt("rotate-me", base.status.revision + 2);
    expect(spkiFingerprint(leafOf("rotate-me-tls"))).not.toBe(key1);
    expect(eventsFor("rotate-me", "TrustdeckRotate")[0]?.message).toMatch(
      /rotationPolicy changed from Never to Always/,
    );
  });

  it("the viewer's renew and rotate get the cluster's 403 naming the verb and resource", async () => {
    const renew = await renewRoute(
      post(`/api/certificates/${ns}/web/renew`, {}, { context: VIEWER }),
      params("web"),
    );
    expect(renew.status).toBe(403);
    const err = ((await renew.json()) as Json).error;
    expect(err.message).toContain('cannot update resource "certificates/status"');
    expect(err.denied).toMatchObject({ verb: "update", resource: "certificates/status" });

    const rotate = await rotateRoute(
      post(`/api/certificates/${ns}/web/rotate`, {}, { context: VIEWER }),
      params("web"),
    );
    expect(rotate.status).toBe(403);
    // web's rotationPolicy is already Always: rotate goes straight to the status update
    expect(((await rotate.json()) as Json).error.denied).toMatchObject({
      verb: "update",
      resource: "certificates/status",
    });
    expect(getJson("certificate", "web").status.revision).toBe(1);
  });
});

describe("bulk renew", () => {
  it("dry-runs the selection with an ACME warning, then renews each and reports per certificate", async () => {
    const [bulkA, bulkB] = await Promise.all([issue("bulk-a"), issue("bulk-b")]);
    apply({
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "letsencrypt", namespace: ns },
      spec: {
        acme: {
          server: "https://acme.invalid/directory",
          privateKeySecretRef: { name: "acme-account" },
          solvers: [{ http01: { ingress: {} } }],
        },
      },
    });
    apply({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "bulk-acme", namespace: ns },
      spec: {
        secretName: "bulk-acme-tls",
        dnsNames: ["acme.example.test"],
        issuerRef: { name: "letsencrypt", kind: "Issuer" },
      },
    });

    const dry = await bulkRenewRoute(
      post("/api/certificates/renew", { selection: { namespace: ns, filter: { q: "bulk-" } }, dryRun: true }),
    );
    expect(dry.status).toBe(200);
    const plan = (await dry.json()) as Json;
    expect(plan.count).toBe(3);
    expect(plan.acme.map((t: Json) => t.name)).toEqual(["bulk-acme"]);
    expect(plan.warning).toMatch(/ACME.*Issuer\/letsencrypt.*rate limits/);
    // a dry run changes nothing
    expect(getJson("certificate", "bulk-a").status.revision).toBe(bulkA.status.revision);

    const run = await bulkRenewRoute(
      post("/api/certificates/renew", {
        selection: {
          names: [
            { namespace: ns, name: "bulk-a" },
            { namespace: ns, name: "bulk-b" },
            { namespace: ns, name: "gone" },
          ],
        },
      }),
    );
    const result = (await run.json()) as Json;
    expect(result).toMatchObject({ dryRun: false, count: 3, succeeded: 2, failed: 1 });

    // Without dryRun, an empty or filter-only selection is refused (it renewed everything before);
    // with the dry run's count it goes ahead, and a count that no longer matches is refused.
    for (const selection of [{}, { namespace: ns }, { namespace: ns, filter: { q: "bulk-" } }]) {
      const refused = await bulkRenewRoute(post("/api/certificates/renew", { selection }));
      expect(refused.status, JSON.stringify(selection)).toBe(422);
      expect(((await refused.json()) as Json).error.message).toMatch(/explicit names.*expectedCount/);
    }
    const stale = await bulkRenewRoute(
      post("/api/certificates/renew", {
        selection: { namespace: ns, filter: { q: "bulk-" } },
        expectedCount: 2,
      }),
    );
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Json).error.message).toMatch(/now matches 3 certificates, not the 2/);
    expect(result.results.find((r: Json) => r.name === "gone")).toMatchObject({ ok: false, status: 404 });
    await Promise.all([
      readyAt("bulk-a", bulkA.status.revision + 1),
      readyAt("bulk-b", bulkB.status.revision + 1),
    ]);
  });
});

describe("approve and deny", () => {
  it("approves a pending request (Approved=True via /status), and refuses a second approve with 409", async () => {
    pendingRequest("to-approve");
    const res = await approveRoute(
      post(`/api/certificaterequests/${ns}/to-approve/approve`, {}),
      params("to-approve"),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ decision: "approved", reason: "KubectlCertManager" });

    const cr = getJson("certificaterequest", "to-approve");
    expect(cond(cr, "Approved")).toMatchObject({
      status: "True",
      reason: "KubectlCertManager",
      message: "manually approved by Trustdeck",
    });
    expect(cond(cr, "Denied")).toBeUndefined();

    const again = await approveRoute(
      post(`/api/certificaterequests/${ns}/to-approve/approve`, {}),
      params("to-approve"),
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).error.message).toMatch(/is already approved/);
    const deny = await denyRoute(
      post(`/api/certificaterequests/${ns}/to-approve/deny`, {}),
      params("to-approve"),
    );
    expect(deny.status).toBe(409);
    expect(eventsFor("to-approve", "TrustdeckApprove")).toHaveLength(1);
  });

  it("denies another with the given reason and message", async () => {
    pendingRequest("to-deny");
    const res = await denyRoute(
      post(`/api/certificaterequests/${ns}/to-deny/deny`, {
        reason: "PolicyViolation",
        message: "not on the allow list",
      }),
      params("to-deny"),
    );
    expect(res.status).toBe(200);
    const cr = getJson("certificaterequest", "to-deny");
    expect(cond(cr, "Denied")).toMatchObject({
      status: "True",
      reason: "PolicyViolation",
      message: "not on the allow list",
    });
    expect(cond(cr, "Approved")).toBeUndefined();
    const again = await approveRoute(
      post(`/api/certificaterequests/${ns}/to-deny/approve`, {}),
      params("to-deny"),
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).error.message).toMatch(/is already denied/);
    expect(eventsFor("to-deny", "TrustdeckDeny")[0]?.message).toMatch(
      /PolicyViolation: not on the allow list/,
    );
  });

  it("the viewer's approve gets 403 naming update on certificaterequests/status, and the request stays pending", async () => {
    pendingRequest("viewer-try");
    const res = await approveRoute(
      post(`/api/certificaterequests/${ns}/viewer-try/approve`, {}, { context: VIEWER }),
      params("viewer-try"),
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as Json).error.denied).toMatchObject({
      verb: "update",
      resource: "certificaterequests/status",
    });
    const cr = getJson("certificaterequest", "viewer-try");
    expect(cond(cr, "Approved")).toBeUndefined();
    expect(cond(cr, "Denied")).toBeUndefined();
  });
});

describe("access", () => {
  it("reports every action allowed for the admin and denied, with the reason, for the viewer", async () => {
    const admin = (await (
      await accessRoute(new Request(`http://127.0.0.1/api/access?namespace=${ns}`))
    ).json()) as Json;
    expect(admin.identity).toBe("trustdeck-admin");
    for (const a of ["issue", "renew", "rotate", "approve", "deny"])
      expect(admin.actions[a].allowed).toBe(true);

    const res = await accessRoute(
      new Request(`http://127.0.0.1/api/access?namespace=${ns}`, {
        headers: { cookie: `trustdeck-context=${VIEWER}` },
      }),
    );
    const viewer = (await res.json()) as Json;
    expect(viewer.identity).toBe("trustdeck-viewer");
    expect(viewer.actions.renew).toEqual({
      allowed: false,
      reason: `Your identity trustdeck-viewer may not update certificates/status in namespace ${ns}`,
    });
    expect(viewer.actions.issue.reason).toMatch(/may not create certificates/);
    expect(viewer.actions.rotate.reason).toMatch(/may not patch certificates/);
    expect(viewer.actions.approve.reason).toMatch(/may not update certificaterequests\/status/);
    expect(viewer.events.allowed).toBe(false);
  });
});
