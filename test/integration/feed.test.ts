import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { certificateFeedJson } from "@/lib/inventory/feed-service";
import { applyFeed, type CertificateFeedDto, type FeedState, rowKey } from "@/lib/inventory/row-feed";
import { CertificateRowIndex } from "@/lib/inventory/row-index";
import { resetKubeConfigCache } from "@/lib/k8s/config";
import { applyJson, KUBECONFIG, kubectl } from "./helpers/kubectl";

// The certificate feed (every row, then deltas) against the real API server; the oracle is kubectl.
const ADMIN = "trustdeck-admin";
// Per run: the local plane has no namespace garbage collector, so a deleted namespace keeps its objects.
const NS = `feed-it-${Date.now().toString(36)}`;
const COUNT = 24;

const feed = async (since?: string): Promise<CertificateFeedDto> =>
  JSON.parse(await certificateFeedJson({ context: ADMIN, person: "it", since }));
const kubectlKeys = (): string[] =>
  (
    JSON.parse(kubectl(["get", "certificates", "-A", "-o", "json"])).items as {
      metadata: { namespace: string; name: string };
    }[]
  )
    .map((c) => `${c.metadata.namespace}/${c.metadata.name}`)
    .sort();

function certificate(name: string) {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: NS },
    // An issuer that does not exist: the Certificate stays as created (nothing issues it).
    spec: {
      secretName: `${name}-tls`,
      dnsNames: [`${name}.feed.test`],
      issuerRef: { name: "no-such-issuer" },
    },
  };
}

beforeAll(() => {
  process.env.TRUSTDECK_KUBECONFIG = KUBECONFIG;
  delete process.env.TRUSTDECK_CONTEXT;
  resetEnvCache();
  resetKubeConfigCache();
  applyJson({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  for (let i = 0; i < COUNT; i++) applyJson(certificate(`c-${String(i).padStart(2, "0")}`));
});

afterAll(() => {
  // Objects first (nothing collects a namespace's contents here), so later tests see no leftovers.
  kubectl(["delete", "certificates", "--all", "-n", NS, "--ignore-not-found"]);
  kubectl(["delete", "namespace", NS, "--wait=false", "--ignore-not-found"]);
});

describe("certificate feed against the local control plane", () => {
  it("sends every Certificate kubectl sees, then only the change, and the browser's copy ends equal", async () => {
    const first = await feed();
    expect(first.full).toBe(true);
    let held: FeedState = applyFeed(undefined, first);
    expect(held.rows.map(rowKey).sort()).toEqual(kubectlKeys());
    expect(held.rows.filter((r) => r.namespace === NS)).toHaveLength(COUNT);

    applyJson(certificate("added"));
    kubectl(["delete", "certificate", "-n", NS, "c-03"]);
    let delta: CertificateFeedDto | undefined;
    for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      const d = await feed(held.version);
      if (d.removed.includes(`${NS}/c-03`) && d.rows.rows.length > 0) {
        delta = d;
        break;
      }
    }
    if (!delta) throw new Error("no delta with the change within 30 s");
    expect(delta.full).toBe(false);
    // Only the changed rows travel, not the whole list.
    expect(delta.rows.rows.length).toBeLessThan(held.rows.length);
    held = applyFeed(held, delta);
    expect(held.rows.map(rowKey).sort()).toEqual(kubectlKeys());

    // The browser's index answers a namespace filter and a search over what it holds.
    const index = new CertificateRowIndex(held.rows);
    expect(index.query({ namespace: NS }).total).toBe(COUNT);
    expect(index.query({ q: "added.feed" }).items.map(rowKey)).toEqual([`${NS}/added`]);
  });
});
