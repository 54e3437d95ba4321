import { describe, expect, it } from "vitest";
import type { RawCertificateRequest } from "@/lib/k8s/certificate-requests";
import type { RawCertificate } from "@/lib/k8s/certificates";
import { makeLeaf, makeRoot } from "@/lib/x509/test-fixtures";
import {
  currentRequestOf,
  scopeGraphToNamespace,
  secretFactsFromRequests,
  withoutUnknowableSecretFindings,
} from "./source";
import type { TrustGraph } from "./types";

const cert = (revision?: number): RawCertificate => ({
  metadata: { name: "web", namespace: "apps" },
  spec: { secretName: "web-tls", issuerRef: { name: "ca" } },
  ...(revision !== undefined ? { status: { revision } } : {}),
});
const cr = (
  name: string,
  revision: number,
  certificate?: string,
  ca?: string,
  owner = "web",
): RawCertificateRequest => ({
  metadata: {
    name,
    namespace: "apps",
    annotations: {
      "cert-manager.io/certificate-name": owner,
      "cert-manager.io/certificate-revision": String(revision),
    },
  },
  spec: { issuerRef: { name: "ca" } },
  status: { ...(certificate ? { certificate } : {}), ...(ca ? { ca } : {}) },
});
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("currentRequestOf", () => {
  it("picks the request of status.revision, else the newest earlier issued one", () => {
    const reqs = [
      cr("web-1", 1, "AAA"),
      cr("web-2", 2, "BBB"),
      cr("web-3", 3),
      cr("other-1", 1, "CCC", undefined, "other"),
    ];
    expect(currentRequestOf(cert(2), reqs)?.metadata.name).toBe("web-2");
    // Revision 3 is still being issued: the chain in use is revision 2's.
    expect(currentRequestOf(cert(3), reqs)?.metadata.name).toBe("web-2");
    expect(currentRequestOf(cert(), reqs)?.metadata.name).toBe("web-2");
    expect(
      currentRequestOf({ ...cert(1), metadata: { name: "none", namespace: "apps" } }, reqs),
    ).toBeUndefined();
  });
});

describe("secretFactsFromRequests", () => {
  it("rebuilds the Secret's tls.crt and ca.crt from status.certificate and status.ca", async () => {
    const root = await makeRoot("CN=src-root");
    const leaf = await makeLeaf(root, "CN=web");
    const [facts] = secretFactsFromRequests([cert(1)], [cr("web-1", 1, b64(leaf.pem), b64(root.pem))]);
    expect(facts).toMatchObject({ namespace: "apps", name: "web-tls", type: "kubernetes.io/tls" });
    expect(facts?.tlsCrt?.certificates[0]?.subject).toBe("CN=web");
    expect(facts?.caCrt?.certificates[0]?.subject).toBe("CN=src-root");
  });
});

const graph = (): TrustGraph => ({
  nodes: [
    {
      id: "secret:a/s",
      kind: "secret",
      namespace: "a",
      name: "s",
      problems: [],
      status: "ok",
      missing: true,
    },
    {
      id: "apisix-tls:a/t",
      kind: "apisix-tls",
      namespace: "a",
      name: "t",
      status: "critical",
      problems: [{ code: "secret-missing", severity: "critical", message: "m", fix: "f" }],
    },
    { id: "issuer:b/i", kind: "issuer", namespace: "b", name: "i", problems: [], status: "ok" },
    {
      id: "leaf-certificate:b/c",
      kind: "leaf-certificate",
      namespace: "b",
      name: "c",
      problems: [],
      status: "ok",
    },
    { id: "clusterissuer:/x", kind: "clusterissuer", name: "x", problems: [], status: "ok" },
  ],
  edges: [
    { id: "e1", kind: "served-for-host", from: "secret:a/s", to: "apisix-tls:a/t" },
    { id: "e2", kind: "issued-by", from: "leaf-certificate:b/c", to: "issuer:b/i" },
    { id: "e3", kind: "issued-by", from: "leaf-certificate:a/none", to: "clusterissuer:/x" },
  ],
});

describe("withoutUnknowableSecretFindings", () => {
  it("drops secret-missing findings and the missing flag, and recomputes the status", () => {
    const g = withoutUnknowableSecretFindings(graph());
    expect(g.nodes[0]?.missing).toBeUndefined();
    expect(g.nodes[1]).toMatchObject({ problems: [], status: "ok" });
  });
});

describe("scopeGraphToNamespace", () => {
  it("keeps the namespace's nodes and their direct neighbours only", () => {
    const g = scopeGraphToNamespace(graph(), "b");
    expect(g.nodes.map((n) => n.id).sort()).toEqual(["issuer:b/i", "leaf-certificate:b/c"]);
    expect(g.edges.map((e) => e.id)).toEqual(["e2"]);
  });
});
