import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleFacts } from "@/lib/trust/bundle-facts";
import { buildTrustGraph, selectorMatches, trustNodeId } from "@/lib/trust/graph";
import { secretFactsFromData } from "@/lib/trust/secret-facts";
import type { IssuerFacts, TrustGraphInput } from "@/lib/trust/types";
import { EKU, makeLeaf, makeRoot, type TestCert } from "@/lib/x509/test-fixtures";
import { nextRotationName, planRotation, verifyRotationTrust, withProbes } from "./plan";
import {
  initialState,
  nextStep,
  previewStep,
  type RotationState,
  STEP_IDS,
  stepStatuses,
  undoableStep,
  withInLine,
} from "./steps";

// biome-ignore lint/suspicious/noExplicitAny: recorded API objects
type Any = any;

/**
 * The seeded scenario as the local plane served it (public certificates only), recorded by
 * `kubectl get -o json`; rebuilt into the trust model's facts here.
 */
const recorded: Any = JSON.parse(fs.readFileSync(path.join(__dirname, "recorded", "seeded.json"), "utf8"));
const NOW = new Date(recorded.recordedAt);

function recordedInput(): TrustGraphInput {
  return {
    secrets: recorded.secrets.map((s: Any) => secretFactsFromData(s.namespace, s.name, s.data, s.type)),
    certificates: recorded.certificates.map((c: Any) => ({
      namespace: c.metadata.namespace,
      name: c.metadata.name,
      issuerRef: c.spec.issuerRef,
      secretName: c.spec.secretName,
      isCA: c.spec.isCA === true,
      usages: c.spec.usages ?? [],
    })),
    issuers: recorded.issuers.map(
      (i: Any): IssuerFacts => ({
        kind: i.kind,
        ...(i.kind === "Issuer" ? { namespace: i.metadata.namespace } : {}),
        name: i.metadata.name,
        type: i.spec.ca ? "ca" : "selfSigned",
        ...(i.spec.ca ? { caSecret: { name: i.spec.ca.secretName } } : {}),
      }),
    ),
    apisixTls: recorded.apisixTls.map((t: Any) => ({
      namespace: t.metadata.namespace,
      name: t.metadata.name,
      hosts: t.spec.hosts,
      secret: t.spec.secret,
      ...(t.spec.client ? { client: { caSecret: t.spec.client.caSecret } } : {}),
    })),
    apisixUpstreams: [],
  };
}

const CA = { namespace: "tls", name: "selfsigned-ca" };

describe("planRotation on the recorded seeded PKI", () => {
  const input = recordedInput();
  const plan = planRotation(input, CA, { now: NOW });

  it("finds the CA, the one issuer signing with root-secret and the five leaves it signed", () => {
    expect(plan.ca.secretName).toBe("root-secret");
    expect(plan.ca.subject).toBe("CN=selfsigned-ca");
    expect(plan.issuers).toEqual([{ kind: "Issuer", namespace: "tls", name: "ca-issuer" }]);
    expect(plan.leaves.map((l) => l.name)).toEqual([
      "apisix-client",
      "apisix-server",
      "curl-client",
      "etcd-server",
      "upstream-server",
    ]);
    // Each leaf's certificate verifies against the CA (the trust graph's signature check).
    for (const l of plan.leaves) expect(l.signedBy, l.name).toBe(plan.ca.fingerprint);
    expect(plan.leaves.filter((l) => l.client).map((l) => l.name)).toEqual([
      "apisix-client",
      "curl-client",
      "etcd-server",
    ]);
  });

  it("names mtls-tls as the consumer that pins the CA's own Secret, and the leaf Secrets that carry it in ca.crt", () => {
    expect(plan.consumers).toHaveLength(1);
    expect(plan.consumers[0]).toMatchObject({
      namespace: "tls",
      name: "mtls-tls",
      reads: "ca-secret",
      caSecret: { namespace: "tls", name: "root-secret" },
      key: "tls.crt",
      trusted: [plan.ca.fingerprint],
    });
    expect(plan.trustHolders.map((r) => r.name)).toEqual(
      expect.arrayContaining(["apisix-client-secret", "curl-secret", "root-secret"]),
    );
    // The payments CA and its leaves are another CA's business.
    expect(plan.leaves.some((l) => l.namespace === "payments")).toBe(false);
    expect(plan.unmanaged).toEqual([]);
  });

  it("refuses a Certificate that is not a CA, and one that does not exist", () => {
    expect(() => planRotation(input, { namespace: "tls", name: "curl-client" }, { now: NOW })).toThrow(
      /not a CA/,
    );
    expect(() => planRotation(input, { namespace: "tls", name: "nope" }, { now: NOW })).toThrow(
      /does not exist/,
    );
  });

  it("gives a fresh state whose first step is issue-new and which cannot be undone yet", () => {
    const state = initialState(
      plan,
      { name: "selfsigned-ca-r2", secretName: "root-secret-r2" },
      "alice",
      NOW,
    );
    expect(nextStep(state)).toBe("issue-new");
    expect(undoableStep(state)).toBeUndefined();
    expect(state.consumers).toEqual([
      { namespace: "tls", name: "mtls-tls", caSecret: { namespace: "tls", name: "root-secret" } },
    ]);
    expect(state.bundle).toBe("trustdeck-tls-selfsigned-ca");
  });
});

describe("a rotation in flight (generated PKI, judged at each step)", () => {
  let oldCa: TestCert;
  let newCa: TestCert;
  let oldClient: TestCert;
  let newClient: TestCert;
  let server: TestCert;
  beforeAll(async () => {
    oldCa = await makeRoot("CN=shop-ca");
    newCa = await makeRoot("CN=shop-ca");
    oldClient = await makeLeaf(oldCa, "CN=client", { ekus: [EKU.client] });
    newClient = await makeLeaf(newCa, "CN=client", { ekus: [EKU.client] });
    server = await makeLeaf(oldCa, "CN=server", { ekus: [EKU.server], dnsNames: ["shop.local"] });
  });
  const b64 = (pem: string) => Buffer.from(pem).toString("base64");

  function world(opts: {
    clientFrom: "old" | "new";
    consumerReads: "ca" | "bundle";
    bundle: ("old" | "new")[];
  }) {
    const pemOf = (w: "old" | "new") => (w === "old" ? oldCa.pem : newCa.pem);
    const client = opts.clientFrom === "old" ? oldClient : newClient;
    const input: TrustGraphInput = {
      issuers: [
        { kind: "Issuer", namespace: "shop", name: "ca-issuer", type: "ca", caSecret: { name: "ca-secret" } },
      ],
      certificates: [
        {
          namespace: "shop",
          name: "shop-ca",
          issuerRef: { name: "self", kind: "ClusterIssuer" },
          secretName: "ca-secret",
          isCA: true,
          usages: [],
        },
        {
          namespace: "shop",
          name: "shop-ca-r2",
          issuerRef: { name: "self", kind: "ClusterIssuer" },
          secretName: "ca-secret-r2",
          isCA: true,
          usages: [],
        },
        {
          namespace: "shop",
          name: "client",
          issuerRef: { name: "ca-issuer", kind: "Issuer" },
          secretName: "client-tls",
          isCA: false,
          usages: ["client auth"],
        },
        {
          namespace: "shop",
          name: "server",
          issuerRef: { name: "ca-issuer", kind: "Issuer" },
          secretName: "server-tls",
          isCA: false,
          usages: ["server auth"],
        },
      ],
      secrets: [
        secretFactsFromData("shop", "ca-secret", { "tls.crt": b64(oldCa.pem), "ca.crt": b64(oldCa.pem) }),
        secretFactsFromData("shop", "ca-secret-r2", { "tls.crt": b64(newCa.pem), "ca.crt": b64(newCa.pem) }),
        secretFactsFromData("shop", "client-tls", {
          "tls.crt": b64(client.pem),
          "ca.crt": b64(pemOf(opts.clientFrom)),
        }),
        secretFactsFromData("shop", "server-tls", { "tls.crt": b64(server.pem), "ca.crt": b64(oldCa.pem) }),
        secretFactsFromData(
          "shop",
          "trustdeck-shop-shop-ca",
          { "ca.crt": b64(opts.bundle.map(pemOf).join("")) },
          "Opaque",
        ),
      ],
      apisixTls: [
        {
          namespace: "shop",
          name: "shop-mtls",
          hosts: ["shop.local"],
          secret: { name: "server-tls" },
          client: {
            caSecret: {
              name: opts.consumerReads === "ca" ? "ca-secret" : "trustdeck-shop-shop-ca",
              namespace: "shop",
            },
          },
        },
      ],
      bundles: [
        bundleFacts({
          metadata: { name: "trustdeck-shop-shop-ca" },
          spec: {
            sources: opts.bundle.map((w) => ({ inLine: pemOf(w) })),
            target: {
              secret: { key: "ca.crt" },
              namespaceSelector: {
                matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["shop"] }],
              },
            },
          },
        }),
      ],
    };
    return input;
  }
  const fps = () => ({
    oldFingerprint: planRotation(
      world({ clientFrom: "old", consumerReads: "ca", bundle: [] }),
      { namespace: "shop", name: "shop-ca" },
      { now: new Date() },
    ).ca.fingerprint!,
    newFingerprint: planRotation(
      world({ clientFrom: "old", consumerReads: "ca", bundle: [] }),
      { namespace: "shop", name: "shop-ca-r2" },
      { now: new Date() },
    ).ca.fingerprint!,
  });
  const consumer = (reads: "ca" | "bundle") => [
    {
      namespace: "shop",
      name: "shop-mtls",
      caSecret: { namespace: "shop", name: reads === "ca" ? "ca-secret" : "trustdeck-shop-shop-ca" },
    },
  ];
  const leaves = [
    { namespace: "shop", name: "client" },
    { namespace: "shop", name: "server" },
  ];

  it("before distribution the pinned consumer trusts only the old CA: verify-both fails and says why", () => {
    const check = verifyRotationTrust(world({ clientFrom: "old", consumerReads: "ca", bundle: [] }), {
      ...fps(),
      consumers: consumer("ca"),
      leaves,
      expect: "both",
      now: new Date(),
    });
    expect(check.ok).toBe(false);
    expect(check.failures).toContain("ApisixTls shop/shop-mtls does not trust the new CA.");
    expect(check.consumers[0]).toMatchObject({ trustsOld: true, trustsNew: false });
  });

  it("through the Bundle with old + new, every client verifies: verify-both passes", () => {
    const input = world({ clientFrom: "old", consumerReads: "bundle", bundle: ["old", "new"] });
    const check = verifyRotationTrust(input, {
      ...fps(),
      consumers: consumer("bundle"),
      leaves,
      expect: "both",
      now: new Date(),
    });
    expect(check.failures).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.consumers[0]?.clients).toEqual([{ namespace: "shop", name: "client", valid: true }]);
    // The plan sees the consumer reading the Bundle now, and the graph draws Bundle -> target -> ApisixTls.
    const plan = planRotation(input, { namespace: "shop", name: "shop-ca" }, { now: new Date() });
    expect(plan.consumers[0]).toMatchObject({ reads: "bundle", bundle: "trustdeck-shop-shop-ca" });
    expect(plan.bundles).toEqual(["trustdeck-shop-shop-ca"]);
    const graph = buildTrustGraph(input, { now: new Date() });
    const target = trustNodeId("secret", "shop", "trustdeck-shop-shop-ca");
    expect(graph.edges.map((e) => `${e.kind} ${e.from} ${e.to}`)).toEqual(
      expect.arrayContaining([
        `distributed-to ${trustNodeId("bundle", undefined, "trustdeck-shop-shop-ca")} ${target}`,
        `trusted-as-client-ca-by ${target} ${trustNodeId("apisix-tls", "shop", "shop-mtls")}`,
      ]),
    );
  });

  it("a consumer already reading another Bundle keeps reading it: the state names that Bundle, the rotation's own is not created", () => {
    const input = world({ clientFrom: "old", consumerReads: "bundle", bundle: ["old"] });
    const plan = planRotation(input, { namespace: "shop", name: "shop-ca" }, { now: new Date() });
    const state = initialState(plan, { name: "shop-ca-r2", secretName: "ca-secret-r2" }, "alice", new Date());
    expect(state.consumers).toEqual([
      {
        namespace: "shop",
        name: "shop-mtls",
        caSecret: { namespace: "shop", name: "trustdeck-shop-shop-ca" },
        bundle: "trustdeck-shop-shop-ca",
      },
    ]);
    expect(plan.warnings.join(" ")).not.toMatch(/points it at/);
  });

  it("the probe joins the verdict: a refused handshake fails verify-both, no endpoint means chains only", () => {
    const input = world({ clientFrom: "old", consumerReads: "bundle", bundle: ["old", "new"] });
    const check = verifyRotationTrust(input, {
      ...fps(),
      consumers: consumer("bundle"),
      leaves,
      expect: "both",
      now: new Date(),
    });
    const client = { namespace: "shop", name: "client" };

    const none = withProbes(check, {});
    expect(none.ok).toBe(true);
    expect(none.consumers[0]?.probe).toEqual({
      results: [],
      words: ["no endpoint known — chain check only"],
      ok: true,
    });

    const accepted = withProbes(check, {
      "shop/shop-mtls": {
        endpoint: "127.0.0.1:9443",
        outcomes: [
          { client, ok: true, summary: "requires a client certificate and accepts the chosen one." },
        ],
      },
    });
    expect(accepted.ok).toBe(true);
    expect(accepted.consumers[0]?.probe?.words).toEqual([
      "probe 127.0.0.1:9443: handshake ok with a client cert from the old CA (shop/client)",
    ]);
    expect(accepted.consumers[0]?.probe?.results[0]?.clientFrom).toBe("old");

    // Chains say yes, the live endpoint says no (e.g. APISIX has not reloaded the CA Secret yet).
    const refused = withProbes(check, {
      "shop/shop-mtls": {
        endpoint: "127.0.0.1:9443",
        outcomes: [{ client, ok: false, summary: "127.0.0.1:9443 turns the chosen client certificate away" }],
      },
    });
    expect(refused.ok).toBe(false);
    expect(refused.consumers[0]?.ok).toBe(false);
    expect(refused.failures).toEqual([
      "ApisixTls shop/shop-mtls at 127.0.0.1:9443 refused shop/client (from the old CA): 127.0.0.1:9443 turns the chosen client certificate away",
    ]);

    // After the re-issue the same client is the new CA's.
    const after = verifyRotationTrust(
      world({ clientFrom: "new", consumerReads: "bundle", bundle: ["old", "new"] }),
      { ...fps(), consumers: consumer("bundle"), leaves: [client], expect: "new", now: new Date() },
    );
    const probed = withProbes(after, {
      "shop/shop-mtls": { endpoint: "127.0.0.1:9443", outcomes: [{ client, ok: true, summary: "ok" }] },
    });
    expect(probed.ok).toBe(true);
    expect(probed.consumers[0]?.probe?.words[0]).toContain("from the new CA (shop/client)");
  });

  it("verify-new fails while a leaf is still signed by the old CA, and passes once re-issued", () => {
    const before = verifyRotationTrust(
      world({ clientFrom: "old", consumerReads: "bundle", bundle: ["old", "new"] }),
      {
        ...fps(),
        consumers: consumer("bundle"),
        leaves,
        expect: "new",
        now: new Date(),
      },
    );
    expect(before.ok).toBe(false);
    expect(before.leaves).toEqual([
      { namespace: "shop", name: "client", signedBy: "old" },
      { namespace: "shop", name: "server", signedBy: "old" },
    ]);
    const after = verifyRotationTrust(
      world({ clientFrom: "new", consumerReads: "bundle", bundle: ["new"] }),
      {
        ...fps(),
        consumers: consumer("bundle"),
        leaves: [{ namespace: "shop", name: "client" }],
        expect: "new",
        now: new Date(),
      },
    );
    expect(after.failures).toEqual([]);
    expect(after.ok).toBe(true);
  });

  it("with the old CA removed too early, a client still signed by it would be refused", () => {
    const check = verifyRotationTrust(
      world({ clientFrom: "old", consumerReads: "bundle", bundle: ["new"] }),
      {
        ...fps(),
        consumers: consumer("bundle"),
        leaves: [{ namespace: "shop", name: "client" }],
        expect: "new",
        now: new Date(),
      },
    );
    expect(check.ok).toBe(false);
    expect(
      check.failures.some((f) => f.startsWith("ApisixTls shop/shop-mtls would refuse shop/client")),
    ).toBe(true);
  });
});

describe("the steps", () => {
  const base: RotationState = {
    ca: { namespace: "tls", name: "selfsigned-ca", secretName: "root-secret" },
    newCa: { name: "selfsigned-ca-r2", secretName: "root-secret-r2" },
    bundle: "trustdeck-tls-selfsigned-ca",
    consumers: [{ namespace: "tls", name: "mtls-tls", caSecret: { namespace: "tls", name: "root-secret" } }],
    issuers: [{ kind: "Issuer", namespace: "tls", name: "ca-issuer" }],
    leaves: [{ namespace: "tls", name: "curl-client" }],
    startedBy: "alice",
    startedAt: "2026-11-30T10:00:00Z",
    steps: {},
  };
  const done = (n: number): RotationState => ({
    ...base,
    steps: Object.fromEntries(
      STEP_IDS.slice(0, n).map((id) => [id, { status: "done", who: "alice", at: "t" }]),
    ),
  });

  it("go in order; only the last done step can be undone, and never retire", () => {
    expect(stepStatuses(done(2))).toMatchObject({
      "issue-new": "done",
      distribute: "done",
      "verify-both": "next",
      reissue: "waiting",
    });
    expect(undoableStep(done(2))).toBe("distribute");
    expect(nextStep(done(7))).toBeUndefined();
    expect(undoableStep(done(7))).toBeUndefined();
    expect(undoableStep(done(6))).toBe("remove-old");
    // An undone step is next again.
    const undone = done(2);
    undone.steps.distribute = { status: "undone", who: "bob", at: "t" };
    expect(nextStep(undone)).toBe("distribute");
  });

  it("preview the exact objects: the new CA copies the old spec under new names", () => {
    const p = previewStep(base, "issue-new", "apply", {
      spec: {
        commonName: "selfsigned-ca",
        duration: "8760h",
        secretName: "root-secret",
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
      },
    });
    expect(p.writes).toHaveLength(1);
    expect(p.writes[0]?.body).toEqual({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        name: "selfsigned-ca-r2",
        namespace: "tls",
        labels: { "trustdeck.io/rotation-of": "selfsigned-ca" },
      },
      spec: {
        commonName: "selfsigned-ca",
        duration: "8760h",
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { name: "selfsigned-issuer", kind: "ClusterIssuer" },
        isCA: true,
        secretName: "root-secret-r2",
      },
    });
  });

  it("distribute creates the Bundle before repointing the consumer, and its undo reverses that order", () => {
    const apply = previewStep(base, "distribute", "apply", { oldPem: "OLD", newPem: "NEW" });
    expect(apply.writes.map((w) => `${w.action} ${w.kind}`)).toEqual([
      "create Bundle",
      "wait Secret",
      "update-spec ApisixTls",
    ]);
    expect((apply.writes[0]!.body as Any).spec).toEqual({
      sources: [{ inLine: "OLD" }, { inLine: "NEW" }],
      target: {
        secret: { key: "ca.crt" },
        namespaceSelector: {
          matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["tls"] }],
        },
      },
    });
    expect(apply.writes[2]?.body).toEqual({
      client: { caSecret: { name: "trustdeck-tls-selfsigned-ca", namespace: "tls" } },
    });
    const undo = previewStep(base, "distribute", "undo", { oldPem: "OLD", newPem: "NEW" });
    expect(undo.writes.map((w) => `${w.action} ${w.kind}`)).toEqual([
      "update-spec ApisixTls",
      "delete Bundle",
    ]);
    expect(undo.writes[0]?.body).toEqual({ client: { caSecret: { namespace: "tls", name: "root-secret" } } });
  });

  it("a consumer reading another Bundle: distribute adds the new CA to that Bundle's sources, undo takes exactly it back", () => {
    const reader: RotationState = {
      ...base,
      consumers: [
        ...base.consumers,
        {
          namespace: "shop",
          name: "shop-mtls",
          caSecret: { namespace: "shop", name: "shop-trust" },
          bundle: "shop-trust",
        },
      ],
    };
    const sources = {
      "shop-trust": [{ configMap: { name: "corp-roots", key: "ca.crt" } }, { inLine: "OLD" }],
    };
    const apply = previewStep(reader, "distribute", "apply", {
      oldPem: "OLD",
      newPem: "NEW",
      bundleSources: sources,
    });
    expect(apply.writes.map((w) => `${w.action} ${w.kind} ${w.name}`)).toEqual([
      "create Bundle trustdeck-tls-selfsigned-ca",
      "wait Secret trustdeck-tls-selfsigned-ca",
      "update-spec ApisixTls mtls-tls",
      "merge-patch Bundle shop-trust",
      "wait Secret shop-trust",
    ]);
    // Only the repointed consumer's namespace gets the rotation's own Bundle.
    expect((apply.writes[0]!.body as Any).spec.target.namespaceSelector.matchExpressions[0].values).toEqual([
      "tls",
    ]);
    expect(apply.writes[3]?.body).toEqual({
      spec: {
        sources: [{ configMap: { name: "corp-roots", key: "ca.crt" } }, { inLine: "OLD" }, { inLine: "NEW" }],
      },
    });
    expect(apply.writes[3]?.note).toContain("ApisixTls shop/shop-mtls");
    // Sources that could not be read (e.g. RBAC) are never guessed: no body, and the note says why.
    const blind = previewStep(reader, "distribute", "apply", { oldPem: "OLD", newPem: "NEW" }).writes[3];
    expect(blind?.body).toBeUndefined();
    expect(blind?.note).toContain("could not be read");
    const withNew = { "shop-trust": [...sources["shop-trust"], { inLine: "NEW\n" }] };
    const undo = previewStep(reader, "distribute", "undo", {
      oldPem: "OLD",
      newPem: "NEW",
      bundleSources: withNew,
    });
    expect(undo.writes.map((w) => `${w.action} ${w.kind} ${w.name}`)).toEqual([
      "update-spec ApisixTls mtls-tls",
      "delete Bundle trustdeck-tls-selfsigned-ca",
      "merge-patch Bundle shop-trust",
    ]);
    expect(undo.writes[2]?.body).toEqual({ spec: { sources: sources["shop-trust"] } });
    // Adding twice does not duplicate; remove-old leaves the reader's own Bundle alone, and says so.
    expect(withInLine(withNew["shop-trust"], "NEW")).toHaveLength(3);
    const removeOld = previewStep(reader, "remove-old", "apply", { oldPem: "OLD", newPem: "NEW" });
    expect(removeOld.writes.map((w) => `${w.action} ${w.kind} ${w.name}`)).toEqual([
      "merge-patch Bundle trustdeck-tls-selfsigned-ca",
      "check Bundle shop-trust",
    ]);
    // With only Bundle readers, the rotation creates no Bundle of its own.
    const only: RotationState = { ...reader, consumers: reader.consumers.slice(1) };
    expect(
      previewStep(only, "distribute", "apply", {
        oldPem: "OLD",
        newPem: "NEW",
        bundleSources: sources,
      }).writes.map((w) => `${w.action} ${w.kind}`),
    ).toEqual(["merge-patch Bundle", "wait Secret"]);
    expect(previewStep(only, "remove-old", "undo", { oldPem: "OLD", newPem: "NEW" }).writes).toEqual([]);
  });

  it("re-issue switches the issuers to the new CA's Secret, then renews each leaf; remove-old keeps the new CA only", () => {
    const r = previewStep(base, "reissue", "apply", {});
    expect(r.writes.map((w) => `${w.action} ${w.kind} ${w.name}`)).toEqual([
      "merge-patch Issuer ca-issuer",
      "renew Certificate curl-client",
    ]);
    expect(r.writes[0]?.body).toEqual({ spec: { ca: { secretName: "root-secret-r2" } } });
    expect(
      previewStep(base, "remove-old", "apply", { oldPem: "OLD", newPem: "NEW" }).writes[0]?.body,
    ).toEqual({
      spec: { sources: [{ inLine: "NEW" }] },
    });
    expect(() => previewStep(base, "retire", "undo", {})).toThrow(/cannot be undone/);
  });
});

describe("names and selectors", () => {
  it("numbers the next CA", () => {
    expect(nextRotationName("selfsigned-ca")).toBe("selfsigned-ca-r2");
    expect(nextRotationName("selfsigned-ca-r2")).toBe("selfsigned-ca-r3");
  });

  it("matches namespace selectors as Kubernetes does", () => {
    const labels = { "kubernetes.io/metadata.name": "tls", team: "a" };
    expect(selectorMatches(undefined, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { team: "a" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { team: "b" } }, labels)).toBe(false);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["tls", "x"] }] },
        labels,
      ),
    ).toBe(true);
    expect(
      selectorMatches({ matchExpressions: [{ key: "team", operator: "NotIn", values: ["a"] }] }, labels),
    ).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "env", operator: "DoesNotExist" }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: "env", operator: "Exists" }] }, labels)).toBe(false);
  });
});
