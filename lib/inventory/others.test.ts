import { beforeAll, describe, expect, it } from "vitest";
import type { RawCertificateRequest } from "@/lib/k8s/certificate-requests";
import type { RawCertificate } from "@/lib/k8s/certificates";
import type { RawIssuer } from "@/lib/k8s/issuers";
import type { TlsSecretFacts } from "@/lib/k8s/secrets";
import { makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import { reshapeCertificateRequest } from "./certificate-requests";
import { expiryLevel } from "./expiry";
import { issuerCaSecretRef, issuerType, reshapeIssuer } from "./issuers";
import { parseSecretFacts } from "./secret-certs";
import { indexSecretOwners, reshapeTlsSecret } from "./secrets";

const DAY = 86_400_000;
const now = new Date("2030-01-15T00:00:00Z");
let root: TestCert;
let leaf: TestCert;

beforeAll(async () => {
  root = await makeRoot("CN=selfsigned-ca", {
    notBefore: new Date(now.getTime() - 10 * DAY),
    notAfter: new Date(now.getTime() + 80 * DAY),
  });
  leaf = await makeLeaf(root, "CN=upstream", {
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 5 * DAY),
  });
});

function secret(
  name: string,
  pem: string | undefined,
  annotations: Record<string, string> = {},
): TlsSecretFacts {
  return {
    metadata: { name, namespace: "tls", uid: `uid-${name}`, resourceVersion: "7", annotations },
    type: "kubernetes.io/tls",
    tlsCrt: pem,
    caCrt: root.pem,
    dataKeys: ["ca.crt", "tls.crt", "tls.key"],
  };
}

describe("expiryLevel", () => {
  it("uses the last third of the lifetime when there is no renewalTime", () => {
    const notBefore = "2030-01-01T00:00:00Z";
    const notAfter = "2030-04-01T00:00:00Z"; // 90 days: last third starts 2030-03-02
    expect(expiryLevel({ notBefore, notAfter, now: new Date("2030-03-01T00:00:00Z") })).toBe("ok");
    expect(expiryLevel({ notBefore, notAfter, now: new Date("2030-03-03T00:00:00Z") })).toBe(
      "renewal-window",
    );
    expect(expiryLevel({ notBefore, notAfter, now: new Date("2030-03-26T00:00:00Z") })).toBe("critical");
    expect(expiryLevel({ notBefore, notAfter, now: new Date("2030-04-01T00:00:00Z") })).toBe("expired");
    expect(expiryLevel({ notAfter: undefined, now })).toBe("unknown");
  });
});

describe("reshapeIssuer", () => {
  const caClusterIssuer: RawIssuer = {
    metadata: { name: "root-ca" },
    spec: { ca: { secretName: "root-secret" } },
    status: {
      conditions: [
        { type: "Ready", status: "True", reason: "KeyPairVerified", message: "Signing CA verified" },
      ],
    },
  };

  it("derives the type from the spec key", () => {
    expect(issuerType({ metadata: { name: "a" }, spec: { selfSigned: {} } })).toBe("selfSigned");
    expect(issuerType({ metadata: { name: "a" }, spec: { acme: { server: "https://acme" } } })).toBe("acme");
    expect(issuerType({ metadata: { name: "a" }, spec: {} })).toBe("unknown");
  });

  it("reads a ClusterIssuer's CA Secret from the cluster resource namespace", () => {
    expect(issuerCaSecretRef(caClusterIssuer, "ClusterIssuer", "cert-manager")).toEqual({
      namespace: "cert-manager",
      name: "root-secret",
    });
    const nsIssuer = { ...caClusterIssuer, metadata: { name: "ca-issuer", namespace: "tls" } };
    expect(issuerCaSecretRef(nsIssuer, "Issuer", "cert-manager")).toEqual({
      namespace: "tls",
      name: "root-secret",
    });
  });

  it("parses the CA certificate's subject and expiry", () => {
    const parsed = parseSecretFacts(secret("root-secret", root.pem));
    const row = reshapeIssuer(
      caClusterIssuer,
      "ClusterIssuer",
      { kind: "found", parsed },
      now,
      "cert-manager",
    );
    expect(row).toMatchObject({
      kind: "ClusterIssuer",
      namespace: undefined,
      name: "root-ca",
      type: "ca",
      ready: "True",
      readyReason: "KeyPairVerified",
      caSecretName: "root-secret",
      caSecretNamespace: "cert-manager",
      ca: { daysLeft: 80, expiryLevel: "ok" },
    });
    expect(row.ca?.subject).toContain("CN=selfsigned-ca");
    expect(Date.parse(row.ca!.notAfter)).toBe(root.cert.notAfter.getTime());
  });

  it("says why the CA is unknown", () => {
    expect(reshapeIssuer(caClusterIssuer, "ClusterIssuer", { kind: "missing" }, now, "cm").caProblem).toBe(
      "Secret cm/root-secret does not exist",
    );
    const forbidden = reshapeIssuer(
      caClusterIssuer,
      "ClusterIssuer",
      { kind: "unreadable", problem: "forbidden: x" },
      now,
      "cm",
    );
    expect(forbidden.caProblem).toBe("forbidden: x");
    expect(forbidden.ca).toBeUndefined();
  });
});

describe("reshapeCertificateRequest", () => {
  it("reads approval, readiness, owner, revision and the issued certificate", () => {
    const raw: RawCertificateRequest = {
      metadata: {
        name: "etcd-server-1",
        namespace: "tls",
        creationTimestamp: "2030-01-01T00:00:00Z",
        annotations: {
          "cert-manager.io/certificate-name": "etcd-server",
          "cert-manager.io/certificate-revision": "2",
        },
      },
      spec: {
        issuerRef: { name: "ca-issuer", kind: "Issuer", group: "cert-manager.io" },
        username: "system:sa",
      },
      status: {
        conditions: [
          {
            type: "Approved",
            status: "True",
            reason: "cert-manager.io",
            message: "Certificate request has been approved by cert-manager.io",
          },
          {
            type: "Ready",
            status: "True",
            reason: "Issued",
            message: "Certificate fetched from issuer successfully",
          },
        ],
        certificate: Buffer.from(leaf.pem).toString("base64"),
      },
    };
    const row = reshapeCertificateRequest(raw);
    expect(row).toMatchObject({
      certificateName: "etcd-server",
      revision: 2,
      approved: true,
      denied: false,
      ready: "True",
      readyReason: "Issued",
      approvalReason: "cert-manager.io",
      username: "system:sa",
      createdAt: "2030-01-01T00:00:00Z",
    });
    expect(row.certificate?.commonName).toBe("upstream");
  });

  it("handles a pending request and a denied one", () => {
    const pending = reshapeCertificateRequest({
      metadata: { name: "p", namespace: "tls" },
      spec: { issuerRef: { name: "ca-issuer" } },
    });
    expect(pending).toMatchObject({ approved: false, denied: false, ready: "Unknown", revision: undefined });
    expect(pending.certificate).toBeUndefined();
    const denied = reshapeCertificateRequest({
      metadata: { name: "d", namespace: "tls" },
      spec: { issuerRef: { name: "ca-issuer" } },
      status: { conditions: [{ type: "Denied", status: "True", reason: "Policy", message: "no" }] },
    });
    expect(denied).toMatchObject({
      denied: true,
      approved: false,
      approvalReason: "Policy",
      approvalMessage: "no",
    });
  });
});

describe("reshapeTlsSecret", () => {
  const certs: RawCertificate[] = [
    {
      metadata: { name: "upstream-server", namespace: "tls" },
      spec: { secretName: "upstream-secret", issuerRef: { name: "ca-issuer" } },
    },
  ];
  const owners = indexSecretOwners(certs);

  it("is managed only when the annotated Certificate writes this Secret", () => {
    const managed = reshapeTlsSecret(
      secret("upstream-secret", leaf.pem, { "cert-manager.io/certificate-name": "upstream-server" }),
      parseSecretFacts(secret("upstream-secret", leaf.pem)),
      owners,
      now,
    );
    expect(managed).toMatchObject({
      managed: true,
      managedBy: { namespace: "tls", name: "upstream-server" },
      hasCa: true,
      daysLeft: 5,
      expiryLevel: "critical",
    });
    expect(managed.certificate?.commonName).toBe("upstream");

    const stale = secret("old-secret", leaf.pem, { "cert-manager.io/certificate-name": "upstream-server" });
    expect(reshapeTlsSecret(stale, parseSecretFacts(stale), owners, now)).toMatchObject({
      managed: false,
      managedBy: undefined,
    });

    const plain = secret("legacy-unmanaged-tls", leaf.pem);
    expect(reshapeTlsSecret(plain, parseSecretFacts(plain), owners, now).managed).toBe(false);
  });

  it("reports an empty tls.crt as a problem, and never carries key material", () => {
    const empty = secret("empty", undefined);
    const row = reshapeTlsSecret(empty, parseSecretFacts(empty), owners, now);
    expect(row.problem).toBe("the Secret has no tls.crt");
    expect(row.expiryLevel).toBe("unknown");
    expect(JSON.stringify(row)).not.toMatch(/PRIVATE KEY|tls\.key/);
  });
});
