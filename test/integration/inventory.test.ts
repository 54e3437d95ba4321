import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { getHealth } from "@/lib/http/health";
import { certificateQuerySchema } from "@/lib/inventory/certificates";
import {
  getCertificateDetail,
  getCertificateList,
  getCertificateRequestList,
  getIssuerList,
  getTlsSecretList,
} from "@/lib/inventory/service";
import { listContexts, resetKubeConfigCache } from "@/lib/k8s/config";
import { KubeError } from "@/lib/k8s/errors";
import type { CertificateRow } from "@/lib/types";
import { KUBECONFIG, secretLeafNotAfter } from "./helpers/kubectl";

// The seeded scenario (scripts/seed, domain.md §1), read through lib/inventory against the real API server.
const ADMIN = "trustdeck-admin";
const VIEWER = "trustdeck-viewer";
const SEEDED_READY: [string, string][] = [
  ["tls", "selfsigned-ca"],
  ["tls", "etcd-server"],
  ["tls", "apisix-client"],
  ["tls", "apisix-server"],
  ["tls", "curl-client"],
  ["tls", "upstream-server"],
  ["payments", "payments-ca"],
  ["payments", "short-lived"],
  ["payments", "payments-api"],
];
const all = (over: Record<string, string> = {}) => certificateQuerySchema.parse({ limit: "5000", ...over });
const find = (rows: CertificateRow[], ns: string, name: string) =>
  rows.find((r) => r.namespace === ns && r.name === name);

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("inventory against the local control plane", () => {
  it("lists both contexts and reports the cluster reachable", async () => {
    expect(listContexts().names).toEqual(expect.arrayContaining([ADMIN, VIEWER]));
    const health = await getHealth(ADMIN);
    expect(health.cluster).toMatchObject({ reachable: true, context: ADMIN });
    // a source-built apiserver reports "v0.0.0-master+..."
    expect(health.cluster.version).toMatch(/^v\d+\./);
    expect(health.cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it("reads every seeded certificate's notAfter from its Secret, matching an independent read", async () => {
    let pending = SEEDED_READY;
    const mismatches: string[] = [];
    // short-lived renews every few minutes: re-read both sides if a renewal lands in between
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      const { items } = await getCertificateList(all(), { context: ADMIN });
      mismatches.length = 0;
      pending = pending.filter(([ns, name]) => {
        const row = find(items, ns, name);
        expect(row, `${ns}/${name}`).toBeDefined();
        expect(row).toMatchObject({ ready: "True", secretProblem: undefined });
        expect(row?.daysLeft).toBeTypeOf("number");
        const independent = secretLeafNotAfter(ns, row!.secretName);
        if (row?.notAfter && Date.parse(row.notAfter) === Date.parse(independent)) return false;
        mismatches.push(`${ns}/${name}: row ${row?.notAfter} vs secret ${independent}`);
        return true;
      });
    }
    expect(mismatches).toEqual([]);
  });

  it("shows the certificate with a missing issuer as not Ready, with a reason", async () => {
    const { items } = await getCertificateList(all({ state: "not-ready" }), { context: ADMIN });
    const broken = find(items, "tls", "broken-issuer");
    expect(broken).toBeDefined();
    expect(broken?.ready).not.toBe("True");
    expect(broken?.readyReason).toBeTruthy();
    expect(broken?.issuerRef.name).toBe("missing-issuer");
    expect(items.some((r) => r.name === "etcd-server")).toBe(false);
  });

  it("filters, sorts and describes the real list", async () => {
    const res = await getCertificateList(all({ namespace: "payments", sort: "name" }), { context: ADMIN });
    expect(res.items.every((r) => r.namespace === "payments")).toBe(true);
    expect(res.items.map((r) => r.name)).toEqual([...res.items.map((r) => r.name)].sort());
    expect(res.namespaces).toEqual(expect.arrayContaining(["payments", "tls"]));
    expect(res.facets.issuers.map((f) => f.name)).toEqual(
      expect.arrayContaining(["ca-issuer", "selfsigned-issuer"]),
    );
    const search = await getCertificateList(all({ q: "apisix" }), { context: ADMIN });
    expect(search.items.map((r) => r.name).sort()).toEqual(["apisix-client", "apisix-server"]);
    const shortLived = find(
      (await getCertificateList(all(), { context: ADMIN })).items,
      "payments",
      "short-lived",
    );
    expect(shortLived?.expiryLevel).toBe("critical");
  });

  it("returns a certificate's detail: Secret chain verifies against ca.crt, requests by revision", async () => {
    const d = await getCertificateDetail("tls", "etcd-server", { context: ADMIN });
    expect(d.row.name).toBe("etcd-server");
    expect(d.spec.secretName).toBe("etcd-secret");
    expect(d.conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(d.secret?.certificates[0]?.dnsNames).toContain("etcd");
    expect(d.secret?.ca[0]?.commonName).toBe("selfsigned-ca");
    expect(d.secret?.chainVerifies).toBe(true);
    expect(d.requests.length).toBeGreaterThan(0);
    expect(d.requests.every((r) => r.certificateName === "etcd-server")).toBe(true);
    expect(d.requests[0]?.revision).toBe(d.row.revision);
    expect(d.requests[0]?.certificate?.serialNumber).toBe(d.secret?.certificates[0]?.serialNumber);
    expect(Array.isArray(d.events)).toBe(true);
    expect(JSON.stringify(d)).not.toMatch(/PRIVATE KEY|tls\.key/);

    const missing = await getCertificateDetail("tls", "does-not-exist", { context: ADMIN }).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(KubeError);
    expect((missing as KubeError).status).toBe(404);
  });

  it("lists issuers with the CA issuer's certificate read from its Secret", async () => {
    const { items } = await getIssuerList({ context: ADMIN });
    const ca = items.find((i) => i.kind === "Issuer" && i.name === "ca-issuer");
    expect(ca).toMatchObject({ namespace: "tls", type: "ca", ready: "True", caSecretName: "root-secret" });
    expect(ca?.ca?.subject).toContain("selfsigned-ca");
    expect(Date.parse(ca?.ca?.notAfter ?? "")).toBe(Date.parse(secretLeafNotAfter("tls", "root-secret")));
    expect(items.find((i) => i.name === "selfsigned-issuer")).toMatchObject({
      kind: "ClusterIssuer",
      type: "selfSigned",
      namespace: undefined,
    });
  });

  it("lists CertificateRequests with owner, revision and the pending one unissued", async () => {
    const { items } = await getCertificateRequestList({ context: ADMIN, namespace: "tls" });
    const etcd = items.find((r) => r.name === "etcd-server-1");
    expect(etcd).toMatchObject({
      certificateName: "etcd-server",
      revision: 1,
      approved: true,
      ready: "True",
    });
    expect(etcd?.certificate?.dnsNames).toContain("etcd");
    const pending = (await getCertificateRequestList({ context: ADMIN, namespace: "payments" })).items.find(
      (r) => r.name === "pending-approval",
    );
    expect(pending?.ready).not.toBe("True");
    expect(pending?.certificate).toBeUndefined();
    expect(pending?.issuerRef).toMatchObject({ kind: "ExternalIssuer", group: "issuers.example.com" });
  });

  it("tells managed TLS Secrets from the unmanaged one", async () => {
    const { items } = await getTlsSecretList({ context: ADMIN });
    expect(items.find((s) => s.name === "legacy-unmanaged-tls")).toMatchObject({
      namespace: "payments",
      managed: false,
      managedBy: undefined,
      hasCa: false,
    });
    expect(items.find((s) => s.namespace === "tls" && s.name === "etcd-secret")).toMatchObject({
      managed: true,
      managedBy: { namespace: "tls", name: "etcd-server" },
      hasCa: true,
    });
    const unmanaged = await getTlsSecretList({ context: ADMIN, managed: false });
    expect(unmanaged.items.map((s) => s.name)).toContain("legacy-unmanaged-tls");
    expect(unmanaged.items.some((s) => s.name === "etcd-secret")).toBe(false);
    expect(JSON.stringify(items)).not.toMatch(/PRIVATE KEY/);
  });

  it("gives the viewer a 403 naming secrets, while its certificate list falls back to status", async () => {
    const err = await getTlsSecretList({ context: VIEWER }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    const k = err as KubeError;
    expect(k.status).toBe(403);
    expect(k.message).toContain("secrets");
    expect(k.message).toContain("trustdeck-viewer");
    expect(k.denied).toMatchObject({ verb: "list", resource: "secrets" });

    const { items } = await getCertificateList(all(), { context: VIEWER });
    const etcd = find(items, "tls", "etcd-server");
    expect(etcd?.secretProblem).toMatch(/^forbidden: .*trustdeck-viewer.* cannot list secrets/);
    expect(etcd?.notAfter).toBeUndefined();
    expect(etcd?.statusNotAfter).toBeTruthy();
    expect(etcd?.daysLeft).toBeTypeOf("number");
    expect(etcd?.expiryLevel).not.toBe("unknown");
  });
});
