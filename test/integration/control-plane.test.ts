import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminTarget, STATE_DIR } from "../../scripts/cluster.mjs";
import { apply, call, request, waitFor } from "../../scripts/lib/kube-rest.mjs";

// The local control plane itself: cert-manager really issues, and RBAC is really enforced.
const ns = `it-cp-${crypto.randomBytes(3).toString("hex")}`;
const kubeconfig = path.join(STATE_DIR, "kubeconfig");
const target = () => adminTarget();
const cm = (kind: string) => `/apis/cert-manager.io/v1/namespaces/${ns}/${kind}`;

function kubectl(args: string[]) {
  return spawnSync("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" });
}

beforeAll(async () => {
  await apply(target(), { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
});

afterAll(async () => {
  // No garbage collector runs here (no kube-controller-manager): a fresh namespace per run instead.
  await request(target(), "DELETE", `/api/v1/namespaces/${ns}`);
});

describe("local control plane", () => {
  it("cert-manager issues a Certificate whose Secret verifies against its CA", async () => {
    const t = target();
    await apply(t, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "bootstrap", namespace: ns },
      spec: { selfSigned: {} },
    });
    await apply(t, {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "root", namespace: ns },
      spec: {
        isCA: true,
        commonName: "it-root",
        secretName: "root",
        issuerRef: { name: "bootstrap", kind: "Issuer" },
      },
    });
    await apply(t, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "ca", namespace: ns },
      spec: { ca: { secretName: "root" } },
    });
    await apply(t, {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "leaf", namespace: ns },
      spec: {
        secretName: "leaf-tls",
        dnsNames: ["leaf.example.test"],
        usages: ["server auth"],
        issuerRef: { name: "ca", kind: "Issuer" },
      },
    });
    const leaf = await waitFor(
      "leaf Ready",
      async () => {
        const c = await call(t, "GET", `${cm("certificates")}/leaf`);
        const ready = c.status?.conditions?.some(
          (x: { type: string; status: string }) => x.type === "Ready" && x.status === "True",
        );
        // Ready and the revision are written by different controllers: wait for both.
        return ready && c.status?.revision ? c : undefined;
      },
      90_000,
      500,
    );
    expect(leaf.status.revision).toBe(1);

    const secret = await call(t, "GET", `/api/v1/namespaces/${ns}/secrets/leaf-tls`);
    const tlsCrt = Buffer.from(secret.data["tls.crt"], "base64").toString();
    const caCrt = Buffer.from(secret.data["ca.crt"], "base64").toString();
    const cert = new crypto.X509Certificate(tlsCrt);
    const ca = new crypto.X509Certificate(caCrt);
    expect(cert.subjectAltName).toContain("leaf.example.test");
    expect(ca.subject).toContain("CN=it-root");
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    // The issuer really is cert-manager: the Secret carries its annotations.
    expect(secret.metadata.annotations["cert-manager.io/certificate-name"]).toBe("leaf");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "it-cp-"));
    try {
      fs.writeFileSync(path.join(dir, "ca.pem"), caCrt);
      fs.writeFileSync(path.join(dir, "leaf.pem"), tlsCrt);
      const out = execFileSync(
        "openssl",
        ["verify", "-CAfile", path.join(dir, "ca.pem"), path.join(dir, "leaf.pem")],
        {
          encoding: "utf8",
        },
      );
      expect(out.trim()).toMatch(/: OK$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the viewer identity may read cert-manager objects but gets 403 on create and on Secrets", () => {
    const list = kubectl(["--context", "trustdeck-viewer", "get", "certificates", "-n", ns, "-o", "name"]);
    expect(list.status).toBe(0);

    const create = kubectl(["--context", "trustdeck-viewer", "create", "configmap", "nope", "-n", ns]);
    expect(create.status).not.toBe(0);
    expect(create.stderr).toMatch(/forbidden: User "trustdeck-viewer" cannot create resource "configmaps"/);

    const secrets = kubectl(["--context", "trustdeck-viewer", "get", "secrets", "-n", ns]);
    expect(secrets.status).not.toBe(0);
    expect(secrets.stderr).toMatch(/cannot list resource "secrets"/);
  });

  it("the viewer's create of a Certificate is refused by the API server with 403", async () => {
    const viewer = {
      ...target(),
      token: fs.readFileSync(path.join(STATE_DIR, "viewer.token"), "utf8").trim(),
    };
    const res = await request(viewer, "POST", cm("certificates"), {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "sneaky", namespace: ns },
      spec: { secretName: "sneaky", dnsNames: ["x.test"], issuerRef: { name: "ca", kind: "Issuer" } },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('User "trustdeck-viewer" cannot create resource "certificates"');
  });
});
