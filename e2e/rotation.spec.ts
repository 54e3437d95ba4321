import crypto, { X509Certificate } from "node:crypto";
import tls from "node:tls";
import { kubectl } from "./cluster";
import { expect, test } from "./fixtures";
import { TrustPage } from "./pages/trust-page";
import { shots } from "./shots";

// A CA rotation of a per-run copy of the seeded PKI (its own namespace: the seeded `tls` PKI is
// shared by every other test of `npm test`). At every step a client holding curl-client's
// certificate must get through a local mTLS server that trusts exactly what the ApisixTls's
// client.caSecret holds (read with kubectl, as APISIX's controller reads it: `cert`, then
// `tls.crt`, then `ca.crt`), verified by Node's TLS (OpenSSL).

const ns = `e2e-rot-${crypto.randomBytes(3).toString("hex")}`;
const BUNDLE = `trustdeck-${ns}-selfsigned-ca`;

// biome-ignore lint/suspicious/noExplicitAny: kubectl JSON
type Json = Record<string, any>;

function apply(obj: Json) {
  kubectl(["apply", "-f", "-"], JSON.stringify(obj));
}

function getJson(args: string[]): Json {
  return JSON.parse(kubectl([...args, "-o", "json"])) as Json;
}

function secretData(name: string, namespace = ns): Record<string, string> {
  const data = (getJson(["-n", namespace, "get", "secret", name]).data ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );
}

function pems(text: string | undefined): string[] {
  return text?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** What the ApisixTls trusts as client CA now: the key APISIX reads from its client.caSecret. */
function trustedClientCas(): string {
  const ref = getJson(["-n", ns, "get", "apisixtls", "mtls-tls"]).spec.client.caSecret as Json;
  const d = secretData(ref.name, ref.namespace || ns);
  return d.cert || d["tls.crt"] || d["ca.crt"] || "";
}

/**
 * One mTLS handshake: a server on 127.0.0.1 with apisix-server's certificate that requires a client
 * certificate verified by `trustedClientCas()`; the client presents curl-client's certificate.
 * Resolves with whether the server accepted the client.
 */
async function clientGetsThrough(): Promise<{ authorized: boolean; error?: string }> {
  const server = secretData("apisix-server-secret");
  const client = secretData("curl-secret");
  const ca = trustedClientCas();
  return new Promise((resolve) => {
    const srv = tls.createServer(
      { key: server["tls.key"], cert: server["tls.crt"], ca, requestCert: true, rejectUnauthorized: false },
      (socket) => {
        const result = socket.authorized
          ? { authorized: true }
          : { authorized: false, error: String(socket.authorizationError) };
        socket.end("ok");
        srv.close();
        resolve(result);
      },
    );
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      const c = tls.connect({
        host: "127.0.0.1",
        port,
        servername: "mtls.example.local",
        key: client["tls.key"],
        cert: client["tls.crt"],
        // the client trusts whatever signed the server (old or new CA)
        ca: [...pems(server["ca.crt"]), ...pems(ca)],
      });
      c.on("error", (err) => {
        srv.close();
        resolve({ authorized: false, error: err.message });
      });
      c.on("data", () => c.end());
    });
  });
}

/**
 * A long-lived stand-in for the gateway: a TLS server on 127.0.0.1 with apisix-server's certificate
 * that refuses any client whose certificate does not verify against `ca` (by default what the
 * ApisixTls trusts now, re-read on `refresh`, as APISIX reloads its client.caSecret). The wizard's
 * verify steps probe it through the endpoint given in the wizard.
 */
async function startGateway() {
  const sockets = new Set<import("node:net").Socket>();
  const context = (ca = trustedClientCas()) => {
    const server = secretData("apisix-server-secret");
    return { key: server["tls.key"], cert: server["tls.crt"], ca };
  };
  const srv = tls.createServer({ ...context(), requestCert: true, rejectUnauthorized: true }, (socket) => {
    socket.on("error", () => {});
  });
  srv.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  srv.on("tlsClientError", () => {});
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    port: (srv.address() as { port: number }).port,
    /** Trust `ca` (default: what the ApisixTls trusts now) for the next handshakes. */
    refresh: (ca?: string) => srv.setSecureContext(context(ca)),
    close: () => {
      for (const s of sockets) s.destroy();
      srv.close();
    },
  };
}

async function expectClientGetsThrough(when: string) {
  const r = await clientGetsThrough();
  expect(r, `client through the mTLS host ${when}`).toEqual({ authorized: true });
}

function ready(kind: string, name: string): boolean {
  const o = getJson(["-n", ns, "get", kind, name]);
  return (o.status?.conditions ?? []).some((c: Json) => c.type === "Ready" && c.status === "True");
}

test.describe.configure({ mode: "serial" });
test.setTimeout(420_000);

let oldCaPem = "";
/** Stops the stand-in gateway (also when the test fails half-way). */
let stopGateway = () => {};

test.beforeAll(async () => {
  kubectl(["create", "namespace", ns]);
  const cert = (name: string, spec: Json) =>
    apply({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name, namespace: ns }, spec });
  cert("selfsigned-ca", {
    isCA: true,
    commonName: "selfsigned-ca",
    secretName: "root-secret",
    duration: "8760h",
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
    emailAddresses: ["curl@localhost.dev"],
    usages: ["client auth"],
    issuerRef: { name: "ca-issuer", kind: "Issuer" },
  });
  cert("apisix-server", {
    secretName: "apisix-server-secret",
    commonName: "apisix",
    dnsNames: ["mtls.example.local"],
    usages: ["server auth"],
    issuerRef: { name: "ca-issuer", kind: "Issuer" },
  });
  apply({
    apiVersion: "apisix.apache.org/v2",
    kind: "ApisixTls",
    metadata: { name: "mtls-tls", namespace: ns },
    spec: {
      ingressClassName: "apisix",
      hosts: ["mtls.example.local"],
      secret: { name: "apisix-server-secret", namespace: ns },
      client: { caSecret: { name: "root-secret", namespace: ns }, depth: 1 },
    },
  });
  // A workload that mounts the CA's own Secret: a Pod of Deployment `trust-reader` (through its
  // ReplicaSet). No scheduler runs here, so it stays Pending; listing it is all the plan needs.
  apply({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "trust-reader-5f6d7c-x1",
      namespace: ns,
      labels: { "pod-template-hash": "5f6d7c" },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "trust-reader-5f6d7c",
          uid: crypto.randomUUID(),
          controller: true,
        },
      ],
    },
    spec: {
      containers: [{ name: "app", image: "registry.invalid/app:1" }],
      // The CA's Secret, and the rotation's Bundle target once trust-manager writes it.
      volumes: [
        { name: "ca", secret: { secretName: "root-secret" } },
        { name: "trust", projected: { sources: [{ secret: { name: BUNDLE, optional: true } }] } },
      ],
    },
  });
  await expect
    .poll(() => ["selfsigned-ca", "curl-client", "apisix-server"].every((c) => ready("certificate", c)), {
      timeout: 120_000,
    })
    .toBe(true);
  oldCaPem = pems(secretData("root-secret")["tls.crt"])[0] ?? "";
});

// No garbage collector and no namespace controller here: delete what the test and the rotation made.
test.afterAll(() => {
  stopGateway();
  const del = (args: string[]) => {
    try {
      kubectl([...args, "--ignore-not-found", "--wait=false"]);
    } catch {
      // best effort
    }
  };
  del(["-n", ns, "delete", "pod", "trust-reader-5f6d7c-x1", "--grace-period=0", "--force"]);
  del(["delete", "bundles.trust.cert-manager.io", BUNDLE]);
  del(["-n", ns, "delete", "apisixtls", "mtls-tls"]);
  del(["-n", ns, "delete", "certificates.cert-manager.io", "--all"]);
  del(["-n", ns, "delete", "certificaterequests.cert-manager.io", "--all"]);
  del(["-n", ns, "delete", "issuers.cert-manager.io", "--all"]);
  del(["-n", ns, "delete", "configmap", `trustdeck-rotation-selfsigned-ca`]);
  del(["-n", ns, "delete", "secrets", "--all"]);
  del(["delete", "namespace", ns]);
});

const STEPS = [
  "issue-new",
  "distribute",
  "verify-both",
  "reissue",
  "verify-new",
  "remove-old",
  "retire",
] as const;

test("rotates the CA step by step while the client keeps getting through the mTLS host", async ({ page }) => {
  await expectClientGetsThrough("before the rotation");
  const gateway = await startGateway();
  stopGateway = gateway.close;
  await page.goto(`/certificates/${ns}/selfsigned-ca`);
  await page.getByTestId("rotate-ca-link").click();
  await expect(page).toHaveURL(new RegExp(`/certificates/${ns}/selfsigned-ca/rotate$`));

  // The plan: the consumer pins the CA's own Secret; both leaves are the old CA's.
  const plan = page.getByTestId("rotation-plan");
  await expect(plan.getByTestId("rotation-consumers")).toContainText(`${ns}/mtls-tls`);
  await expect(plan.getByTestId("rotation-consumers")).toContainText("pins the CA's own Secret");
  await expect(plan.getByTestId("rotation-leaves")).toContainText(`${ns}/curl-client`);
  await expect(plan.getByTestId("rotation-leaves")).toContainText(`${ns}/apisix-server`);
  // The workload mounting the CA's Secret, by its Deployment.
  await expect(plan.getByTestId("rotation-workloads")).toContainText(
    `Deployment ${ns}/trust-reader (1 pod) mounts Secret root-secret`,
  );
  await shots(page, "rotation-plan", "rotation-wizard");

  for (const id of STEPS) {
    const step = page.getByTestId(`step-${id}`);
    await expect(step).toHaveAttribute("data-status", "next");
    if (id === "verify-both") {
      // The gateway still trusts only the new CA (APISIX not reloaded, say): the chains verify, but the
      // live handshake with curl-client (old CA) is refused, so the step must not pass.
      gateway.refresh(pems(secretData("root-secret-r2")["tls.crt"])[0]);
      await step.getByTestId("apply-step").click();
      await step.getByTestId("confirm-step").click();
      await expect(page.getByTestId("step-error")).toContainText(
        `at 127.0.0.1:${gateway.port} refused ${ns}/curl-client`,
      );
      await expect(step).toHaveAttribute("data-status", "next");
      await expect(step.getByTestId("probe-verify-both")).toContainText(
        "handshake refused with a client cert from the old CA",
      );
    }
    if (id === "verify-both" || id === "verify-new") gateway.refresh();
    await step.getByTestId("apply-step").click();
    // The exact objects are shown before anything is written.
    const preview = step.getByTestId("step-preview");
    if (id === "issue-new") await expect(preview).toContainText("selfsigned-ca-r2");
    if (id === "distribute") await expect(preview).toContainText(BUNDLE);
    if (id === "reissue") await expect(preview).toContainText("root-secret-r2");
    if (id === "retire") await expect(preview).toContainText("delete");
    await step.getByTestId("confirm-step").click();
    await expect(step).toHaveAttribute("data-status", "done", { timeout: 180_000 });
    await expect(step.getByTestId(`record-${id}`)).toContainText("done by trustdeck-admin");
    await expectClientGetsThrough(`after step ${id}`);

    if (id === "issue-new") {
      // Where the consumer can be reached: the verify steps probe it there, besides the chain checks.
      const endpoint = page.getByTestId("endpoint-mtls-tls");
      await expect(endpoint.getByTestId("endpoint-state")).toHaveText("no endpoint known — chain check only");
      await endpoint.getByTestId("endpoint-input").fill(`127.0.0.1:${gateway.port}`);
      await endpoint.getByTestId("endpoint-save").click();
      await expect(endpoint.getByTestId("endpoint-state")).toHaveText(
        `verify steps probe 127.0.0.1:${gateway.port}`,
      );
    }
    if (id === "verify-both") {
      await expect(step.getByTestId("probe-verify-both")).toContainText(
        `${ns}/mtls-tls: probe 127.0.0.1:${gateway.port}: handshake ok with a client cert from the old CA (${ns}/curl-client)`,
      );
      await shots(page, "rotation-endpoints", "rotation-endpoints");
      await shots(page, "rotation-verify", "step-verify-both");
    }
    if (id === "verify-new")
      await expect(step.getByTestId("probe-verify-new")).toContainText(
        `handshake ok with a client cert from the new CA (${ns}/curl-client)`,
      );
    if (id === "distribute") {
      // The Bundles page names the workload that mounts the Bundle's target, by its Deployment.
      await page.goto("/trust/bundles");
      const row = page.locator(`[data-testid="bundle-row"][data-name="${BUNDLE}"]`);
      await expect(row.getByTestId("bundle-workloads")).toContainText(
        `Deployment ${ns}/trust-reader (1 pod) mounts Secret ${BUNDLE}`,
      );
      await shots(page, "bundles", "bundles-table");
      // The trust graph draws it too: the Bundle's target and the CA's Secret -> mounted by -> the workload.
      const graph = new TrustPage(page);
      await graph.goto(`?namespace=${ns}`);
      await expect(graph.node(`workload:${ns}/Deployment trust-reader`)).toHaveAttribute(
        "data-kind",
        "workload",
      );
      await shots(page, "trust-graph-workloads", "trust-canvas");
      await page.goto(`/certificates/${ns}/selfsigned-ca/rotate`);
      await expect(page.getByTestId("rotation-workloads")).toContainText(
        `Deployment ${ns}/trust-reader (1 pod) mounts Secret root-secret, Secret ${BUNDLE}`,
      );
      // The consumer reads the Bundle's Secret now, which trust-manager filled with old + new.
      const trusted = pems(trustedClientCas()).map((p) => new X509Certificate(p).fingerprint256);
      expect(trusted).toHaveLength(2);
      expect(trusted).toContain(new X509Certificate(oldCaPem).fingerprint256);
    }
    if (id === "remove-old") {
      // Undo is offered for every step but the last: undo this one, then apply it again.
      await step.getByTestId("undo-step").click();
      await expect(step.getByTestId("undo-preview")).toContainText(BUNDLE);
      await step.getByTestId("confirm-undo").click();
      await expect(step).toHaveAttribute("data-status", "next", { timeout: 120_000 });
      expect(pems(trustedClientCas())).toHaveLength(2);
      await expectClientGetsThrough("after undoing remove-old");
      await step.getByTestId("apply-step").click();
      await step.getByTestId("confirm-step").click();
      await expect(step).toHaveAttribute("data-status", "done", { timeout: 120_000 });
      await expectClientGetsThrough("after removing the old CA again");
    }
    if (id === "verify-both") {
      // The state lives in the cluster: a reload (or another browser) resumes where it stands.
      await page.reload();
      await expect(page.getByTestId("step-reissue")).toHaveAttribute("data-status", "next");
      await expect(page.getByTestId("record-issue-new")).toContainText("trustdeck-admin");
    }
  }
  await expect(page.getByTestId("rotation-complete")).toBeVisible();
  await expect(page.getByTestId("undo-step")).toHaveCount(0);
  await shots(page, "rotation-done", "rotation-steps");

  // Final state, judged by kubectl and OpenSSL (through Node's X509Certificate), not by Trustdeck:
  // no certificate from the old CA is in use.
  const oldCa = new X509Certificate(oldCaPem);
  const newCa = new X509Certificate(pems(secretData("root-secret-r2")["tls.crt"])[0] ?? "");
  const trusted = pems(trustedClientCas()).map((p) => new X509Certificate(p).fingerprint256);
  expect(trusted).toEqual([newCa.fingerprint256]);
  for (const s of ["curl-secret", "apisix-server-secret"]) {
    const leaf = new X509Certificate(pems(secretData(s)["tls.crt"])[0] ?? "");
    expect(leaf.verify(newCa.publicKey), `${s} signed by the new CA`).toBe(true);
    expect(leaf.verify(oldCa.publicKey), `${s} not signed by the old CA`).toBe(false);
    expect(pems(secretData(s)["ca.crt"]).map((p) => new X509Certificate(p).fingerprint256)).toEqual([
      newCa.fingerprint256,
    ]);
  }
  expect(getJson(["-n", ns, "get", "issuer", "ca-issuer"]).spec.ca.secretName).toBe("root-secret-r2");
  expect(
    kubectl([
      "-n",
      ns,
      "get",
      "certificates.cert-manager.io",
      "selfsigned-ca",
      "--ignore-not-found",
      "-o",
      "name",
    ]).trim(),
  ).toBe("");

  // Each step is an Event on the CA Certificate, and the state object says who did each step.
  const events = (getJson(["-n", ns, "get", "events"]).items as Json[]).filter(
    (e) => e.reason === "TrustdeckRotation",
  );
  expect(events.length).toBeGreaterThanOrEqual(STEPS.length + 1);
  const annotations = getJson(["-n", ns, "get", "configmap", "trustdeck-rotation-selfsigned-ca"]).metadata
    .annotations;
  for (const id of STEPS)
    expect(annotations[`trustdeck.io/step.${id}`]).toMatch(/^done by trustdeck-admin at /);
});
