import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GET as getBundles } from "@/app/api/trust/bundles/route";
import { GET as getTrust } from "@/app/api/trust/route";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type { BundleRow } from "@/lib/trust/bundles";
import type { TrustGraphDto } from "@/lib/trust/dto";
import type { ListResponse } from "@/lib/types";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// A namespace per run: this plane has no kube-controller-manager, so a deleted namespace would stay
// Terminating and refuse the next run's targets.
const NS = `td-bundle-${Date.now().toString(36)}`;
const BUNDLE = "td-test-bundle";
const SOURCE = "td-test-bundle-source";

function apply(doc: object) {
  execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, "--context", "trustdeck-admin", "apply", "-f", "-"], {
    input: JSON.stringify(doc),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** A fresh self-signed CA made by openssl (no key leaves the temp folder, which is removed). */
function makeCa(cn: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "td-ca-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "30",
        "-subj",
        `/CN=${cn}`,
        "-keyout",
        path.join(dir, "k"),
        "-out",
        path.join(dir, "c"),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
      ],
      { stdio: "pipe" },
    );
    return fs.readFileSync(path.join(dir, "c"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fingerprints = (pem: string) =>
  (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
    (c) => new X509Certificate(c).fingerprint256,
  );

afterAll(() => {
  kubectl(["-n", NS, "delete", "apisixtls", "bundle-reader", "--ignore-not-found"]);
  kubectl(["delete", "bundles.trust.cert-manager.io", BUNDLE, "--ignore-not-found", "--wait=false"]);
  kubectl(["-n", "cert-manager", "delete", "secret", SOURCE, "--ignore-not-found"]);
  // No garbage collector runs in this plane: remove the targets by hand so later suites don't see them.
  kubectl(["-n", NS, "delete", "configmap,secret", BUNDLE, "--ignore-not-found"]);
});

describe("trust-manager in the local control plane", () => {
  it("distributes a Bundle's sources to the selected namespaces' ConfigMaps and Secrets", async () => {
    const old = makeCa("TD bundle old CA");
    const next = makeCa("TD bundle new CA");
    apply({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: NS, labels: { "trustdeck.test/bundle": "yes" } },
    });
    apply({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: SOURCE, namespace: "cert-manager" },
      stringData: { "ca.crt": old },
    });
    apply({
      apiVersion: "trust.cert-manager.io/v1alpha1",
      kind: "Bundle",
      metadata: { name: BUNDLE },
      spec: {
        sources: [{ secret: { name: SOURCE, key: "ca.crt" } }, { inLine: next }],
        target: {
          configMap: { key: "trust-bundle.pem" },
          secret: { key: "ca.crt" },
          namespaceSelector: { matchLabels: { "trustdeck.test/bundle": "yes" } },
        },
      },
    });
    const want = [...fingerprints(old), ...fingerprints(next)].sort();
    let configMap = "";
    let secret = "";
    const same = (pem: string) => JSON.stringify(fingerprints(pem).sort()) === JSON.stringify(want);
    // Wait until trust-manager has written this run's sources (a target may hold an earlier run's).
    for (let i = 0; i < 120 && !(same(configMap) && same(secret)); i++) {
      try {
        configMap = kubectl([
          "-n",
          NS,
          "get",
          "configmap",
          BUNDLE,
          "-o",
          "jsonpath={.data.trust-bundle\\.pem}",
        ]);
        const b64 = kubectl(["-n", NS, "get", "secret", BUNDLE, "-o", "jsonpath={.data.ca\\.crt}"]);
        secret = Buffer.from(b64, "base64").toString("utf8");
      } catch {
        // not written yet
      }
      if (!(same(configMap) && same(secret))) await new Promise((r) => setTimeout(r, 250));
    }
    expect(fingerprints(configMap).sort()).toEqual(want);
    expect(fingerprints(secret).sort()).toEqual(want);
    const status = JSON.parse(kubectl(["get", "bundles.trust.cert-manager.io", BUNDLE, "-o", "json"])).status;
    expect(status.conditions.find((c: { type: string }) => c.type === "Synced")?.status).toBe("True");
  });
});

describe("Bundles in the inventory and the trust graph", () => {
  const req = (url: string) =>
    new Request(`http://127.0.0.1${url}`, { headers: { cookie: "trustdeck-context=trustdeck-admin" } });

  it("lists the Bundle (sources, targets, namespaces, Synced) and draws source -> Bundle -> target Secret -> ApisixTls", async () => {
    process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
    delete process.env.TRUSTDECK_CONTEXT;
    resetEnvCache();
    resetKubeConfigCache();
    apply({
      apiVersion: "apisix.apache.org/v2",
      kind: "ApisixTls",
      metadata: { name: "bundle-reader", namespace: NS },
      spec: {
        hosts: ["bundle.example.local"],
        secret: { name: "apisix-server-secret", namespace: "tls" },
        client: { caSecret: { name: BUNDLE, namespace: NS } },
      },
    });
    const res = await getBundles(req("/api/trust/bundles"));
    expect(res.status).toBe(200);
    const list = (await res.json()) as ListResponse<BundleRow>;
    const row = list.items.find((b) => b.name === BUNDLE);
    expect(row).toMatchObject({
      sources: [`Secret cert-manager/${SOURCE} (ca.crt)`, "inLine: 1 certificate(s)"],
      inLineSubjects: ["CN=TD bundle new CA"],
      targets: ["Secret ca.crt", "ConfigMap trust-bundle.pem"],
      namespaces: [NS],
      selector: "trustdeck.test/bundle=yes",
      synced: "True",
    });

    const g = await getTrust(req(`/api/trust?namespace=${NS}`));
    expect(g.status).toBe(200);
    const graph = (await g.json()) as TrustGraphDto;
    const edges = graph.edges.map((e) => `${e.kind} ${e.from} ${e.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        `distributed-to bundle:/${BUNDLE} secret:${NS}/${BUNDLE}`,
        `distributed-to bundle:/${BUNDLE} configmap:${NS}/${BUNDLE}`,
        `trusted-as-client-ca-by secret:${NS}/${BUNDLE} apisix-tls:${NS}/bundle-reader`,
      ]),
    );
    // The ApisixTls reads two CA certificates through the Bundle: no "client CA empty/leaf" finding.
    const reader = graph.nodes.find((n) => n.id === `apisix-tls:${NS}/bundle-reader`);
    expect(reader?.problems.map((p) => p.code)).not.toContain("client-ca-empty");
    expect(reader?.problems.map((p) => p.code)).not.toContain("secret-missing");
  });
});
