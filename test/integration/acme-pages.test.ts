import { beforeAll, describe, expect, it } from "vitest";
import { GET as challengeRoute } from "@/app/api/acme/challenges/[namespace]/[name]/route";
import { GET as challengesRoute } from "@/app/api/acme/challenges/route";
import { GET as orderRoute } from "@/app/api/acme/orders/[namespace]/[name]/route";
import { GET as ordersRoute } from "@/app/api/acme/orders/route";
import { GET as diagnosisRoute } from "@/app/api/certificates/[namespace]/[name]/diagnosis/route";
import { GET as clusterIssuerRoute } from "@/app/api/clusterissuers/[name]/route";
import { GET as issuerRoute } from "@/app/api/issuers/[namespace]/[name]/route";
import { GET as issuersRoute } from "@/app/api/issuers/route";
import type { AcmeChallengeDetail, AcmeChallengeRow, AcmeOrderDetail, AcmeOrderRow } from "@/lib/acme/orders";
import type { Diagnosis } from "@/lib/doctor";
import { resetEnvCache } from "@/lib/env";
import type { IssuerDetail } from "@/lib/inventory/issuer-detail";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import type { IssuerRow, ListResponse } from "@/lib/types";
import { KUBECONFIG, kubectl } from "./helpers/kubectl";

// The ACME inventory (issue 14.4) on the seeded cases (scripts/seed/acme.mjs): Orders, Challenges
// and ACME issuers as the pages read them, each link checked against what kubectl reads from the
// same objects (owner references, annotations, status) — the real controller, Pebble and BIND.

type RouteFn = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call<T>(fn: RouteFn, url: string, params: Record<string, string> = {}) {
  const res = await fn(
    new Request(`http://127.0.0.1${url}`, { headers: { cookie: "trustdeck-context=trustdeck-admin" } }),
    { params: Promise.resolve(params) },
  );
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as T };
}

const json = (args: string[]) => JSON.parse(kubectl([...args, "-o", "json"]));

interface KubeObject {
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const owner = (o: KubeObject, kind: string) => o.metadata.ownerReferences?.find((r) => r.kind === kind)?.name;

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
});

describe("ACME Orders: listed and linked both ways", () => {
  it("lists the Orders of acme/www with their CertificateRequest and Certificate, as kubectl reads them", async () => {
    const { status, body } = await call<ListResponse<AcmeOrderRow>>(
      ordersRoute,
      "/api/acme/orders?namespace=acme&certificate=www",
    );
    expect(status).toBe(200);
    const kube = (json(["-n", "acme", "get", "orders"]).items as KubeObject[]).filter(
      (o) => o.metadata.annotations?.["cert-manager.io/certificate-name"] === "www",
    );
    expect(kube.length).toBeGreaterThan(0);
    expect(body.items.map((o) => o.name).sort()).toEqual(kube.map((o) => o.metadata.name).sort());
    for (const o of kube) {
      const row = body.items.find((r) => r.name === o.metadata.name)!;
      expect(row).toMatchObject({
        certificate: "www",
        certificateRequest: owner(o, "CertificateRequest"),
        state: o.status?.state,
        url: o.status?.url,
        issuerRef: { kind: "ClusterIssuer", name: "acme-dns" },
      });
      const auths = (o.status?.authorizations ?? []) as { url: string; identifier: string }[];
      expect(row.authorizations.map((a) => a.url)).toEqual(auths.map((a) => a.url));
    }
    expect(body.items.some((o) => o.state === "valid")).toBe(true);
    // the CertificateRequest filter gives exactly that request's Order
    const cr = body.items[0]!.certificateRequest!;
    const byCr = await call<ListResponse<AcmeOrderRow>>(
      ordersRoute,
      `/api/acme/orders?namespace=acme&certificateRequest=${cr}`,
    );
    expect(byCr.body.items.map((o) => o.certificateRequest)).toEqual(
      kube.filter((o) => owner(o, "CertificateRequest") === cr).map(() => cr),
    );
    expect((await call(ordersRoute, "/api/acme/orders?certificate=Bad_Name")).status).toBe(422);
  });

  it("shows one Order with its Challenges and Events; 404 names a missing one", async () => {
    const kube = (json(["-n", "acme", "get", "orders"]).items as KubeObject[]).find(
      (o) => o.metadata.annotations?.["cert-manager.io/certificate-name"] === "http01-stuck",
    )!;
    const name = kube.metadata.name;
    const { status, body } = await call<AcmeOrderDetail>(orderRoute, `/api/acme/orders/acme/${name}`, {
      namespace: "acme",
      name,
    });
    expect(status).toBe(200);
    expect(body.order).toMatchObject({
      name,
      certificate: "http01-stuck",
      certificateRequest: owner(kube, "CertificateRequest"),
      state: "pending",
    });
    const kubeChallenges = (json(["-n", "acme", "get", "challenges"]).items as KubeObject[]).filter(
      (c) => owner(c, "Order") === name,
    );
    expect(body.challenges.map((c) => c.name)).toEqual(kubeChallenges.map((c) => c.metadata.name).sort());
    expect(body.challenges[0]).toMatchObject({ order: name, certificate: "http01-stuck", type: "HTTP-01" });
    const kubeEvents = json([
      "-n",
      "acme",
      "get",
      "events",
      "--field-selector",
      `involvedObject.kind=Order,involvedObject.name=${name}`,
    ]).items as { reason: string }[];
    expect(body.events.map((e) => e.reason).sort()).toEqual(kubeEvents.map((e) => e.reason).sort());

    const missing = await call<{ error: { message: string } }>(orderRoute, "/api/acme/orders/acme/nope", {
      namespace: "acme",
      name: "nope",
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/orders.acme.cert-manager.io "nope" not found/);
  });
});

describe("ACME Challenges", () => {
  it("give state, reason, authorization URL, solver and what they serve — never the key authorization", async () => {
    const kube = (json(["-n", "acme", "get", "challenges"]).items as KubeObject[]).find(
      (c) => c.spec.dnsName === "web.acme.example.local",
    )!;
    const orderName = owner(kube, "Order")!;
    const kubeOrder = json(["-n", "acme", "get", "order", orderName]) as KubeObject;
    const list = await call<ListResponse<AcmeChallengeRow>>(
      challengesRoute,
      "/api/acme/challenges?namespace=acme&certificate=http01-stuck",
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => c.name)).toEqual([kube.metadata.name]);
    const { status, body, text } = await call<AcmeChallengeDetail>(
      challengeRoute,
      `/api/acme/challenges/acme/${kube.metadata.name}`,
      { namespace: "acme", name: kube.metadata.name },
    );
    expect(status).toBe(200);
    expect(body.challenge).toMatchObject({
      dnsName: "web.acme.example.local",
      type: "HTTP-01",
      state: kube.status?.state,
      presented: kube.status?.presented,
      authorizationURL: kube.spec.authorizationURL,
      url: kube.spec.url,
      order: orderName,
      certificateRequest: owner(kubeOrder, "CertificateRequest"),
      certificate: "http01-stuck",
      solver: "HTTP-01 via Ingress (class nginx)",
    });
    expect(body.challenge.reason).toContain("failed to perform self check");
    expect(body.order?.name).toBe(orderName);
    // The key authorization (token + account key thumbprint) never leaves; the token alone is public
    // (RFC 8555 §8.3: it is in the URL the ACME server fetches, quoted by cert-manager's reason).
    expect(text).not.toContain(kube.spec.key as string);
    expect(text).not.toMatch(/"(key|token)":/);
  });
});

describe("ACME issuers", () => {
  it("list server, email and account status from status.acme.uri and Ready", async () => {
    const { body } = await call<ListResponse<IssuerRow>>(issuersRoute, "/api/issuers");
    const dns = body.items.find((i) => i.kind === "ClusterIssuer" && i.name === "acme-dns")!;
    const kube = json(["get", "clusterissuer", "acme-dns"]) as KubeObject;
    expect(dns).toMatchObject({
      type: "acme",
      acmeServer: (kube.spec.acme as { server: string }).server,
      acmeEmail: (kube.spec.acme as { email: string }).email,
      acmeAccountUri: (kube.status as { acme: { uri: string } }).acme.uri,
      acmeAccountStatus: "registered",
    });
    const down = body.items.find((i) => i.name === "acme-unreachable")!;
    expect(down).toMatchObject({ acmeAccountStatus: "failed", ready: "False" });
    expect(down.acmeAccountUri).toBeUndefined();
  });

  it("a ClusterIssuer's page: account, solvers, the Certificates it signs, and its Events from 'default'", async () => {
    const { status, body } = await call<IssuerDetail>(clusterIssuerRoute, "/api/clusterissuers/acme-dns", {
      name: "acme-dns",
    });
    expect(status).toBe(200);
    const kube = json(["get", "clusterissuer", "acme-dns"]) as KubeObject;
    const acme = kube.spec.acme as { solvers: { dns01: { rfc2136: { nameserver: string } } }[] };
    expect(body.acme).toMatchObject({
      accountStatus: "registered",
      accountUri: (kube.status as { acme: { uri: string } }).acme.uri,
      caBundle: true,
      solvers: [`DNS-01 via RFC 2136 (${acme.solvers[0]!.dns01.rfc2136.nameserver})`],
    });
    const signs = (json(["get", "certificates", "-A"]).items as KubeObject[])
      .filter((c) => {
        const ref = c.spec.issuerRef as { kind?: string; name: string };
        return ref.kind === "ClusterIssuer" && ref.name === "acme-dns";
      })
      .map((c) => `${c.metadata.namespace}/${c.metadata.name}`)
      .sort();
    expect(body.certificates.map((c) => `${c.namespace}/${c.name}`).sort()).toEqual(signs);
    expect(signs).toContain("acme/www");

    // cert-manager records a ClusterIssuer's Events in 'default' (client-go's recorder); kubectl agrees.
    const down = await call<IssuerDetail>(clusterIssuerRoute, "/api/clusterissuers/acme-unreachable", {
      name: "acme-unreachable",
    });
    const kubeEvents = json([
      "-n",
      "default",
      "get",
      "events",
      "--field-selector",
      "involvedObject.kind=ClusterIssuer,involvedObject.name=acme-unreachable",
    ]).items as { reason: string }[];
    expect(kubeEvents.length).toBeGreaterThan(0);
    expect(down.body.events.map((e) => e.reason)).toEqual(
      expect.arrayContaining(kubeEvents.map((e) => e.reason)),
    );
    expect(down.body.eventNamespaces).toContain("default");
    expect(down.body.acme?.accountStatus).toBe("failed");
  });

  it("an Issuer's page lists only the Certificates of its namespace; 404 for a missing one", async () => {
    const { status, body } = await call<IssuerDetail>(issuerRoute, "/api/issuers/tls/ca-issuer", {
      namespace: "tls",
      name: "ca-issuer",
    });
    expect(status).toBe(200);
    expect(body.row).toMatchObject({ kind: "Issuer", namespace: "tls", name: "ca-issuer", type: "ca" });
    const signs = (json(["-n", "tls", "get", "certificates"]).items as KubeObject[])
      .filter((c) => {
        const ref = c.spec.issuerRef as { kind?: string; name: string };
        return (ref.kind ?? "Issuer") === "Issuer" && ref.name === "ca-issuer";
      })
      .map((c) => c.metadata.name)
      .sort();
    expect(body.certificates.map((c) => c.name).sort()).toEqual(signs);
    expect(body.certificates.every((c) => c.namespace === "tls")).toBe(true);
    const missing = await call(issuerRoute, "/api/issuers/tls/missing-issuer", {
      namespace: "tls",
      name: "missing-issuer",
    });
    expect(missing.status).toBe(404);
  });

  it("the doctor reads a ClusterIssuer's Events where cert-manager records them", async () => {
    const { body } = await call<Diagnosis>(diagnosisRoute, "/api/certificates/acme/unreachable/diagnosis", {
      namespace: "acme",
      name: "unreachable",
    });
    const step = body.steps.find((s) => s.id === "issuer-ready")!;
    const events = step.evidence.filter(
      (e) => e.source === "ClusterIssuer acme-unreachable" && e.label.startsWith("Warning"),
    );
    expect(events.map((e) => e.reason)).toContain("ErrInitIssuer");
  });
});
