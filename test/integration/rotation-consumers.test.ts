import crypto, { X509Certificate } from "node:crypto";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRotationRoute, POST as postRotation } from "@/app/api/rotation/[namespace]/[name]/route";
import { GET as getBundles } from "@/app/api/trust/bundles/route";
import { GET as getTrust } from "@/app/api/trust/route";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type { RotationView } from "@/lib/rotation/service";
import type { BundleRow } from "@/lib/trust/bundles";
import type { TrustGraphDto } from "@/lib/trust/dto";
import { loadWorkloads } from "@/lib/trust/workload-source";
import type { ListResponse } from "@/lib/types";
import { applyJson as apply, KUBECONFIG, kubectl, until } from "./helpers/kubectl";

// A CA rotation whose consumer already reads a trust-manager Bundle of its own: the rotation adds the
// new CA to that Bundle's sources (undo takes exactly it back) instead of repointing the consumer.
// And the workloads mounting a Bundle target or the CA's Secret: Pods created in the API server (this
// plane has no scheduler or kubelet, so they stay Pending; nothing else is needed to list them).
// Judged with kubectl and node:crypto, not with Trustdeck's own reading.

const ns = `it-rot-${crypto.randomBytes(3).toString("hex")}`;
const BUNDLE = `${ns}-trust`;
const OWN_BUNDLE = `trustdeck-${ns}-selfsigned-ca`;
const ADMIN = "trustdeck-admin";

// biome-ignore lint/suspicious/noExplicitAny: kubectl JSON
type Json = Record<string, any>;

function req(method: string, body?: unknown): Request {
  return new Request(`http://127.0.0.1/api/rotation/${ns}/selfsigned-ca`, {
    method,
    headers: {
      "content-type": "application/json",
      origin: "http://127.0.0.1",
      cookie: `trustdeck-context=${ADMIN}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const params = { params: Promise.resolve({ namespace: ns, name: "selfsigned-ca" }) };

async function view(): Promise<RotationView> {
  const res = await getRotationRoute(req("GET"), params);
  expect(res.status).toBe(200);
  return (await res.json()) as RotationView;
}

async function step(s: string, direction: "apply" | "undo" = "apply") {
  const res = await postRotation(req("POST", { step: s, direction }), params);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const getJson = (args: string[]): Json => JSON.parse(kubectl([...args, "-o", "json"])) as Json;
const fp = (pem: string) => new X509Certificate(pem).fingerprint256;
const pems = (text: string | undefined) =>
  text?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
function secretPem(name: string, key: string): string {
  const b64 = kubectl(["-n", ns, "get", "secret", name, "-o", `jsonpath={.data.${key.replace(".", "\\.")}}`]);
  return Buffer.from(b64, "base64").toString("utf8");
}
/** Fingerprints of the Bundle's inLine sources, as kubectl reads the object. */
const bundleInLine = () =>
  (getJson(["get", "bundles.trust.cert-manager.io", BUNDLE]).spec.sources as Json[])
    .filter((s) => s.inLine)
    .flatMap((s) => pems(s.inLine).map(fp))
    .sort();

function pod(name: string, volume: Json, meta: Json = {}) {
  apply({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, ...meta },
    spec: {
      containers: [{ name: "app", image: "registry.invalid/app:1" }],
      volumes: [{ name: "trust", ...volume }],
    },
  });
}

let oldPem = "";

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_READ_ONLY;
  resetEnvCache();
  resetKubeConfigCache();
  kubectl(["create", "namespace", ns]);
  const cert = (name: string, spec: Json) =>
    apply({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name, namespace: ns }, spec });
  cert("selfsigned-ca", {
    isCA: true,
    commonName: "selfsigned-ca",
    secretName: "root-secret",
    privateKey: { algorithm: "ECDSA", size: 256 },
    issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer", group: "cert-manager.io" },
  });
  apply({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: "ca-issuer", namespace: ns },
    spec: { ca: { secretName: "root-secret" } },
  });
  cert("curl-client", {
    secretName: "curl-secret",
    commonName: "curl",
    usages: ["client auth"],
    issuerRef: { name: "ca-issuer", kind: "Issuer" },
  });
  oldPem = await until(() => pems(secretPem("root-secret", "tls.crt"))[0], 90_000);
  // The consumer's own Bundle: the old CA inLine, a ca.crt Secret in this namespace.
  apply({
    apiVersion: "trust.cert-manager.io/v1alpha1",
    kind: "Bundle",
    metadata: { name: BUNDLE },
    spec: {
      sources: [{ inLine: oldPem }],
      target: {
        secret: { key: "ca.crt" },
        namespaceSelector: {
          matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [ns] }],
        },
      },
    },
  });
  await until(() => pems(secretPem(BUNDLE, "ca.crt")).length === 1, 90_000);
  apply({
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixTls",
    metadata: { name: "mtls-tls", namespace: ns },
    spec: {
      ingressClassName: "apisix",
      hosts: ["mtls.example.local"],
      secret: { name: "curl-secret", namespace: ns },
      client: { caSecret: { name: BUNDLE, namespace: ns } },
    },
  });
  // Two Pods of a Deployment (through its ReplicaSet) mount the Bundle's target through a projected
  // volume; a bare Pod mounts the CA's own Secret; one mounts something else.
  const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-6b7c9d", controller: true };
  for (const p of ["web-6b7c9d-a1", "web-6b7c9d-b2"])
    pod(
      p,
      { projected: { sources: [{ secret: { name: BUNDLE, items: [{ key: "ca.crt", path: "ca.crt" }] } }] } },
      {
        labels: { "pod-template-hash": "6b7c9d" },
        ownerReferences: [{ ...rs, uid: crypto.randomUUID() }],
      },
    );
  pod("signer-debug", { secret: { secretName: "root-secret" } });
  pod("unrelated", { secret: { secretName: "curl-secret" } });
}, 180_000);

// No garbage collector and no namespace controller here: delete what this test and the rotation made.
afterAll(() => {
  const del = (args: string[]) => {
    try {
      kubectl([...args, "--ignore-not-found", "--wait=false"]);
    } catch {
      // best effort
    }
  };
  del(["-n", ns, "delete", "pods", "--all", "--grace-period=0", "--force"]);
  del(["delete", "bundles.trust.cert-manager.io", BUNDLE, OWN_BUNDLE]);
  del(["-n", ns, "delete", "apisixtls", "--all"]);
  del(["-n", ns, "delete", "certificates.cert-manager.io", "--all"]);
  del(["-n", ns, "delete", "certificaterequests.cert-manager.io", "--all"]);
  del(["-n", ns, "delete", "issuers.cert-manager.io", "--all"]);
  del(["-n", ns, "delete", "configmap", "trustdeck-rotation-selfsigned-ca"]);
  del(["-n", ns, "delete", "secrets", "--all"]);
  del(["delete", "namespace", ns]);
});

describe("a rotation whose consumer already reads a Bundle", () => {
  it("plans the consumer as a Bundle reader and shows the workloads mounting the Bundle's target and the CA's Secret", async () => {
    const v = await view();
    expect(v.plan.consumers).toEqual([
      expect.objectContaining({ name: "mtls-tls", reads: "bundle", bundle: BUNDLE }),
    ]);
    expect(v.workloads.hidden).toEqual([]);
    expect(v.workloads.workloads).toEqual([
      {
        namespace: ns,
        kind: "Deployment",
        name: "web",
        pods: ["web-6b7c9d-a1", "web-6b7c9d-b2"],
        mounts: [`Secret ${BUNDLE}`],
      },
      {
        namespace: ns,
        kind: "Pod",
        name: "signer-debug",
        pods: ["signer-debug"],
        mounts: ["Secret root-secret"],
      },
    ]);

    // The Bundles page shows the same workloads on the Bundle's row.
    const res = await getBundles(
      new Request("http://127.0.0.1/api/trust/bundles", {
        headers: { cookie: `trustdeck-context=${ADMIN}` },
      }),
    );
    const row = ((await res.json()) as ListResponse<BundleRow>).items.find((b) => b.name === BUNDLE);
    expect(row?.workloads?.workloads.map((w) => `${w.kind} ${w.name} ${w.pods.length}`)).toEqual([
      "Deployment web 2",
    ]);

    // And the trust graph draws them: Bundle target / CA issuer's Secret -> mounted by -> workload.
    const g = await getTrust(
      new Request(`http://127.0.0.1/api/trust?namespace=${ns}`, {
        headers: { cookie: `trustdeck-context=${ADMIN}` },
      }),
    );
    const graph = (await g.json()) as TrustGraphDto;
    expect(
      graph.edges
        .filter((e) => e.kind === "mounted-by")
        .map((e) => `${e.from} ${e.to}`)
        .sort(),
    ).toEqual([
      `secret:${ns}/${BUNDLE} workload:${ns}/Deployment web`,
      `secret:${ns}/root-secret workload:${ns}/Pod signer-debug`,
    ]);
  });

  it("names the namespace where RBAC denies listing pods (the viewer identity), instead of failing", async () => {
    const seen = await loadWorkloads([{ kind: "Secret", namespace: ns, name: BUNDLE }], {
      context: "trustdeck-viewer",
    });
    expect(seen).toEqual({
      workloads: [],
      hidden: [{ namespace: ns, message: `workloads not visible: RBAC denies list pods in ${ns}` }],
    });
    // kubectl as the same identity agrees (`auth can-i` answers "no" with exit status 1).
    let answer = "";
    try {
      answer = kubectl(["auth", "can-i", "list", "pods", "-n", ns], "trustdeck-viewer");
    } catch (err) {
      answer = String((err as { stdout?: string }).stdout ?? "");
    }
    expect(answer.trim()).toBe("no");
  });

  it("distribute adds the new CA to that Bundle's sources (previewed first), undo takes exactly it back", async () => {
    await step("issue-new");
    const newPem = pems(secretPem("root-secret-r2", "tls.crt"))[0] ?? "";
    expect(fp(newPem)).not.toBe(fp(oldPem));

    // The preview names the exact patch before anything is written.
    const before = await view();
    expect(before.next?.step).toBe("distribute");
    expect(before.next?.writes.map((w) => `${w.action} ${w.kind} ${w.name}`)).toEqual([
      `merge-patch Bundle ${BUNDLE}`,
      `wait Secret ${BUNDLE}`,
    ]);
    const previewed = ((before.next?.writes[0]?.body ?? {}) as Json).spec.sources as Json[];
    expect(previewed.flatMap((s) => pems(s.inLine).map(fp)).sort()).toEqual([fp(oldPem), fp(newPem)].sort());

    const applied = await step("distribute");
    expect(applied.detail).toContain(`Bundle(s) ${BUNDLE}`);
    expect(bundleInLine()).toEqual([fp(oldPem), fp(newPem)].sort());
    // trust-manager wrote both into the target the consumer reads; the consumer was not repointed and
    // the rotation made no Bundle of its own.
    expect(pems(secretPem(BUNDLE, "ca.crt")).map(fp).sort()).toEqual([fp(oldPem), fp(newPem)].sort());
    expect(getJson(["-n", ns, "get", "apisixtls", "mtls-tls"]).spec.client.caSecret).toEqual({
      name: BUNDLE,
      namespace: ns,
    });
    expect(
      kubectl([
        "get",
        "bundles.trust.cert-manager.io",
        OWN_BUNDLE,
        "--ignore-not-found",
        "-o",
        "name",
      ]).trim(),
    ).toBe("");

    // Verify both, probing the configured gateway (TRUSTDECK_GATEWAY_ADDRESS): a TLS server on
    // 127.0.0.1 that accepts only clients verified by exactly what the consumer reads now.
    const gw = tls.createServer(
      {
        key: secretPem("curl-secret", "tls.key"),
        cert: secretPem("curl-secret", "tls.crt"),
        ca: secretPem(BUNDLE, "ca.crt"),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => socket.on("error", () => {}),
    );
    gw.on("tlsClientError", () => {});
    const open = new Set<import("node:net").Socket>();
    gw.on("connection", (c) => {
      open.add(c);
      c.on("close", () => open.delete(c));
    });
    await new Promise<void>((r) => gw.listen(0, "127.0.0.1", r));
    process.env.TRUSTDECK_GATEWAY_ADDRESS = `127.0.0.1:${(gw.address() as { port: number }).port}`;
    resetEnvCache();
    try {
      const verified = await step("verify-both");
      expect(verified.detail).toContain("1 probe handshake(s) accepted");
      const v = await view();
      expect(v.gateway).toBe(process.env.TRUSTDECK_GATEWAY_ADDRESS);
      expect(v.state?.probes?.["verify-both"]?.[0]?.probe.words).toEqual([
        `probe ${process.env.TRUSTDECK_GATEWAY_ADDRESS}: handshake ok with a client cert from the old CA (${ns}/curl-client)`,
      ]);
      await step("verify-both", "undo");
    } finally {
      delete process.env.TRUSTDECK_GATEWAY_ADDRESS;
      resetEnvCache();
      for (const c of open) c.destroy();
      gw.close();
    }

    const undo = await view();
    expect(undo.undo?.writes.map((w) => `${w.action} ${w.kind} ${w.name}`)).toEqual([
      `merge-patch Bundle ${BUNDLE}`,
    ]);
    await step("distribute", "undo");
    expect(bundleInLine()).toEqual([fp(oldPem)]);
    await until(() => pems(secretPem(BUNDLE, "ca.crt")).length === 1, 60_000);
    await step("issue-new", "undo");

    // Each step (and each undo) is an Event on the CA Certificate.
    const events = (getJson(["-n", ns, "get", "events"]).items as Json[]).filter(
      (e) => e.reason === "TrustdeckRotation" && e.involvedObject?.name === "selfsigned-ca",
    );
    expect(events.map((e) => e.message).join("\n")).toMatch(/added to Bundle\(s\)|new CA was added/);
    expect(events.length).toBeGreaterThanOrEqual(4);
  });
});
