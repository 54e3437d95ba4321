import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as challengesRoute } from "@/app/api/acme/challenges/route";
import { GET as ordersRoute } from "@/app/api/acme/orders/route";
import { GET as events } from "@/app/api/events/route";
import type { AcmeChallengeRow, AcmeOrderRow } from "@/lib/acme/orders";
import { resetEnvCache } from "@/lib/env";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { ensureWatching, getCachedList, getLiveStatus, stopAllWatches } from "@/lib/k8s/watch-cache";
import type { ListResponse } from "@/lib/types";
import { applyJson as apply, csrBase64, KUBECONFIG, kubectl, until } from "./helpers/kubectl";

// The ACME Order and Challenge kinds (added by the docs/architecture.md checklist), read-only,
// listed and live, against the real API server with cert-manager's CRDs. The objects are created
// through the API here; whether an ACME server answers them does not matter for listing.
const ns = `it-acme-${crypto.randomBytes(3).toString("hex")}`;
const issuerRef = { name: "acme-test", kind: "Issuer", group: "cert-manager.io" };

function order(name: string) {
  apply({
    apiVersion: "acme.cert-manager.io/v1",
    kind: "Order",
    metadata: { name, namespace: ns },
    spec: {
      request: csrBase64("shop.example.test"),
      issuerRef,
      dnsNames: ["shop.example.test"],
      commonName: "shop.example.test",
    },
  });
}

function challenge(name: string) {
  apply({
    apiVersion: "acme.cert-manager.io/v1",
    kind: "Challenge",
    metadata: { name, namespace: ns },
    spec: {
      authorizationURL: "https://acme.invalid/authz/1",
      dnsName: "shop.example.test",
      issuerRef,
      key: "key-authorization-not-for-the-browser",
      solver: { http01: { ingress: {} } },
      token: "token-not-for-the-browser",
      type: "HTTP-01",
      url: "https://acme.invalid/chall/1",
    },
  });
}

const get = (url: string) => new Request(`http://127.0.0.1${url}`);
let context = "";

beforeAll(async () => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  delete process.env.TRUSTDECK_AUTH;
  resetEnvCache();
  resetKubeConfigCache();
  kubectl(["create", "namespace", ns]);
  order("first-order");
  context = ensureWatching()!;
  await until(() => getLiveStatus(context)?.kinds.every((k) => k.state === "live"), 30_000);
});

afterAll(() => {
  stopAllWatches();
  kubectl(["delete", "orders,challenges", "--all", "-n", ns, "--ignore-not-found", "--wait=false"]);
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

describe("ACME Orders and Challenges", () => {
  it("are watched kinds of the live cache", () => {
    const kinds = getLiveStatus(context)!.kinds.map((k) => [k.kind, k.state]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["Order", "live"],
        ["Challenge", "live"],
      ]),
    );
    const cached = (getCachedList<{ metadata: { namespace?: string; name: string } }>("Order") ?? []).map(
      (o) => `${o.metadata.namespace}/${o.metadata.name}`,
    );
    expect(cached).toContain(`${ns}/first-order`);
  });

  it("lists an Order created through the API, as kubectl sees it", async () => {
    const res = await ordersRoute(get(`/api/acme/orders?namespace=${ns}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListResponse<AcmeOrderRow>;
    const kubectlNames = kubectl([
      "-n",
      ns,
      "get",
      "orders",
      "-o",
      "jsonpath={.items[*].metadata.name}",
    ]).split(" ");
    expect(body.items.map((o) => o.name)).toEqual(kubectlNames.sort());
    expect(body.items[0]).toMatchObject({
      namespace: ns,
      name: "first-order",
      issuerRef,
      dnsNames: ["shop.example.test"],
      commonName: "shop.example.test",
    });
    expect((await ordersRoute(get("/api/acme/orders?namespace=Not_A_Namespace"))).status).toBe(422);
  });

  it("reports a new Challenge over /api/events and lists it without its key authorization", async () => {
    const abort = new AbortController();
    const res = await events(new Request("http://127.0.0.1/api/events", { signal: abort.signal }));
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    })();
    challenge("first-challenge");
    await until(() => /"kind":"Challenge"[^}]*"name":"first-challenge"/.test(text), 10_000);
    abort.abort();
    await reading;

    const listed = await challengesRoute(get(`/api/acme/challenges?namespace=${ns}`));
    const body = (await listed.json()) as ListResponse<AcmeChallengeRow>;
    expect(body.items).toEqual([
      expect.objectContaining({
        namespace: ns,
        name: "first-challenge",
        dnsName: "shop.example.test",
        type: "HTTP-01",
        wildcard: false,
      }),
    ]);
    expect(JSON.stringify(body)).not.toMatch(/not-for-the-browser/);
  });
});
